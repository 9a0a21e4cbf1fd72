package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy, deployments, keys, predict and infer against a canned server. */
class DeploymentCommandLineTest {
    private static final String DEPLOYMENTS = "/api/v1/projects/winery/deployments";
    private static final String LIVE = DEPLOYMENTS + "/cultivar-live";

    @TempDir
    Path configDirectory;

    @TempDir
    Path work;

    private final ObjectMapper json = new ObjectMapper();
    private TestingApiServer server;
    private CliRunner cli;
    private String url;

    @BeforeEach
    void start() throws IOException {
        server = new TestingApiServer();
        url = server.baseUri().toString();
        cli = new CliRunner(configDirectory, Map.of("MODELYARD_URL", url, "MODELYARD_TOKEN", "alice-token"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String deployment(String status, String release, String targetRelease, String extra) {
        return "{\"id\":\"d1\",\"project\":\"winery\",\"name\":\"cultivar-live\",\"objective\":\"cultivar\","
                + "\"track\":{\"tag\":\"Production\"},\"access\":\"project\","
                + "\"resources\":{\"workers\":2,\"queue_capacity\":256,\"timeout_ms\":10000,\"intra_op_threads\":1,"
                + "\"max_batch_size\":1,\"max_batch_delay_us\":0},\"stopped\":false,\"revision\":1,"
                + "\"status\":\"" + status + "\""
                + (release == null ? "" : ",\"release\":\"" + release + "\"")
                + (targetRelease == null ? "" : ",\"target_release\":\"" + targetRelease + "\"")
                + ",\"inference_url\":\"/v2/models/cultivar-live\","
                + "\"predict_url\":\"/api/v1/deployments/cultivar-live/predict\",\"created_by\":\"alice\","
                + "\"created_at\":\"2025-01-02T03:04:05Z\",\"updated_at\":\"2025-01-02T03:04:05Z\"" + extra + "}";
    }

    @Test
    void deploySendsTheTargetAccessAndResourcesAndWaitsUntilReady() throws IOException {
        server.answer("POST", DEPLOYMENTS, 201, deployment("deploying", null, "1.0.0", ""));
        server.answer(
                "GET",
                LIVE,
                200,
                deployment(
                        "ready",
                        "1.0.0",
                        "1.0.0",
                        ",\"loaded_releases\":[{\"release\":\"1.0.0\",\"state\":\"loaded\"}]"));

        CliRunner.Result result = cli.run(
                "deploy",
                "winery",
                "cultivar-live",
                "--objective",
                "cultivar",
                "--track",
                "Production",
                "--access",
                "instance",
                "--workers",
                "4",
                "--max-batch-size",
                "8",
                "--max-batch-delay-us",
                "300");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .isEqualTo("Deployed cultivar-live: tracks tag Production of objective cultivar, access project.\n"
                        + "Status:           ready\n"
                        + "Release:          1.0.0\n"
                        + "Inference (OIP):  " + url + "/v2/models/cultivar-live/infer\n"
                        + "Predict (JSON):   " + url + "/api/v1/deployments/cultivar-live/predict\n");
        JsonNode sent = json.readTree(server.last("POST", DEPLOYMENTS).body());
        assertThat(sent.toString())
                .isEqualTo("{\"name\":\"cultivar-live\",\"objective\":\"cultivar\",\"track\":{\"tag\":\"Production\"},"
                        + "\"access\":\"instance\",\"resources\":{\"workers\":4,\"max_batch_size\":8,"
                        + "\"max_batch_delay_us\":300}}");
    }

    @Test
    void deployWithNoWaitReturnsTheCreatedDeploymentAtOnce() {
        server.answer(
                "POST", DEPLOYMENTS, 201, deployment("deploying", null, "1.0.0", ",\"status_reason\":\"waiting\""));

        CliRunner.Result result =
                cli.run("deploy", "winery", "cultivar-live", "--objective", "cultivar", "--pin", "1.0.0", "--no-wait");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).containsPattern("Status:\\s+deploying \\(waiting\\)\n");
        assertThat(server.received())
                .extracting(TestingApiServer.Received::method)
                .containsExactly("POST");
        assertThat(server.last("POST", DEPLOYMENTS).body()).contains("\"pin\":{\"release\":\"1.0.0\"}");
    }

    @Test
    void deployPrintsTheReasonWhenTheReleaseFailsToLoad() {
        server.answer("POST", DEPLOYMENTS, 201, deployment("deploying", null, "1.0.0", ""));
        server.answer(
                "GET",
                LIVE,
                200,
                deployment(
                        "failed",
                        null,
                        "1.0.0",
                        ",\"status_reason\":\"the model did not load\",\"loaded_releases\":[{\"release\":\"1.0.0\","
                                + "\"state\":\"failed\",\"reason\":\"ONNX Runtime: invalid protobuf\"}]"));

        CliRunner.Result result =
                cli.run("deploy", "winery", "cultivar-live", "--objective", "cultivar", "--track", "Production");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err())
                .isEqualTo("error: deployment 'cultivar-live' could not serve release 1.0.0: ONNX Runtime: invalid"
                        + " protobuf (DEPLOYMENT_FAILED)\n");
    }

    @Test
    void deployGivesUpAfterTheWaitTimeoutSayingWhereItStands() {
        server.answer("POST", DEPLOYMENTS, 201, deployment("deploying", null, "1.0.0", ""));
        server.answer(
                "GET",
                LIVE,
                200,
                deployment("deploying", null, "1.0.0", ",\"status_reason\":\"waiting to be loaded\""));

        CliRunner.Result result = cli.run(
                "deploy",
                "winery",
                "cultivar-live",
                "--objective",
                "cultivar",
                "--track",
                "Production",
                "--wait",
                "--wait-timeout",
                "1");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .startsWith("error: deployment 'cultivar-live' is not ready after 1 s (status deploying (waiting to be"
                        + " loaded))")
                .contains("modelyard deployments show winery cultivar-live")
                .endsWith("(DEPLOYMENT_TIMEOUT)\n");
    }

    @Test
    void deployWarnsWhenTheTagIsOnNoReleaseYet() {
        server.answer("POST", DEPLOYMENTS, 201, deployment("deploying", null, null, ""));

        CliRunner.Result result =
                cli.run("deploy", "winery", "cultivar-live", "--objective", "cultivar", "--track", "Production");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.err())
                .isEqualTo("warning: no release of objective cultivar is tagged Production yet; cultivar-live starts"
                        + " serving when one is.\n");
    }

