package dev.modelyard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.api.ApiKeyResponse;
import dev.modelyard.api.CreateApiKeyResponse;
import dev.modelyard.api.CreateDeploymentRequest;
import dev.modelyard.api.DeploymentResponse;
import dev.modelyard.api.ListApiKeysResponse;
import dev.modelyard.api.ListDeploymentRevisionsResponse;
import dev.modelyard.api.ListDeploymentsResponse;
import dev.modelyard.api.PinSpec;
import dev.modelyard.api.PredictResponse;
import dev.modelyard.api.ResourcesSpec;
import dev.modelyard.api.TrackSpec;
import dev.modelyard.api.UpdateDeploymentRequest;
import dev.modelyard.client.TestingApiServer.CannedResponse;
import dev.modelyard.client.TestingApiServer.ReceivedRequest;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The deployment, API key and inference methods against a canned server. */
class DeploymentClientTest {
    private static final String DEPLOYMENT =
            """
            {"id":"d1","project":"winery","name":"cultivar-live","objective":"cultivar",
             "track":{"tag":"Production"},"access":"project",
             "resources":{"workers":2,"queue_capacity":256,"timeout_ms":10000,"intra_op_threads":1,
                          "max_batch_size":1,"max_batch_delay_us":0},
             "stopped":false,"revision":1,"status":"ready","release":"1.0.0","target_release":"1.0.0",
             "loaded_releases":[{"release":"1.0.0","state":"loaded"}],
             "inference_url":"/v2/models/cultivar-live","predict_url":"/api/v1/deployments/cultivar-live/predict",
             "created_by":"alice","created_at":"2025-01-02T03:04:05Z","updated_at":"2025-01-02T03:04:05Z",
             "a_field_from_a_newer_server":1}""";
    private static final String KEY =
            """
            {"id":"k1","name":"billing","prefix":"mydk_abc","created_by":"alice",
             "created_at":"2025-01-02T03:04:05Z"}""";

    private TestingApiServer server;
    private ModelyardClient client;

    @BeforeEach
    void start() throws IOException {
        server = new TestingApiServer();
        client = ModelyardClient.builder()
                .baseUri(server.baseUri())
                .token("my-token")
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void createsADeploymentWithSnakeCaseResourcesAndReadsItsStatus() {
        server.answer("POST", "/api/v1/projects/winery/deployments", CannedResponse.json(201, DEPLOYMENT));

        DeploymentResponse created = client.createDeployment(
                "winery",
                new CreateDeploymentRequest(
                        "cultivar-live",
                        "cultivar",
                        new TrackSpec("Production"),
                        null,
                        "project",
                        new ResourcesSpec(4, 100, null, null, 8, 500L),
                        null));

        assertThat(created.status()).isEqualTo("ready");
        assertThat(created.targetRelease()).isEqualTo("1.0.0");
        assertThat(created.resources().queueCapacity()).isEqualTo(256);
        assertThat(created.loadedReleases()).extracting(r -> r.state()).containsExactly("loaded");
        ReceivedRequest request = server.lastRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer my-token");
        assertThat(request.bodyText())
                .isEqualTo("{\"name\":\"cultivar-live\",\"objective\":\"cultivar\",\"track\":{\"tag\":\"Production\"},"
                        + "\"access\":\"project\",\"resources\":{\"workers\":4,\"queue_capacity\":100,"
                        + "\"max_batch_size\":8,\"max_batch_delay_us\":500}}");
    }

    @Test
    void listsGetsUpdatesAndRollsBack() {
        server.answer(
                "GET",
                "/api/v1/projects/winery/deployments",
                CannedResponse.json(200, "{\"deployments\":[" + DEPLOYMENT + "],\"next_page_token\":\"n\"}"));
        server.answer("GET", "/api/v1/projects/winery/deployments/cultivar-live", CannedResponse.json(200, DEPLOYMENT));
        server.answer(
                "PATCH", "/api/v1/projects/winery/deployments/cultivar-live", CannedResponse.json(200, DEPLOYMENT));
        server.answer(
                "POST",
                "/api/v1/projects/winery/deployments/cultivar-live/revisions/2/rollback",
                CannedResponse.json(200, DEPLOYMENT));
        server.answer(
                "GET",
                "/api/v1/projects/winery/deployments/cultivar-live/revisions",
                CannedResponse.json(
                        200,
                        """
                        {"revisions":[{"number":2,"change":"track Production → pin 1.1.0","pin":{"release":"1.1.0"},
                          "access":"project","stopped":false,"release":"1.1.0","actor":"alice",
                          "at":"2025-01-02T03:04:05Z"}]}"""));

        ListDeploymentsResponse page =
                client.listDeployments("winery", PageOptions.firstPage().withMaxResults(5));
        assertThat(page.deployments()).extracting(DeploymentResponse::name).containsExactly("cultivar-live");
        assertThat(page.nextPageToken()).isEqualTo("n");
        assertThat(server.lastRequest().uri().getQuery()).isEqualTo("max_results=5");

        assertThat(client.getDeployment("winery", "cultivar-live").release()).isEqualTo("1.0.0");

        client.updateDeployment(
                "winery",
                "cultivar-live",
                new UpdateDeploymentRequest(null, new PinSpec("1.1.0"), null, null, true, null));
        assertThat(server.lastRequest().method()).isEqualTo("PATCH");
        assertThat(server.lastRequest().bodyText()).isEqualTo("{\"pin\":{\"release\":\"1.1.0\"},\"stopped\":true}");

        ListDeploymentRevisionsResponse revisions = client.listDeploymentRevisions("winery", "cultivar-live");
        assertThat(revisions.revisions().get(0).pin().release()).isEqualTo("1.1.0");
        assertThat(revisions.revisions().get(0).at()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));

        client.rollbackDeployment("winery", "cultivar-live", 2);
        assertThat(server.lastRequest().method()).isEqualTo("POST");
        assertThat(server.lastRequest().body()).isEmpty();
    }

