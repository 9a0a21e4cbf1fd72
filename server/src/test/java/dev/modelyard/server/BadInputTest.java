package dev.modelyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.server.TestingServer.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad input gets the right 4xx, a message a person can act on, and changes
 * nothing; the server keeps serving afterwards.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    private static final int UPLOAD_LIMIT = 1024 * 1024;
    private static final String MODELS = "/api/v1/projects/demo/models";
    private static final String VERSIONS = MODELS + "/wine/versions";
    private static final String MANIFEST = "runtime: onnx\nmodel_file: model.onnx\n";

    private Path dataDir;
    private TestingServer server;
    private String admin;
    private String viewer;
    private String stranger;

    @BeforeAll
    void start(@TempDir Path temporaryFolder) {
        dataDir = temporaryFolder;
        server = new TestingServer(
                dataDir,
                Map.of("registry.max-upload-bytes", Integer.toString(UPLOAD_LIMIT), "server.max-json-bytes", "65536"));
        admin = server.adminToken();
        viewer = createUser("bob");
        stranger = createUser("carol");
        assertThat(server.post("/api/v1/projects", admin, "{\"name\":\"demo\"}").status())
                .isEqualTo(201);
        assertThat(server.send("PUT", "/api/v1/projects/demo/members/bob", admin, "{\"role\":\"viewer\"}")
                        .status())
                .isEqualTo(200);
        assertThat(server.post(MODELS, admin, "{\"name\":\"wine\"}").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void malformedJsonIsRejectedWithItsPosition() {
        Response response = server.post("/api/v1/projects", admin, "{\"name\": \"x\",");
        assertError(response, 400, "MALFORMED_JSON", "not valid JSON (line 1");
    }

    @Test
    void bodyThatIsNotAnObjectIsRejected() {
        assertError(server.post("/api/v1/projects", admin, "[1, 2]"), 400, "INVALID_REQUEST", "must be an object");
    }

    @Test
    void unknownFieldIsNamed() {
        Response response = server.post("/api/v1/projects", admin, "{\"name\":\"p1\",\"colour\":\"red\"}");
        assertError(response, 400, "INVALID_REQUEST", "unknown field 'colour'");
        assertThat(response.errorMessage()).contains("known fields: description, name");
    }

    @Test
    void wrongTypeIsNamed() {
        assertError(
                server.post("/api/v1/projects", admin, "{\"name\":{\"a\":1}}"), 400, "INVALID_REQUEST", "field 'name'");
    }

    @Test
    void missingEmptyLongAndInvalidNamesAreRejected() {
        assertError(server.post("/api/v1/projects", admin, "{}"), 400, "INVALID_REQUEST", "field 'name' is required");
        assertError(server.post("/api/v1/projects", admin, "{\"name\":\"\"}"), 400, "INVALID_NAME", "name is missing");
        assertError(
                server.post("/api/v1/projects", admin, "{\"name\":\"" + "a".repeat(65) + "\"}"),
                400,
                "INVALID_NAME",
                "65 characters long; the limit is 64");
        assertError(
                server.post("/api/v1/projects", admin, "{\"name\":\"Bad Name!\"}"),
                400,
                "INVALID_NAME",
                "use lowercase letters, digits");
        assertError(server.post(MODELS, admin, "{\"name\":\"-dash-first\"}"), 400, "INVALID_NAME", "starting with");
        assertThat(server.get("/api/v1/projects", admin).json().path("projects"))
                .hasSize(1);
    }

    @Test
    void duplicateNamesConflict() {
        assertError(
                server.post("/api/v1/projects", admin, "{\"name\":\"demo\"}"),
                409,
                "ALREADY_EXISTS",
                "'demo' already exists");
        assertError(server.post(MODELS, admin, "{\"name\":\"wine\"}"), 409, "ALREADY_EXISTS", "'wine' already exists");
        assertError(
                server.post("/api/v1/users", admin, "{\"name\":\"bob\"}"),
                409,
                "ALREADY_EXISTS",
                "'bob' already exists");
    }

    @Test
    void unknownResourcesAreNotFound() {
        assertError(
                server.get("/api/v1/projects/nope", admin), 404, "PROJECT_NOT_FOUND", "project 'nope' does not exist");
        assertError(server.get(MODELS + "/nope", admin), 404, "MODEL_NOT_FOUND", "model 'nope' does not exist");
        assertError(server.get(VERSIONS + "/99", admin), 404, "MODEL_VERSION_NOT_FOUND", "has no version 99");
        assertError(server.get(VERSIONS + "/99/artifact", admin), 404, "MODEL_VERSION_NOT_FOUND", "has no version 99");
        assertError(server.get(VERSIONS + "/abc", admin), 400, "INVALID_REQUEST", "not a whole number");
        assertError(server.get("/api/v1/users/nobody", admin), 404, "USER_NOT_FOUND", "user 'nobody' does not exist");
        assertError(
                server.upload("/api/v1/projects/demo/models/nope/versions", admin, "m.onnx", wine(), null),
                404,
                "MODEL_NOT_FOUND",
                "model 'nope'");
        assertError(server.get("/api/v1/nothing-here", admin), 404, "NOT_FOUND", "no such endpoint");
        assertError(
                server.send("PUT", "/api/v1/projects", admin, "{}"), 405, "METHOD_NOT_ALLOWED", "PUT is not allowed");
    }

    @Test
    void wrongRoleIsForbiddenAndNonMembersSeeNothing() {
        assertError(
                server.post(MODELS, viewer, "{\"name\":\"m2\"}"),
                403,
                "PERMISSION_DENIED",
                "is viewer of project 'demo'");
        assertError(
                server.upload(VERSIONS, viewer, "model.onnx", wine(), null),
                403,
                "PERMISSION_DENIED",
                "needs the editor role");
        assertError(
                server.send("PUT", "/api/v1/projects/demo/members/carol", viewer, "{\"role\":\"owner\"}"),
                403,
                "PERMISSION_DENIED",
                "needs the owner role");
        assertError(server.get("/api/v1/projects/demo", stranger), 404, "PROJECT_NOT_FOUND", "or you are not a member");
        assertError(
                server.post("/api/v1/users", viewer, "{\"name\":\"eve\"}"),
                403,
                "PERMISSION_DENIED",
                "only administrators");
        assertThat(server.get(MODELS, admin).json().path("models")).hasSize(1);
    }

    @Test
    void missingInvalidAndRevokedTokensAreUnauthenticated() {
        assertError(server.get("/api/v1/projects", null), 401, "UNAUTHENTICATED", "no API token");
        assertError(
                server.get("/api/v1/projects", "myd_not-a-real-token"),
                401,
                "UNAUTHENTICATED",
                "unknown, revoked or expired");
        Response created = server.post("/api/v1/tokens", viewer, "{\"name\":\"laptop\"}");
        assertThat(created.status()).isEqualTo(201);
        String secret = created.json().path("secret").asText();
        assertThat(server.get("/api/v1/users/me", secret).status()).isEqualTo(200);
        String id = created.json().path("token").path("id").asText();
        assertThat(server.send("DELETE", "/api/v1/tokens/" + id, viewer, null).status())
                .isEqualTo(200);
        assertError(server.get("/api/v1/users/me", secret), 401, "UNAUTHENTICATED", "unknown, revoked or expired");
        assertError(server.upload(VERSIONS, null, "model.onnx", wine(), null), 401, "UNAUTHENTICATED", "no API token");
    }

    @Test
    void oversizedBodiesAreRejectedAndLeaveNothingOnDisk() throws IOException {
        assertError(
                server.upload(VERSIONS, admin, "big.onnx", new byte[UPLOAD_LIMIT * 2], null),
                413,
                "PAYLOAD_TOO_LARGE",
                "the limit is " + UPLOAD_LIMIT + " bytes");
        assertError(
                server.post("/api/v1/projects", admin, "{\"name\":\"" + "x".repeat(70_000) + "\"}"),
                413,
                "PAYLOAD_TOO_LARGE",
                "larger than the limit of 65536 bytes");
        assertNoVersionsAndNoStagedFiles();
    }

    @Test
    void uploadsThatAreNotMultipartOrLackTheFileAreRejected() {
        assertError(server.post(VERSIONS, admin, "{}"), 415, "UNSUPPORTED_MEDIA_TYPE", "multipart/form-data");
        String onlyManifest =
                "--b\r\nContent-Disposition: form-data; name=\"manifest\"\r\n\r\n" + MANIFEST + "\r\n--b--\r\n";
        assertError(
                server.postRaw(
                        VERSIONS,
                        admin,
                        "multipart/form-data; boundary=b",
                        onlyManifest.getBytes(StandardCharsets.UTF_8)),
                400,
                "INVALID_REQUEST",
                "no part 'file'");
        String otherPart =
                "--b\r\nContent-Disposition: form-data; name=\"model\"; filename=\"m.onnx\"\r\n\r\nabc\r\n--b--\r\n";
        assertError(
                server.postRaw(
                        VERSIONS, admin, "multipart/form-data; boundary=b", otherPart.getBytes(StandardCharsets.UTF_8)),
                400,
                "INVALID_REQUEST",
                "unexpected part 'model'");
    }

    @Test
    void invalidModelsAreUnprocessable() throws IOException {
        assertError(
                server.upload(
                        VERSIONS, admin, "random.onnx", TestingServer.resource("fixtures/not_a_model.onnx"), null),
                422,
                "INVALID_MODEL",
                "not a valid ONNX model");
        assertError(
                server.upload(
                        VERSIONS, admin, "truncated.onnx", TestingServer.resource("fixtures/truncated.onnx"), null),
                422,
                "INVALID_MODEL",
                "not a valid ONNX model");
        assertError(server.upload(VERSIONS, admin, "model.bin", wine(), null), 422, "INVALID_MODEL", "runtime");
        assertNoVersionsAndNoStagedFiles();
    }

    @Test
    void dangerousZipPackagesAreRejected() throws IOException {
        byte[] escaping =
                zip(Map.of("modelyard.yaml", MANIFEST.getBytes(StandardCharsets.UTF_8), "../evil.onnx", wine()));
        assertError(
                server.upload(VERSIONS, admin, "escape.zip", escaping, null), 422, "INVALID_PACKAGE", "../evil.onnx");

        byte[] absolute =
                zip(Map.of("modelyard.yaml", MANIFEST.getBytes(StandardCharsets.UTF_8), "/etc/model.onnx", wine()));
        assertError(
                server.upload(VERSIONS, admin, "absolute.zip", absolute, null),
                422,
                "INVALID_PACKAGE",
                "/etc/model.onnx");

        assertError(
                server.upload(VERSIONS, admin, "link.zip", zipWithSymlink(), null),
                422,
                "INVALID_PACKAGE",
                "symbolic link");

        byte[] bomb = zip(Map.of(
                "modelyard.yaml",
                MANIFEST.getBytes(StandardCharsets.UTF_8),
                "model.onnx",
                wine(),
                "padding.bin",
                new byte[64 * 1024 * 1024]));
        assertThat(bomb.length).isLessThan(UPLOAD_LIMIT);
        assertError(
                server.upload(VERSIONS, admin, "bomb.zip", bomb, null),
                422,
                "INVALID_PACKAGE",
                "looks like a zip bomb");
        assertNoVersionsAndNoStagedFiles();
    }

    @Test
    void theServerKeepsServingAfterBadInput() {
        server.post("/api/v1/projects", admin, "{oops");
        server.upload(VERSIONS, admin, "random.onnx", TestingServer.resource("fixtures/not_a_model.onnx"), null);
        assertThat(server.get("/api/v1/health", null).json().path("status").asText())
                .isEqualTo("ok");
        Response good =
                server.upload("/api/v1/projects/demo/models/keep-serving/versions", admin, "wine.onnx", wine(), null);
        assertThat(good.status()).isEqualTo(404);
        assertThat(server.post(MODELS, admin, "{\"name\":\"keep-serving\"}").status())
                .isEqualTo(201);
        Response uploaded =
                server.upload("/api/v1/projects/demo/models/keep-serving/versions", admin, "wine.onnx", wine(), null);
        assertThat(uploaded.status()).isEqualTo(201);
        assertThat(uploaded.json().path("number").asInt()).isEqualTo(1);
    }

    private void assertNoVersionsAndNoStagedFiles() throws IOException {
        assertThat(server.get(VERSIONS, admin).json().path("versions")).isEmpty();
        Path staging = dataDir.resolve("blobs").resolve("staging");
        if (Files.exists(staging)) {
            try (Stream<Path> files = Files.list(staging)) {
                assertThat(files.toList()).isEmpty();
            }
        }
    }

    private String createUser(String name) {
        Response response = server.post("/api/v1/users", server.adminToken(), "{\"name\":\"" + name + "\"}");
        assertThat(response.status()).isEqualTo(201);
        return response.json().path("secret").asText();
    }

    private static byte[] wine() {
        return TestingServer.resource("fixtures/wine_mlp.onnx");
    }

    private static void assertError(Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.text()).isEqualTo(code);
        assertThat(response.errorMessage()).as(response.text()).contains(messagePart);
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] zipWithSymlink() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
            ZipArchiveEntry manifest = new ZipArchiveEntry("modelyard.yaml");
            zip.putArchiveEntry(manifest);
            zip.write(MANIFEST.getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
            ZipArchiveEntry link = new ZipArchiveEntry("model.onnx");
            link.setUnixMode(0120777);
            zip.putArchiveEntry(link);
            zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            zip.closeArchiveEntry();
        }
        return bytes.toByteArray();
    }
}
