package dev.modelyard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.api.CheckResultResponse;
import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.CreateReleaseRequest;
import dev.modelyard.api.ListProjectsResponse;
import dev.modelyard.api.ListSubmissionsResponse;
import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.ProjectResponse;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.api.ReviewRequest;
import dev.modelyard.api.ReviewResponse;
import dev.modelyard.api.SubmissionResponse;
import dev.modelyard.api.TagResponse;
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
    void createsAnObjectiveWithSnakeCaseSpecsAndLeavesAbsentPartsToTheServer() {
        server.answer(
                "POST",
                "/api/v1/projects/churn/objectives",
                CannedResponse.json(
                        201,
                        """
                        {"id":"o1","project":"churn","name":"churn","task_type":"binary_classification",
                         "metrics":[{"name":"roc_auc","direction":"maximize","primary":true}],
                         "tags":["Staging","Production"],"protected_tags":["Production"],
                         "current_tags":{},"archived":false}"""));

        ObjectiveResponse objective = client.createObjective(
                "churn",
                new CreateObjectiveRequest(
                        "churn",
                        null,
                        "binary_classification",
                        "churned",
                        List.of(new MetricSpec("roc_auc", null, null)),
                        null,
                        null,
                        List.of(new MetadataFieldSpec("framework", "enum", true, null, List.of("onnx", "xgboost"))),
                        List.of(new ReleaseCheckSpec("min_approvals", "block", 1, null, null, null)),
                        null));

        assertThat(objective.protectedTags()).containsExactly("Production");
        assertThat(server.lastRequest().bodyText())
                .isEqualTo("{\"name\":\"churn\",\"task_type\":\"binary_classification\",\"label_column\":\"churned\","
                        + "\"metrics\":[{\"name\":\"roc_auc\"}],"
                        + "\"metadata_fields\":[{\"name\":\"framework\",\"type\":\"enum\",\"required\":true,"
                        + "\"allowed_values\":[\"onnx\",\"xgboost\"]}],"
                        + "\"release_checks\":[{\"kind\":\"min_approvals\",\"enforcement\":\"block\","
                        + "\"min_approvals\":1}]}");
    }

    @Test
    void archivesAnObjectiveWithAPatchCarryingOnlyArchived() {
        server.answer(
                "PATCH",
                "/api/v1/projects/churn/objectives/churn",
                CannedResponse.json(200, "{\"name\":\"churn\",\"archived\":true}"));

        ObjectiveResponse archived = client.archiveObjective("churn", "churn");

        assertThat(archived.archived()).isTrue();
        assertThat(server.lastRequest().method()).isEqualTo("PATCH");
        assertThat(server.lastRequest().bodyText()).isEqualTo("{\"archived\":true}");
    }

    @Test
    void listsObjectivesAndSubmissionsWithTheirFiltersInTheQuery() {
        server.answer("GET", "/api/v1/projects/churn/objectives", CannedResponse.json(200, "{\"objectives\":[]}"));
        server.answer(
                "GET",
                "/api/v1/projects/churn/objectives/churn/submissions",
                CannedResponse.json(200, "{\"submissions\":[{\"number\":1,\"metadata\":{\"layers\":3}}]}"));

        client.listObjectives("churn", true, PageOptions.firstPage().withMaxResults(10));
        String objectivesQuery = server.lastRequest().uri().getRawQuery();
        ListSubmissionsResponse submissions = client.listSubmissions(
                "churn",
                "churn",
                SubmissionQuery.everything()
                        .withStatus("approved")
                        .withMetadata("framework", "xgboost")
                        .withMetadata("team", "risk & fraud")
                        .withPage(PageOptions.firstPage().withPageToken("t2")));

        assertThat(objectivesQuery).isEqualTo("include_archived=true&max_results=10");
        assertThat(server.lastRequest().uri().getRawQuery())
                .isEqualTo("status=approved&metadata.framework=xgboost&metadata.team=risk%20%26%20fraud&page_token=t2");
        assertThat(submissions.submissions().get(0).metadata()).containsEntry("layers", 3);
    }

    @Test
    void reviewsWithdrawsAndReleasesThroughTheirOwnPaths() {
        server.answer(
                "POST",
                "/api/v1/projects/churn/objectives/churn/submissions/3/reviews",
                CannedResponse.json(201, "{\"id\":\"r1\",\"author\":\"bob\",\"verdict\":\"approve\"}"));
        server.answer(
                "POST",
                "/api/v1/projects/churn/objectives/churn/submissions/3/withdraw",
                CannedResponse.json(200, "{\"number\":3,\"status\":\"withdrawn\"}"));
        server.answer(
                "POST",
                "/api/v1/projects/churn/objectives/churn/releases",
                CannedResponse.json(
                        201,
                        """
                        {"version":"1.0.0","submission":3,"tags":["Staging"],
                         "check_results":[{"kind":"primary_metric_at_least","enforcement":"warn",
                                           "outcome":"not_evaluable","message":"no evaluation yet"}]}"""));

        ReviewResponse review = client.review("churn", "churn", 3, new ReviewRequest("approve", "LGTM", null));
        String reviewBody = server.lastRequest().bodyText();
        SubmissionResponse withdrawn = client.withdrawSubmission("churn", "churn", 3);
        ReleaseResponse release = client.createRelease(
                "churn", "churn", new CreateReleaseRequest(3, "1.0.0", "first", List.of("Staging")));

        assertThat(review.verdict()).isEqualTo("approve");
        assertThat(reviewBody).isEqualTo("{\"verdict\":\"approve\",\"body\":\"LGTM\"}");
        assertThat(withdrawn.status()).isEqualTo("withdrawn");
        assertThat(release.checkResults())
                .extracting(CheckResultResponse::outcome)
                .containsExactly("not_evaluable");
        assertThat(server.lastRequest().bodyText())
                .isEqualTo("{\"submission\":3,\"version\":\"1.0.0\",\"note\":\"first\",\"tags\":[\"Staging\"]}");
    }

    @Test
    void movesRemovesAndResolvesTagsReadingTheProtectedFlag() {
        server.answer(
                "PUT",
                "/api/v1/projects/churn/objectives/churn/tags/Production",
                CannedResponse.json(
                        200,
                        "{\"tag\":\"Production\",\"protected\":true,\"release\":\"1.0.0\",\"since\":\"2025-01-02T03:04:05Z\"}"));
        server.answer(
                "DELETE",
                "/api/v1/projects/churn/objectives/churn/tags/Staging",
                new CannedResponse(204, Map.of(), new byte[0]));
        server.answer(
                "GET",
                "/api/v1/projects/churn/objectives/churn/tags/Production/release",
                CannedResponse.json(200, "{\"version\":\"1.0.0\"}"));

        TagResponse tag = client.putTag("churn", "churn", "Production", "1.0.0");
        String putBody = server.lastRequest().bodyText();
        client.removeTag("churn", "churn", "Staging");
        ReleaseResponse asOf =
                client.resolveTag("churn", "churn", "Production", Optional.of(Instant.parse("2025-03-01T12:00:00Z")));
        String asOfQuery = server.lastRequest().uri().getRawQuery();
        client.resolveTag("churn", "churn", "Production", Optional.empty());

        assertThat(tag.protectedTag()).isTrue();
        assertThat(tag.release()).isEqualTo("1.0.0");
        assertThat(putBody).isEqualTo("{\"release\":\"1.0.0\"}");
        assertThat(asOf.version()).isEqualTo("1.0.0");
        assertThat(asOfQuery).isEqualTo("as_of=2025-03-01T12%3A00%3A00Z");
        assertThat(server.lastRequest().uri().getRawQuery()).isNull();
    }

    @Test
    void exportsABundleToDiskAndImportsOneAsStreamedMultipart() throws IOException {
        byte[] zip = "PK\u0003\u0004 a bundle".getBytes(StandardCharsets.ISO_8859_1);
        server.answer(
                "GET",
                "/api/v1/projects/churn/objectives/churn/releases/1.0.0/bundle",
                new CannedResponse(200, Map.of("Content-Type", "application/zip"), zip));
        server.answer(
                "POST",
                "/api/v1/projects/archive/bundles",
                CannedResponse.json(201, "{\"version\":\"1.0.0\",\"objective\":\"churn\",\"origin\":\"bundle\"}"));
        Path target = directory.resolve("churn-1.0.0.zip");

        DownloadedArtifact exported = client.exportBundle("churn", "churn", "1.0.0", target);
        ReleaseResponse imported = client.importBundle("archive", target, UploadProgressListener.none());

        assertThat(target).hasBinaryContent(zip);
        assertThat(exported.announcedSha256()).isEmpty();
        assertThat(exported.sizeBytes()).isEqualTo(zip.length);
        assertThat(imported.version()).isEqualTo("1.0.0");
        TestingApiServer.ReceivedRequest upload = server.lastRequest();
        assertThat(upload.header("Content-Type")).startsWith("multipart/form-data; boundary=");
        assertThat(upload.bodyText()).contains("name=\"file\"; filename=\"churn-1.0.0.zip\"");
        assertThat(new String(upload.body(), StandardCharsets.ISO_8859_1))
                .contains(new String(zip, StandardCharsets.ISO_8859_1));
    }

    @Test
    void reportsTheFailedReleaseChecksInTheErrorDetails() {
        server.answer(
                "POST",
                "/api/v1/projects/churn/objectives/churn/releases",
                CannedResponse.json(
                        409,
                        """
                        {"error":{"code":"RELEASE_CHECKS_FAILED","message":"1 release check failed",
                         "details":{"failed_checks":[{"kind":"min_approvals","enforcement":"block",
                                                      "outcome":"failed","message":"0 of 2 approvals"}]}}}"""));

        assertThatThrownBy(
                        () -> client.createRelease("churn", "churn", new CreateReleaseRequest(1, "1.0.0", null, null)))
                .isInstanceOfSatisfying(ModelyardApiException.class, error -> {
                    assertThat(error.httpStatus()).isEqualTo(409);
                    assertThat(error.code()).isEqualTo("RELEASE_CHECKS_FAILED");
                    assertThat(error.details()).containsKey("failed_checks");
                });
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