    @Test
    void createsListsAndRevokesApiKeys() {
        server.answer(
                "POST",
                "/api/v1/projects/winery/deployments/cultivar-live/keys",
                CannedResponse.json(201, "{\"key\":" + KEY + ",\"secret\":\"mydk_secret\"}"));
        server.answer(
                "GET",
                "/api/v1/projects/winery/deployments/cultivar-live/keys",
                CannedResponse.json(200, "{\"keys\":[" + KEY + "]}"));
        server.answer(
                "DELETE",
                "/api/v1/projects/winery/deployments/cultivar-live/keys/k1",
                CannedResponse.json(200, KEY.replace("}", ",\"revoked_at\":\"2025-01-03T00:00:00Z\"}")));

        CreateApiKeyResponse created = client.createApiKey(
                "winery", "cultivar-live", "billing", Optional.of(Instant.parse("2030-01-01T00:00:00Z")));
        assertThat(created.secret()).isEqualTo("mydk_secret");
        assertThat(created.key().name()).isEqualTo("billing");
        assertThat(server.lastRequest().bodyText())
                .isEqualTo("{\"name\":\"billing\",\"expires_at\":\"2030-01-01T00:00:00Z\"}");

        ListApiKeysResponse keys = client.listApiKeys("winery", "cultivar-live");
        assertThat(keys.keys()).extracting(ApiKeyResponse::prefix).containsExactly("mydk_abc");

        ApiKeyResponse revoked = client.revokeApiKey("winery", "cultivar-live", "k1");
        assertThat(revoked.revokedAt()).isEqualTo(Instant.parse("2025-01-03T00:00:00Z"));
        assertThat(server.lastRequest().method()).isEqualTo("DELETE");
    }