    @Test
    void deployNeedsExactlyOneOfTrackAndPin() {
        assertThat(cli.run("deploy", "winery", "x", "--objective", "o").exitCode())
                .isEqualTo(2);
        CliRunner.Result both =
                cli.run("deploy", "winery", "x", "--objective", "o", "--track", "Production", "--pin", "1.0.0");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(cli.run("deploy", "winery", "x", "--objective", "o", "--pin", "1", "--access", "world")
                        .exitCode())
                .isEqualTo(2);
        assertThat(server.received()).isEmpty();
    }

    @Test
    void updateStopStartAndRollbackSendTheirChanges() {
        server.answer("PATCH", LIVE, 200, deployment("ready", "1.0.0", "1.0.0", ""));
        server.answer("GET", LIVE, 200, deployment("ready", "1.0.0", "1.0.0", ""));
        server.answer("POST", LIVE + "/revisions/2/rollback", 200, deployment("ready", "1.0.0", "1.0.0", ""));

        assertThat(cli.run("deployments", "update", "winery", "cultivar-live", "--pin", "1.0.0", "--timeout-ms", "500")
                        .exitCode())
                .isZero();
        assertThat(server.last("PATCH", LIVE).body())
                .isEqualTo("{\"pin\":{\"release\":\"1.0.0\"},\"resources\":{\"timeout_ms\":500}}");
        assertThat(cli.run("deployments", "stop", "winery", "cultivar-live", "--no-wait")
                        .out())
                .startsWith("Stopped cultivar-live (revision 1)");
        assertThat(server.last("PATCH", LIVE).body()).isEqualTo("{\"stopped\":true}");
        assertThat(cli.run("deployments", "start", "winery", "cultivar-live").out())
                .startsWith("Started cultivar-live (revision 1).\n");
        assertThat(server.last("PATCH", LIVE).body()).isEqualTo("{\"stopped\":false}");
        assertThat(cli.run("deployments", "rollback", "winery", "cultivar-live", "2")
                        .out())
                .startsWith("Rolled cultivar-live back to revision 2 as revision 1: tracks tag Production.\n");
        CliRunner.Result nothing = cli.run("deployments", "update", "winery", "cultivar-live");
        assertThat(nothing.exitCode()).isEqualTo(2);
        assertThat(nothing.err()).contains("Say what to change");
    }

