package dev.modelyard.cli;

import static dev.modelyard.cli.GovernanceFixtures.assertRefused;
import static dev.modelyard.cli.GovernanceFixtures.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.CreateReleaseRequest;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ReviewRequest;
import dev.modelyard.api.SubmitRequest;
import dev.modelyard.client.MemberRole;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.UploadProgressListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live deployment driven from the command line against the real server: deploy a tracked tag,
 * predict, follow a tag move, roll back, stop and start, and call it with an API key until the key
 * is revoked.
 */
class DeploymentCliIT {
    /** The 13 features of the first row of the wine data set, in the model's order. */
    static final String[] FEATURES = {
        "alcohol",
        "malic_acid",
        "ash",
        "alcalinity_of_ash",
        "magnesium",
        "total_phenols",
        "flavanoids",
        "nonflavanoid_phenols",
        "proanthocyanins",
        "color_intensity",
        "hue",
        "od280_od315_of_diluted_wines",
        "proline"
    };

    static final double[] WINE_ROW = {14.23, 1.71, 2.43, 15.6, 127, 2.8, 3.06, 0.28, 2.29, 5.64, 1.04, 3.92, 1065};

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void aTrackedDeploymentServesFollowsRollsBackAndHonoursItsKeys() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            String url = server.baseUri().toString();
            ModelyardClient admin = server.clientFor(server.adminToken());
            String aliceToken =
                    admin.createUser("alice", Optional.empty(), false).secret();
            String bobToken = admin.createUser("bob", Optional.empty(), false).secret();
            admin.createProject("winery", "Wine models");
            admin.putMember("winery", "alice", MemberRole.EDITOR);
            admin.putMember("winery", "bob", MemberRole.EDITOR);
            releaseTwoVersions(
                    server.clientFor(aliceToken),
                    server.clientFor(bobToken),
                    EmbeddedServer.fixture("wine_mlp.onnx", work));
            admin.putTag("winery", "cultivar", "Production", "1.0.0");
            CliRunner alice = login(url, "alice", aliceToken);

            // deploy: waits until ready, then says what serves and where
            CliRunner.Result deployed = assertSucceeded(
                    alice.run("deploy", "winery", "cultivar-live", "--objective", "cultivar", "--track", "Production"));
            assertThat(deployed.out())
                    .startsWith("Deployed cultivar-live: tracks tag Production of objective cultivar, access"
                            + " project.\n")
                    .containsPattern("Status:\\s+ready\n")
                    .containsPattern("Release:\\s+1\\.0\\.0\n")
                    .contains(url + "/v2/models/cultivar-live/infer")
                    .contains(url + "/api/v1/deployments/cultivar-live/predict");

            // predict: three probabilities from release 1.0.0
            CliRunner.Result predicted =
                    assertSucceeded(alice.run("predict", "cultivar-live", "--instance", instance()));
            assertThat(predicted.out())
                    .startsWith("cultivar-live answered with release 1.0.0 (request ")
                    .containsPattern("INSTANCE\\s+PREDICTION\n0\\s+\\[[-0-9.eE]+, [-0-9.eE]+, [-0-9.eE]+]\n");
            JsonNode answer = predictJson(alice, "cultivar-live");
            assertThat(answer.path("predictions").get(0)).hasSize(3);
            assertThat(answer.path("predictions").get(0).get(0).asDouble()).isGreaterThan(0.89);
            assertThat(answer.path("release").asText()).isEqualTo("1.0.0");
            assertThat(answer.path("request_uuid").asText()).isNotBlank();

            // the same row as an OIP request, and from a CSV file
            Path request = Files.writeString(work.resolve("request.json"), oipRequest());
            assertThat(assertSucceeded(alice.run("infer", "cultivar-live", "--data", request.toString()))
                            .out())
                    .startsWith("cultivar-live answered with release 1.0.0 (id ")
                    .containsPattern("probabilities\\s+FP32\\s+\\[1, 3]\\s+\\[0\\.9");
            Path csv = Files.writeString(work.resolve("rows.csv"), csv());
            JsonNode fromCsv = json.readTree(
                    assertSucceeded(alice.run("predict", "cultivar-live", "--csv", csv.toString(), "--output", "json"))
                            .out());
            assertThat(fromCsv.path("predictions")).hasSize(2);