    @Test
    void predictSendsTheTokenOrOnlyTheKey() {
        server.answer(
                "POST",
                "/api/v1/deployments/cultivar-live/predict",
                CannedResponse.json(
                        200, "{\"predictions\":[[0.9,0.05,0.05]],\"release\":\"1.0.0\",\"request_uuid\":\"r1\"}"));

        PredictResponse withToken = client.predict("cultivar-live", List.of(Map.of("alcohol", 13.2)), Optional.empty());
        ReceivedRequest first = server.lastRequest();
        PredictResponse withKey =
                client.predict("cultivar-live", List.of(Map.of("alcohol", 13.2)), Optional.of("mydk_secret"));
        ReceivedRequest second = server.lastRequest();

        assertThat(withToken.predictions()).hasSize(1);
        assertThat(withToken.release()).isEqualTo("1.0.0");
        assertThat(withKey.requestUuid()).isEqualTo("r1");
        assertThat(first.header("Authorization")).isEqualTo("Bearer my-token");
        assertThat(first.header("x-api-key")).isNull();
        assertThat(first.bodyText()).isEqualTo("{\"instances\":[{\"alcohol\":13.2}]}");
        assertThat(second.header("x-api-key")).isEqualTo("mydk_secret");
        assertThat(second.header("Authorization")).isNull();
    }

    @Test
    void predictWithoutATokenSendsNoCredentials() {
        server.answer(
                "POST",
                "/api/v1/deployments/open/predict",
                CannedResponse.json(200, "{\"predictions\":[1],\"release\":\"1.0.0\",\"request_uuid\":\"r1\"}"));
        ModelyardClient anonymous =
                ModelyardClient.builder().baseUri(server.baseUri()).build();

        anonymous.predict("open", List.of(Map.of("x", 1)), Optional.empty());

        assertThat(server.lastRequest().header("Authorization")).isNull();
        assertThat(server.lastRequest().header("x-api-key")).isNull();
    }

    @Test
    void inferPostsTheOipBodyAsIsAndReturnsTheRawAnswer() {
        String answer = "{\"model_name\":\"cultivar-live\",\"model_version\":\"1.0.0\",\"id\":\"a\",\"outputs\":[]}";
        server.answer("POST", "/v2/models/cultivar-live/infer", CannedResponse.json(200, answer));
        server.answer("POST", "/v2/models/cultivar-live/versions/1.0.0/infer", CannedResponse.json(200, answer));
        String body = "{\"inputs\":[{\"name\":\"input\",\"shape\":[1,1],\"datatype\":\"FP32\",\"data\":[1]}]}";

        assertThat(client.infer("cultivar-live", Optional.empty(), body)).isEqualTo(answer);
        assertThat(server.lastRequest().bodyText()).isEqualTo(body);
        assertThat(server.lastRequest().header("Authorization")).isEqualTo("Bearer my-token");
        assertThat(client.infer("cultivar-live", Optional.of("1.0.0"), body, Optional.of("mydk_k")))
                .isEqualTo(answer);
        assertThat(server.lastRequest().uri().getPath()).isEqualTo("/v2/models/cultivar-live/versions/1.0.0/infer");
        assertThat(server.lastRequest().header("x-api-key")).isEqualTo("mydk_k");
        assertThat(server.lastRequest().header("Authorization")).isNull();
    }

    @Test
    void anOipErrorBecomesAnExceptionWithItsMessageAndACodeFromTheStatus() {
        server.answer(
                "POST",
                "/v2/models/cultivar-live/infer",
                CannedResponse.json(401, "{\"error\":\"the API key is revoked or expired\"}"));

        assertThatThrownBy(() -> client.infer("cultivar-live", Optional.empty(), "{}"))
                .isInstanceOfSatisfying(ModelyardApiException.class, error -> {
                    assertThat(error.httpStatus()).isEqualTo(401);
                    assertThat(error.code()).isEqualTo("UNAUTHENTICATED");
                    assertThat(error.getMessage()).isEqualTo("the API key is revoked or expired");
                });
    }

    @Test
    void aPredictErrorKeepsTheServersCode() {
        server.answer(
                "POST",
                "/api/v1/deployments/cultivar-live/predict",
                CannedResponse.json(
                        400,
                        "{\"error\":{\"code\":\"INVALID_REQUEST\",\"message\":\"instance 0 lacks feature 'ash'\","
                                + "\"details\":{}}}"));

        assertThatThrownBy(() -> client.predict("cultivar-live", List.of(Map.of()), Optional.empty()))
                .isInstanceOfSatisfying(ModelyardApiException.class, error -> {
                    assertThat(error.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(error.getMessage()).contains("'ash'");
                });
    }
}