    @Test
    void showListsLoadedReleasesResourcesAndEndpoints() {
        server.answer(
                "GET",
                LIVE,
                200,
                deployment(
                        "ready",
                        "1.1.0",
                        "1.1.0",
                        ",\"loaded_releases\":[{\"release\":\"1.1.0\",\"state\":\"loaded\"},"
                                + "{\"release\":\"1.0.0\",\"state\":\"loaded\"}]"));

        CliRunner.Result result = cli.run("deployments", "show", "winery", "cultivar-live");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .containsPattern("Target:\\s+track Production\n")
                .containsPattern("Target release:\\s+1\\.1\\.0\n")
                .containsPattern("Loaded releases:\\s+1\\.1\\.0 \\(loaded\\), 1\\.0\\.0 \\(loaded\\)\n")
                .containsPattern("Resources:\\s+workers 2, queue capacity 256, timeout 10000 ms, intra-op threads 1,"
                        + " no micro-batching\n")
                .containsPattern("Inference \\(gRPC\\):\\s+127\\.0\\.0\\.1:\\d+ \\(inference\\.GRPCInferenceService,"
                        + " model_name cultivar-live\\)\n");
    }

    @Test
    void revisionsReadAsATable() {
        server.answer(
                "GET",
                LIVE + "/revisions",
                200,
                """
                {"revisions":[
                  {"number":2,"change":"rollback to revision 1 (pin 1.0.0)","pin":{"release":"1.0.0"},
                   "access":"project","stopped":false,"release":"1.0.0","actor":"alice","at":"2025-01-02T03:04:06Z"},
                  {"number":1,"change":"created: track Production","track":{"tag":"Production"},
                   "access":"project","stopped":false,"release":"1.0.0","actor":"alice","at":"2025-01-02T03:04:05Z"}]}""");

        CliRunner.Result result = cli.run("deployments", "revisions", "winery", "cultivar-live");

        assertThat(result.out())
                .isEqualTo(
                        """
                        REVISION  AT                    ACTOR  TARGET            RELEASE  ACCESS   STATE    CHANGE
                        2         2025-01-02T03:04:06Z  alice  pin 1.0.0         1.0.0    project  running  rollback to revision 1 (pin 1.0.0)
                        1         2025-01-02T03:04:05Z  alice  track Production  1.0.0    project  running  created: track Production
                        """);
    }