            // a missing feature is named
            assertThat(assertRefused(
                                    alice.run("predict", "cultivar-live", "--instance", "{\"alcohol\": 13.2}"),
                                    "INVALID_REQUEST")
                            .err())
                    .contains("malic_acid");

            // the tag moves: the deployment follows within seconds
            long moved = System.nanoTime();
            admin.putTag("winery", "cultivar", "Production", "1.1.0");
            String release = "1.0.0";
            while (!release.equals("1.1.0")
                    && System.nanoTime() - moved < Duration.ofSeconds(10).toNanos()) {
                release = predictJson(alice, "cultivar-live").path("release").asText();
            }
            assertThat(release).isEqualTo("1.1.0");
            assertThat(Duration.ofNanos(System.nanoTime() - moved)).isLessThan(Duration.ofSeconds(5));
            assertThat(assertSucceeded(alice.run("deployments", "show", "winery", "cultivar-live"))
                            .out())
                    .containsPattern("Status:\\s+ready\n")
                    .containsPattern("Release:\\s+1\\.1\\.0\n")
                    .containsPattern("Target release:\\s+1\\.1\\.0\n")
                    .containsPattern("Loaded releases:\\s+.*1\\.0\\.0 \\(loaded\\)")
                    .contains("/v2/models/cultivar-live/infer");
            assertThat(assertSucceeded(alice.run(
                                    "infer", "cultivar-live", "--data", request.toString(), "--release", "1.0.0"))
                            .out())
                    .startsWith("cultivar-live answered with release 1.0.0");

            // roll back to revision 1: pins the release that served then
            assertThat(assertSucceeded(alice.run("deployments", "rollback", "winery", "cultivar-live", "1"))
                            .out())
                    .startsWith("Rolled cultivar-live back to revision 1 as revision 2: pinned to release 1.0.0.")
                    .containsPattern("Release:\\s+1\\.0\\.0\n");
            assertThat(predictJson(alice, "cultivar-live").path("release").asText())
                    .isEqualTo("1.0.0");
            assertThat(assertSucceeded(alice.run("deployments", "revisions", "winery", "cultivar-live"))
                            .out())
                    .containsPattern("(?s)REVISION.*\n2\\s+\\S+\\s+alice\\s+pin 1\\.0\\.0\\s+1\\.0\\.0\\s+project\\s+"
                            + "running\\s+rollback to revision 1 \\(pin 1\\.0\\.0\\)\n"
                            + "1\\s+\\S+\\s+alice\\s+track Production\\s+1\\.0\\.0\\s+project\\s+running\\s+created:"
                            + " track Production\n");

            // stopped deployments answer 503; started again they serve
            assertSucceeded(alice.run("deployments", "stop", "winery", "cultivar-live"));
            assertRefused(alice.run("predict", "cultivar-live", "--instance", instance()), "UNAVAILABLE");
            assertSucceeded(alice.run("deployments", "start", "winery", "cultivar-live"));
            assertThat(assertSucceeded(alice.run(
                                    "deployments",
                                    "update",
                                    "winery",
                                    "cultivar-live",
                                    "--track",
                                    "Production",
                                    "--access",
                                    "instance",
                                    "--workers",
                                    "3"))
                            .out())
                    .containsPattern("Release:\\s+1\\.1\\.0\n");
            assertThat(assertSucceeded(alice.run("deployments", "list", "winery"))
                            .out())
                    .containsPattern(
                            "cultivar-live\\s+cultivar\\s+track Production\\s+instance\\s+ready\\s+1\\.1\\.0\\s+5");

