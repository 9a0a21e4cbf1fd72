package dev.modelyard.server.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad dataset upload gets the right 4xx with a message a person can act on (the
 * line and column when known) and stores nothing: no version row, no blob, no staging file.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetBadInputTest {
    private static final int UPLOAD_LIMIT = 100_000;
    private static final String DATASETS = "/api/v1/projects/demo/datasets";
    private static final String VERSIONS = DATASETS + "/table/versions";

    private Path dataDir;
    private TestingServer server;
    private String admin;
    private String viewer;
    private String stranger;
    private List<Path> blobsBefore;

    @BeforeAll
    void start(@TempDir Path temporaryFolder) {
        dataDir = temporaryFolder;
        server = new TestingServer(dataDir, Map.of("registry.max-upload-bytes", Integer.toString(UPLOAD_LIMIT)));
        admin = server.adminToken();
        viewer = createUser("bob");
        stranger = createUser("carol");
        assertThat(server.post("/api/v1/projects", admin, "{\"name\":\"demo\"}").status())
                .isEqualTo(201);
        assertThat(server.send("PUT", "/api/v1/projects/demo/members/bob", admin, "{\"role\":\"viewer\"}")
                        .status())
                .isEqualTo(200);
        assertThat(server.post(DATASETS, admin, "{\"name\":\"table\"}").status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void rememberBlobs() throws IOException {
        blobsBefore = blobs();
    }

    /** Whatever a test sent, nothing was stored: no version, no new blob, no staging file. */
    @AfterEach
    void nothingWasStored() throws IOException {
        assertThat(server.get(VERSIONS, admin).json().path("versions")).isEmpty();
        if (blobsBefore != null) {
            assertThat(blobs()).isEqualTo(blobsBefore);
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("blobs").resolve("staging"))) {
            assertThat(files.toList()).isEmpty();
        }
        try (Stream<Path> files = Files.list(dataDir.resolve("datasets").resolve("exports"))) {
            assertThat(files.toList()).isEmpty();
        }
    }

    @Test
    void raggedRowsAreRefusedWithTheirLine() {
        Response response = upload("ragged.csv", "a,b,c\n1,2,3\n4,5\n6,7,8\n");
        assertError(response, 422, "INVALID_DATASET", "ragged.csv: line 3 has 2 fields but the header has 3 columns");
        assertThat(response.json().path("error").path("details").path("line").asLong())
                .isEqualTo(3);
        assertError(upload("extra.csv", "a,b\n1,2\n3,4,5\n"), 422, "INVALID_DATASET", "line 3 has 3 fields");
    }

    @Test
    void badQuotingIsRefusedWithLineAndColumn() {
        Response open = upload("open.csv", "a,b\n1,\"never closed\n2,3\n");
        assertError(open, 422, "INVALID_DATASET", "line 2, column 3: a quoted field opened here is never closed");
        JsonNode details = open.json().path("error").path("details");
        assertThat(details.path("line").asLong()).isEqualTo(2);
        assertThat(details.path("position").asInt()).isEqualTo(3);
        assertError(
                upload("stray.csv", "a,b\n1,ab\"c\n"),
                422,
                "INVALID_DATASET",
                "line 2, column 5: a quote inside an unquoted field");
        assertError(
                upload("after.csv", "a,b\n1,\"ab\"c\n"),
                422,
                "INVALID_DATASET",
                "line 2, column 7: unexpected text after the closing quote");
    }

    @Test
    void mixedTypesUnderAnExplicitSchemaAreRefusedWithLineAndColumn() {
        Response response = Multipart.file("mixed.csv", bytes("a,b\n1,2\n3,4\n5,x\n"))
                .withField("schema", "{\"b\": \"BIGINT\"}")
                .post(server, VERSIONS, admin);
        assertError(response, 422, "INVALID_DATASET", "line 4, column 'b': 'x' is not a BIGINT");
        JsonNode details = response.json().path("error").path("details");
        assertThat(details.path("line").asLong()).isEqualTo(4);
        assertThat(details.path("column").asText()).isEqualTo("b");
        assertThat(details.path("file_name").asText()).isEqualTo("mixed.csv");
    }

    @Test
    void emptyFilesAreRefused() {
        assertError(upload("empty.csv", ""), 422, "INVALID_DATASET", "empty.csv: the file is empty");
        assertError(upload("empty.parquet", ""), 422, "INVALID_DATASET", "the file is empty");
        assertError(upload("blank.csv", "\n"), 422, "INVALID_DATASET", "column 1 has no name");
    }

    @Test
    void duplicateColumnNamesAreRefused() {
        Response response = upload("dup.csv", "id,score,ID\n1,2,3\n");
        assertError(response, 422, "INVALID_DATASET", "columns 1 ('id') and 3 ('ID') have the same name");
        assertThat(response.json().path("error").path("details").path("line").asLong())
                .isEqualTo(1);
    }

    @Test
    void filesOverTheLimitAreRefused() {
        assertError(
                Multipart.file("synth.csv", TestingServer.resource("fixtures/synth_binary.csv"))
                        .post(server, VERSIONS, admin),
                413,
                "PAYLOAD_TOO_LARGE",
                "the limit is " + UPLOAD_LIMIT + " bytes");
    }

    @Test
    void aParquetFileThatIsNotParquetIsRefused() {
        assertError(upload("data.parquet", "a,b\n1,2\n"), 422, "INVALID_DATASET", "data.parquet: not a Parquet file");
        Response forced = Multipart.file("data.bin", bytes("a,b\n1,2\n"))
                .withField("format", "parquet")
                .post(server, VERSIONS, admin);
        assertError(forced, 422, "INVALID_DATASET", "not a Parquet file");
    }

    @Test
    void badSchemaFormatAndModePartsAreRefused() {
        assertError(
                Multipart.file("a.csv", bytes("a\n1\n"))
                        .withField("schema", "{\"a\": ")
                        .post(server, VERSIONS, admin),
                400,
                "INVALID_REQUEST",
                "part 'schema' is not valid JSON (line 1, column");
        assertError(
                Multipart.file("a.csv", bytes("a\n1\n"))
                        .withField("schema", "{\"a\": \"INT128\"}")
                        .post(server, VERSIONS, admin),
                400,
                "INVALID_REQUEST",
                "the type 'INT128'; use one of [BIGINT, DOUBLE, VARCHAR, BOOLEAN, DATE, TIMESTAMP]");
        assertError(
                Multipart.file("a.csv", bytes("a\n1\n"))
                        .withField("schema", "{\"b\": \"BIGINT\"}")
                        .post(server, VERSIONS, admin),
                422,
                "INVALID_DATASET",
                "the schema names column 'b', which the file does not have; its columns are [a]");
        assertError(
                Multipart.file("a.csv", bytes("a\n1\n"))
                        .withField("format", "xlsx")
                        .post(server, VERSIONS, admin),
                400,
                "INVALID_REQUEST",
                "format 'xlsx' is not one of csv, parquet");
        assertError(
                Multipart.file("a.csv", bytes("a\n1\n"))
                        .withField("mode", "append")
                        .post(server, VERSIONS, admin),
                400,
                "INVALID_REQUEST",
                "has no version to append to");
        assertError(
                Multipart.file("a.csv", bytes("a\n1\n"))
                        .withField("colour", "red")
                        .post(server, VERSIONS, admin),
                400,
                "INVALID_REQUEST",
                "unexpected part 'colour'");
    }

    @Test
    void uploadsThatAreNotMultipartOrLackTheFileAreRefused() {
        assertError(server.post(VERSIONS, admin, "{}"), 415, "UNSUPPORTED_MEDIA_TYPE", "multipart/form-data");
        assertError(
                new Multipart().withField("format", "csv").post(server, VERSIONS, admin),
                400,
                "INVALID_REQUEST",
                "no part 'file'");
    }

    @Test
    void unknownNamesAndBadParametersAreReported() {
        assertError(
                upload(DATASETS + "/nope/versions", "a.csv", "a\n1\n"),
                404,
                "DATASET_NOT_FOUND",
                "dataset 'nope' does not exist in project 'demo'");
        assertError(server.get(DATASETS + "/nope", admin), 404, "DATASET_NOT_FOUND", "dataset 'nope'");
        for (String suffix : List.of("", "/preview", "/summary", "/download")) {
            assertError(
                    server.get(VERSIONS + "/7" + suffix, admin),
                    404,
                    "DATASET_VERSION_NOT_FOUND",
                    "dataset 'table' has no version 7");
        }
        assertError(server.get(VERSIONS + "/x/preview", admin), 400, "INVALID_REQUEST", "not a whole number");
        assertError(server.get(VERSIONS + "/1/preview?limit=0", admin), 400, "INVALID_REQUEST", "limit must be");
        assertError(server.get(VERSIONS + "/1/preview?offset=-1", admin), 400, "INVALID_REQUEST", "offset must be");
        assertError(server.get(VERSIONS + "/1/preview?limit=ten", admin), 400, "INVALID_REQUEST", "not a whole number");
        assertError(
                server.get(VERSIONS + "/1/download?format=xlsx", admin),
                400,
                "INVALID_REQUEST",
                "format 'xlsx' is not one of csv, parquet");
        assertError(
                server.post(DATASETS, admin, "{\"name\":\"table\"}"), 409, "ALREADY_EXISTS", "'table' already exists");
        assertError(server.post(DATASETS, admin, "{\"name\":\"Bad Name\"}"), 400, "INVALID_NAME", "dataset name");
    }

    @Test
    void wrongRolesAreRefusedBeforeTheBodyIsRead() {
        assertError(upload(VERSIONS, viewer, "a.csv", "a\n1\n"), 403, "PERMISSION_DENIED", "needs the editor role");
        assertError(upload(VERSIONS, stranger, "a.csv", "a\n1\n"), 404, "PROJECT_NOT_FOUND", "project 'demo'");
        assertError(upload(VERSIONS, null, "a.csv", "a\n1\n"), 401, "UNAUTHENTICATED", "no API token");
        assertError(server.get(DATASETS, stranger), 404, "PROJECT_NOT_FOUND", "or you are not a member");
    }

    @Test
    void theServerKeepsServingAfterBadInput() {
        upload("ragged.csv", "a,b\n1\n");
        assertThat(server.post(DATASETS, admin, "{\"name\":\"good\"}").status()).isEqualTo(201);
        Response good = upload(DATASETS + "/good/versions", "good.csv", "a,b\n1,x\n");
        assertThat(good.status()).as(good.text()).isEqualTo(201);
        assertThat(good.json().path("number").asInt()).isEqualTo(1);
        blobsBefore = null; // this test stored a blob on purpose
    }

    private Response upload(String fileName, String content) {
        return upload(VERSIONS, fileName, content);
    }

    private Response upload(String path, String fileName, String content) {
        return upload(path, admin, fileName, content);
    }

    private Response upload(String path, String token, String fileName, String content) {
        return Multipart.file(fileName, bytes(content)).post(server, path, token);
    }

    private List<Path> blobs() throws IOException {
        Path root = dataDir.resolve("blobs").resolve("sha256");
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private String createUser(String name) {
        Response response = server.post("/api/v1/users", server.adminToken(), "{\"name\":\"" + name + "\"}");
        assertThat(response.status()).isEqualTo(201);
        return response.json().path("secret").asText();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static void assertError(Response response, int status, String code, String messagePart) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.errorCode()).as(response.text()).isEqualTo(code);
        assertThat(response.errorMessage()).as(response.text()).contains(messagePart);
    }
}