    @Test
    void keysRevokeTakesAnIdOrTheNameOfTheActiveKey() {
        server.answer(
                "GET",
                LIVE + "/keys",
                200,
                """
                {"keys":[
                  {"id":"k1","name":"billing","prefix":"mydk_a","created_by":"alice","created_at":"2025-01-02T03:04:05Z",
                   "revoked_at":"2025-01-03T00:00:00Z"},
                  {"id":"k2","name":"billing","prefix":"mydk_b","created_by":"alice","created_at":"2025-01-04T03:04:05Z"}]}""");
        server.answer(
                "DELETE",
                LIVE + "/keys/k2",
                200,
                "{\"id\":\"k2\",\"name\":\"billing\",\"prefix\":\"mydk_b\",\"created_by\":\"alice\","
                        + "\"created_at\":\"2025-01-04T03:04:05Z\",\"revoked_at\":\"2025-01-05T00:00:00Z\"}");

        CliRunner.Result byName = cli.run("keys", "revoke", "winery", "cultivar-live", "billing");

        assertThat(byName.exitCode()).as(byName.err()).isZero();
        assertThat(byName.out()).isEqualTo("Revoked API key billing (id k2) of deployment cultivar-live.\n");
        assertThat(cli.run("keys", "revoke", "winery", "cultivar-live", "k2").exitCode())
                .isZero();
        assertThat(server.last("DELETE", LIVE + "/keys/").pathAndQuery()).isEqualTo(LIVE + "/keys/k2");
        assertThat(cli.run("keys", "list", "winery", "cultivar-live").out())
                .containsPattern("k1\\s+billing\\s+mydk_a\\s+alice\\s+\\S+\\s+-\\s+revoked 2025-01-03T00:00:00Z\n")
                .containsPattern("k2\\s+billing\\s+mydk_b\\s+alice\\s+\\S+\\s+-\\s+active\n");
    }

    @Test
    void keysCreatePrintsTheSecretLast() {
        server.answer(
                "POST",
                LIVE + "/keys",
                201,
                "{\"key\":{\"id\":\"k1\",\"name\":\"billing\",\"prefix\":\"mydk_a\",\"created_by\":\"alice\","
                        + "\"created_at\":\"2025-01-02T03:04:05Z\"},\"secret\":\"mydk_secret\"}");

        CliRunner.Result result =
                cli.run("keys", "create", "winery", "cultivar-live", "billing", "--expires-at", "2030-01-01T00:00:00Z");

        assertThat(result.out())
                .isEqualTo("Created API key billing (id k1) for deployment cultivar-live.\n"
                        + "Its secret (shown only this once):\nmydk_secret\n");
        assertThat(server.last("POST", LIVE + "/keys").body())
                .isEqualTo("{\"name\":\"billing\",\"expires_at\":\"2030-01-01T00:00:00Z\"}");
    }