            // an API key works on the instance-access deployment until it is revoked
            CliRunner anonymous = new CliRunner(Files.createDirectories(work.resolve("anonymous")));
            assertRefused(
                    anonymous.run("--url", url, "predict", "cultivar-live", "--instance", instance()),
                    "UNAUTHENTICATED");
            CliRunner.Result key = assertSucceeded(alice.run("keys", "create", "winery", "cultivar-live", "billing"));
            assertThat(key.out()).startsWith("Created API key billing (id ").contains("shown only this once");
            String secret = lastLine(key.out());
            assertThat(secret).startsWith("mydk_");
            JsonNode withKey = json.readTree(assertSucceeded(anonymous.run(
                            "--url",
                            url,
                            "predict",
                            "cultivar-live",
                            "--key",
                            secret,
                            "--instance",
                            instance(),
                            "--output",
                            "json"))
                    .out());
            assertThat(withKey.path("release").asText()).isEqualTo("1.1.0");
            assertThat(assertSucceeded(alice.run("keys", "list", "winery", "cultivar-live"))
                            .out())
                    .containsPattern("billing\\s+mydk_\\S+\\s+alice\\s+\\S+\\s+-\\s+active");
            assertThat(assertSucceeded(alice.run("keys", "revoke", "winery", "cultivar-live", "billing"))
                            .out())
                    .startsWith("Revoked API key billing (id ");
            // The serving side learns of the revocation through a refresh the revoke triggers; allow it
            // a moment (it is normally done before the next call).
            CliRunner.Result afterRevoke;
            long revoked = System.nanoTime();
            do {
                afterRevoke = anonymous.run(
                        "--url", url, "predict", "cultivar-live", "--key", secret, "--instance", instance());
            } while (afterRevoke.exitCode() == 0
                    && System.nanoTime() - revoked < Duration.ofSeconds(2).toNanos());
            assertThat(assertRefused(afterRevoke, "UNAUTHENTICATED").err()).contains("revoked");
            assertThat(assertSucceeded(alice.run("keys", "list", "winery", "cultivar-live"))
                            .out())
                    .contains("revoked ");
        }
    }

    /** Uploads the wine model twice, submits both, has bob approve, and releases them as 1.0.0 and 1.1.0. */
    static void releaseTwoVersions(ModelyardClient alice, ModelyardClient bob, Path model) {
        alice.createModel("winery", "wine-mlp", "Wine cultivar MLP");
        alice.createObjective(
                "winery",
                new CreateObjectiveRequest(
                        "cultivar",
                        "Which of three cultivars a wine comes from",
                        "multiclass_classification",
                        "cultivar",
                        List.of(new MetricSpec("accuracy", null, null)),
                        null,
                        null,
                        null,
                        null,
                        null));
        for (int version = 1; version <= 2; version++) {
            alice.uploadModelVersion("winery", "wine-mlp", model, Optional.empty(), UploadProgressListener.none());
            int submission = alice.submit("winery", "cultivar", new SubmitRequest("wine-mlp", version, Map.of(), null))
                    .number();
            bob.review("winery", "cultivar", submission, new ReviewRequest("approve", null, null));
            alice.createRelease(
                    "winery",
                    "cultivar",
                    new CreateReleaseRequest(submission, "1." + (version - 1) + ".0", null, null));
        }
    }

    private JsonNode predictJson(CliRunner cli, String deployment) throws Exception {
        return json.readTree(
                assertSucceeded(cli.run("predict", deployment, "--instance", instance(), "--output", "json"))
                        .out());
    }

    private CliRunner login(String url, String user, String token) throws Exception {
        CliRunner cli = new CliRunner(Files.createDirectories(work.resolve("config-" + user)));
        assertSucceeded(cli.run("login", "--url", url, "--token", token));
        return cli;
    }

    private static String lastLine(String text) {
        List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
        return lines.get(lines.size() - 1).strip();
    }

    static String instance() {
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < FEATURES.length; i++) {
            text.append(i == 0 ? "" : ", ")
                    .append('"')
                    .append(FEATURES[i])
                    .append("\": ")
                    .append(WINE_ROW[i]);
        }
        return text.append('}').toString();
    }

    static String oipRequest() {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < WINE_ROW.length; i++) {
            data.append(i == 0 ? "" : ", ").append(WINE_ROW[i]);
        }
        return "{\"id\": \"first-wine\", \"inputs\": [{\"name\": \"input\", \"shape\": [1, 13], \"datatype\": \"FP32\","
                + " \"data\": [" + data + "]}]}";
    }

    private static String csv() {
        StringBuilder text = new StringBuilder(String.join(",", FEATURES)).append('\n');
        for (int row = 0; row < 2; row++) {
            for (int i = 0; i < WINE_ROW.length; i++) {
                text.append(i == 0 ? "" : ",").append(WINE_ROW[i]);
            }
            text.append('\n');
        }
        return new String(text.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
