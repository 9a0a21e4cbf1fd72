package dev.modelyard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.api.ListProjectsResponse;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.ProjectResponse;
import dev.modelyard.client.TestingApiServer.CannedResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelyardClientTest {
    @TempDir
    Path directory;

    private TestingApiServer server;
    private ModelyardClient client;

    @BeforeEach
    void startServer() throws IOException {
        server = new TestingApiServer();
        client = ModelyardClient.builder()
                .baseUri(server.baseUri())
                .token("my-secret-token")
                .build();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void sendsTheTokenAndSnakeCaseJsonAndReadsResponsesLeniently() {
        server.answer(
                "POST",
                "/api/v1/projects",
                CannedResponse.json(
                        201,
                        """
                        {"id":"p1","name":"fraud","description":"Fraud models","created_by":"admin",
                         "created_at":"2025-01-02T03:04:05Z","a_field_from_a_newer_server":true}"""));

        ProjectResponse project = client.createProject("fraud", "Fraud models");

        assertThat(project.name()).isEqualTo("fraud");
        assertThat(project.createdBy()).isEqualTo("admin");
        assertThat(project.createdAt()).isEqualTo(Instant.parse("2025-01-02T03:04:05Z"));
        TestingApiServer.ReceivedRequest request = server.lastRequest();
        assertThat(request.header("Authorization")).isEqualTo("Bearer my-secret-token");
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.bodyText()).isEqualTo("{\"name\":\"fraud\",\"description\":\"Fraud models\"}");
    }

    @Test
    void turnsTheErrorShapeIntoAnExceptionWithCodeMessageAndDetails() {
        server.answer(
                "GET",
                "/api/v1/projects/fraud/models/wine",
                CannedResponse.json(
                        404,
                        """
                        {"error":{"code":"MODEL_NOT_FOUND","message":"model 'wine' does not exist",
                         "details":{"model":"wine"}}}"""));

        assertThatThrownBy(() -> client.getModel("fraud", "wine"))
                .isInstanceOfSatisfying(ModelyardApiException.class, error -> {
                    assertThat(error.httpStatus()).isEqualTo(404);
                    assertThat(error.code()).isEqualTo("MODEL_NOT_FOUND");
                    assertThat(error.getMessage()).isEqualTo("model 'wine' does not exist");
                    assertThat(error.details()).containsEntry("model", "wine");
                });
    }

    @Test
    void fallsBackToACodeFromTheStatusWhenTheErrorBodyIsNotJson() {
        server.answer(
                "GET",
                "/api/v1/users/me",
                new CannedResponse(
                        502,
                        Map.of("Content-Type", "text/html"),
                        "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> client.me()).isInstanceOfSatisfying(ModelyardApiException.class, error -> {
            assertThat(error.httpStatus()).isEqualTo(502);
            assertThat(error.code()).isEqualTo("UNAVAILABLE");
            assertThat(error.getMessage()).contains("502").contains("Bad Gateway");
        });
    }

    @Test
    void reportsAnUnreachableServerAsAConnectionFailureNamingTheUrl() throws IOException {
        URI nowhere = server.baseUri();
        server.close();
        ModelyardClient unreachable =
                ModelyardClient.builder().baseUri(nowhere).token("t").build();

        assertThatThrownBy(unreachable::me)
                .isInstanceOf(ModelyardConnectionException.class)
                .hasMessageContaining(nowhere.toString());
    }

    @Test
    void encodesPathSegmentsAndPageOptionsIntoTheUrl() {
        server.answer("GET", "/api/v1/projects", CannedResponse.json(200, "{\"projects\":[]}"));

        ListProjectsResponse page = client.listProjects(
                PageOptions.firstPage().withMaxResults(5).withPageToken("abc=").withNameContains("fr aud"));

        assertThat(page.projects()).isEmpty();
        assertThat(server.lastRequest().uri().getRawQuery()).isEqualTo("max_results=5&page_token=abc%3D&name=fr%20aud");
        assertThatThrownBy(() -> client.getProject("a/b")).isInstanceOf(ModelyardApiException.class);
        assertThat(server.lastRequest().uri().getRawPath()).isEqualTo("/api/v1/projects/a%2Fb");
    }

    @Test
    void collectsEveryPageByFollowingTheNextPageToken() {
        Map<Optional<String>, ListProjectsResponse> pagesByToken = Map.of(
                Optional.empty(),
                new ListProjectsResponse(List.of(project("one"), project("two")), "page-2"),
                Optional.of("page-2"),
                new ListProjectsResponse(List.of(project("three")), null));

        List<ProjectResponse> all = Pages.collectAll(
                PageOptions.firstPage(),
                options -> pagesByToken.get(options.pageToken()),
                ListProjectsResponse::projects,
                ListProjectsResponse::nextPageToken);

        assertThat(all).extracting(ProjectResponse::name).containsExactly("one", "two", "three");
    }

    @Test
    void uploadsTheFileAsStreamedMultipartWithAnExactContentLengthAndReportsProgress() throws IOException {
        byte[] content = new byte[2 * 1024 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        Path model = Files.write(directory.resolve("wine_mlp.onnx"), content);
        Path manifest = Files.writeString(directory.resolve("modelyard.yaml"), "runtime: onnx\n");
        server.answer(
                "POST",
                "/api/v1/projects/fraud/models/wine/versions",
                CannedResponse.json(
                        201,
                        """
                        {"id":"v1","project":"fraud","model":"wine","number":1,"digest":"sha256:x",
                         "size_bytes":2097152,"runtime":"onnx","file_name":"wine_mlp.onnx",
                         "signature":{"inputs":[{"name":"input","datatype":"FP32","shape":[-1,13]}],
                                      "outputs":[{"name":"probabilities","datatype":"FP32","shape":[-1,3]}]}}"""));
        AtomicLong lastProgress = new AtomicLong();
        AtomicLong announcedTotal = new AtomicLong();

        ModelVersionResponse version =
                client.uploadModelVersion("fraud", "wine", model, Optional.of(manifest), (sent, total) -> {
                    lastProgress.set(sent);
                    announcedTotal.set(total);
                });

        assertThat(version.number()).isEqualTo(1);
        assertThat(version.signature().inputs().get(0).shape()).containsExactly(-1L, 13L);
        TestingApiServer.ReceivedRequest request = server.lastRequest();
        assertThat(request.header("Content-Type")).startsWith("multipart/form-data; boundary=modelyard-");
        assertThat(Long.parseLong(request.header("Content-Length"))).isEqualTo(request.body().length);
        assertThat(lastProgress.get()).isEqualTo(request.body().length).isEqualTo(announcedTotal.get());
        String body = new String(request.body(), StandardCharsets.ISO_8859_1);
        assertThat(body).contains("name=\"manifest\"\r\nContent-Type: application/yaml\r\n\r\nruntime: onnx\n\r\n");
        assertThat(body).contains("name=\"file\"; filename=\"wine_mlp.onnx\"");
        assertThat(body).contains(new String(content, StandardCharsets.ISO_8859_1));
    }

    @Test
    void downloadsTheArtifactToDiskAndChecksItsSha256() throws Exception {
        byte[] artifact = "the model bytes".getBytes(StandardCharsets.UTF_8);
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(artifact));
        server.answer(
                "GET",
                "/api/v1/projects/fraud/models/wine/versions/1/artifact",
                new CannedResponse(200, Map.of("X-Checksum-Sha256", sha256), artifact));
        Path target = directory.resolve("downloads/model.onnx");

        DownloadedArtifact downloaded = client.downloadArtifact("fraud", "wine", 1, target);

        assertThat(target).hasBinaryContent(artifact);
        assertThat(downloaded.sizeBytes()).isEqualTo(artifact.length);
        assertThat(downloaded.sha256()).isEqualTo(sha256);
        assertThat(downloaded.announcedSha256()).contains(sha256);
        assertThat(target.getParent()).isDirectoryContaining(path -> path.equals(target));
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void refusesADownloadWhoseBytesDoNotMatchTheAnnouncedChecksumAndLeavesNoFile() {
        server.answer(
                "GET",
                "/api/v1/projects/fraud/models/wine/versions/1/artifact",
                new CannedResponse(
                        200,
                        Map.of("X-Checksum-Sha256", "0".repeat(64)),
                        "corrupted".getBytes(StandardCharsets.UTF_8)));
        Path target = directory.resolve("model.onnx");

        assertThatThrownBy(() -> client.downloadArtifact("fraud", "wine", 1, target))
                .isInstanceOf(ArtifactIntegrityException.class)
                .hasMessageContaining("0".repeat(64));
        assertThat(directory).isEmptyDirectory();
    }

    @Test
    void reportsADownloadErrorFromTheServerWithoutCreatingTheTarget() {
        server.answer(
                "GET",
                "/api/v1/projects/fraud/models/wine/versions/9/artifact",
                CannedResponse.json(
                        404,
                        """
                        {"error":{"code":"MODEL_VERSION_NOT_FOUND","message":"no version 9","details":{}}}"""));
        Path target = directory.resolve("model.onnx");

        assertThatThrownBy(() -> client.downloadArtifact("fraud", "wine", 9, target))
                .isInstanceOfSatisfying(ModelyardApiException.class, error -> assertThat(error.code())
                        .isEqualTo("MODEL_VERSION_NOT_FOUND"));
        assertThat(target).doesNotExist();
    }

    @Test
    void rejectsABaseUriThatIsNotHttp() {
        assertThatThrownBy(() -> ModelyardClient.builder().baseUri(URI.create("ftp://example.com")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http");
    }

    private static ProjectResponse project(String name) {
        return new ProjectResponse(name, name, null, "admin", Instant.EPOCH);
    }
}