    @Test
    void predictReadsCsvRowsAndSendsTheKeyInsteadOfTheToken() throws IOException {
        server.answer(
                "POST",
                "/api/v1/deployments/cultivar-live/predict",
                200,
                "{\"predictions\":[[0.9,0.1],0.5],\"release\":\"1.0.0\",\"request_uuid\":\"r-1\"}");
        Path csv = Files.writeString(work.resolve("rows.csv"), "a,b,label\r\n1,2.5,\"x, y\"\r\n-3,,true\r\n");

        CliRunner.Result result = cli.run("predict", "cultivar-live", "--csv", csv.toString(), "--key", "mydk_secret");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        cultivar-live answered with release 1.0.0 (request r-1):
                        INSTANCE  PREDICTION
                        0         [0.9, 0.1]
                        1         0.5
                        """);
        TestingApiServer.Received request = server.last("POST", "/api/v1/deployments/cultivar-live/predict");
        assertThat(request.body())
                .isEqualTo("{\"instances\":[{\"a\":1,\"b\":2.5,\"label\":\"x, y\"},{\"a\":-3,\"label\":true}]}");
        assertThat(request.header("x-api-key")).isEqualTo("mydk_secret");
        assertThat(request.header("Authorization")).isNull();
    }

    @Test
    void predictTakesInstancesOrAJsonFileAndSendsTheTokenWithoutAKey() throws IOException {
        server.answer(
                "POST",
                "/api/v1/deployments/cultivar-live/predict",
                200,
                "{\"predictions\":[1,2],\"release\":\"1.0.0\",\"request_uuid\":\"r-1\"}");
        Path file = Files.writeString(work.resolve("rows.json"), "{\"instances\": [{\"a\": 1}, {\"a\": 2}]}");

        CliRunner.Result fromInstances =
                cli.run("predict", "cultivar-live", "--instance", "{\"a\": 1}", "--instance", "{\"a\": 2}");
        String sentFromInstances = server.last("POST", "/api/v1/deployments").body();
        CliRunner.Result fromFile = cli.run("--output", "json", "predict", "cultivar-live", "--file", file.toString());

        assertThat(fromInstances.exitCode()).as(fromInstances.err()).isZero();
        assertThat(sentFromInstances).isEqualTo("{\"instances\":[{\"a\":1},{\"a\":2}]}");
        assertThat(server.last("POST", "/api/v1/deployments").body()).isEqualTo(sentFromInstances);
        assertThat(server.last("POST", "/api/v1/deployments").header("Authorization"))
                .isEqualTo("Bearer alice-token");
        assertThat(json.readTree(fromFile.out()).path("request_uuid").asText()).isEqualTo("r-1");
    }

    @Test
    void predictNeedsRowsGivenOneWay() throws IOException {
        Path csv = Files.writeString(work.resolve("rows.csv"), "a\n1\n");

        assertThat(cli.run("predict", "cultivar-live").exitCode()).isEqualTo(2);
        CliRunner.Result both = cli.run("predict", "cultivar-live", "--instance", "{}", "--csv", csv.toString());
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(both.err()).contains("Give the rows one way");
        CliRunner.Result notJson = cli.run("predict", "cultivar-live", "--instance", "{a: 1");
        assertThat(notJson.exitCode()).isEqualTo(2);
        assertThat(notJson.err()).contains("--instance is not valid JSON");
        assertThat(cli.run(
                                "predict",
                                "cultivar-live",
                                "--file",
                                work.resolve("missing.json").toString())
                        .err())
                .contains("no such file");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void predictWorksWithoutALoginForPublicDeployments() {
        server.answer(
                "POST",
                "/api/v1/deployments/open/predict",
                200,
                "{\"predictions\":[1],\"release\":\"1.0.0\",\"request_uuid\":\"r-1\"}");
        CliRunner anonymous = new CliRunner(configDirectory);

        CliRunner.Result result = anonymous.run("--url", url, "predict", "open", "--instance", "{\"a\": 1}");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(server.last("POST", "/api/v1/deployments/open").header("Authorization"))
                .isNull();
    }

    @Test
    void inferPrintsTheOutputsAndPassesTheReleaseAndErrors() throws IOException {
        server.answer(
                "POST",
                "/v2/models/cultivar-live/versions/1.0.0/infer",
                200,
                "{\"model_name\":\"cultivar-live\",\"model_version\":\"1.0.0\",\"id\":\"a\","
                        + "\"parameters\":{\"request_uuid\":\"u\"},\"outputs\":[{\"name\":\"p\",\"datatype\":\"FP32\","
                        + "\"shape\":[2,5],\"data\":[1,2,3,4,5,6,7,8,9,10]}]}");
        server.answer("POST", "/v2/models/cultivar-live/infer", 404, "{\"error\":\"deployment 'x' does not exist\"}");
        Path request = Files.writeString(work.resolve("request.json"), "{\"inputs\": []}");

        CliRunner.Result result = cli.run("infer", "cultivar-live", "--data", request.toString(), "--release", "1.0.0");
        CliRunner.Result failed = cli.run("infer", "cultivar-live", "--data", request.toString());

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        cultivar-live answered with release 1.0.0 (id a, request u):
                        OUTPUT  DATATYPE  SHAPE   DATA
                        p       FP32      [2, 5]  [1, 2, 3, 4, 5, 6, 7, 8, …] (10 values)
                        """);
        assertThat(server.last("POST", "/v2/models").body()).isEqualTo("{\"inputs\": []}");
        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).isEqualTo("error: deployment 'x' does not exist (NOT_FOUND)\n");
    }

    @Test
    void csvCellsAreTyped() {
        assertThat(List.of("1", "-2", "2.5", ".5", "1e3", "true", "FALSE", "abc", "1.2.3"))
                .map(PredictCommand::value)
                .containsExactly(1L, -2L, 2.5, 0.5, 1000.0, true, false, "abc", "1.2.3");
        assertThat(Csv.parse("a,\"b \"\"c\"\"\",d\n1,2,3"))
                .containsExactly(List.of("a", "b \"c\"", "d"), List.of("1", "2", "3"));
    }
}
