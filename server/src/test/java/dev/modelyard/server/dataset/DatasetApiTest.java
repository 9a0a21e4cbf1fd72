package dev.modelyard.server.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer;
import dev.modelyard.server.TestingServer.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The dataset API end to end: create, upload, read back every way, roles and audit. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatasetApiTest {
    private static final String DATASETS = "/api/v1/projects/lab/datasets";

    private TestingServer server;
    private String admin;
    private String viewer;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, Map.of());
        admin = server.adminToken();
        Response user = server.post("/api/v1/users", admin, "{\"name\":\"vera\"}");
        viewer = user.json().path("secret").asText();
        assertThat(server.post("/api/v1/projects", admin, "{\"name\":\"lab\"}").status())
                .isEqualTo(201);
        assertThat(server.send("PUT", "/api/v1/projects/lab/members/vera", admin, "{\"role\":\"viewer\"}")
                        .status())
                .isEqualTo(200);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void aCsvUploadBecomesAVersionToReadBackEveryWay() throws Exception {
        Response created = server.post(DATASETS, admin, "{\"name\":\"wine\",\"description\":\"UCI wine\"}");
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().path("description").asText()).isEqualTo("UCI wine");
        assertThat(server.get(DATASETS + "/wine", viewer).json().path("name").asText())
                .isEqualTo("wine");
        assertThat(server.get(DATASETS, viewer).json().path("datasets").findValuesAsText("name"))
                .contains("wine");

        byte[] csv = TestingServer.resource("fixtures/wine.csv");
        Response uploaded = Multipart.file("wine.csv", csv).post(server, DATASETS + "/wine/versions", admin);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        JsonNode version = uploaded.json();
        assertThat(version.path("number").asInt()).isEqualTo(1);
        assertThat(version.path("mode").asText()).isEqualTo("snapshot");
        assertThat(version.path("row_count").asLong()).isEqualTo(178);
        assertThat(version.path("source_format").asText()).isEqualTo("csv");
        assertThat(version.path("source_file_name").asText()).isEqualTo("wine.csv");
        assertThat(version.path("source_digest").asText()).isEqualTo(sha256(csv));
        assertThat(version.path("source_size_bytes").asLong()).isEqualTo(csv.length);
        assertThat(version.path("file_count").asInt()).isEqualTo(1);
        assertThat(version.path("created_by").asText()).isEqualTo("admin");
        assertThat(types(version))
                .containsEntry("magnesium", "BIGINT")
                .containsEntry("proline", "BIGINT")
                .containsEntry("alcohol", "DOUBLE")
                .hasSize(14);

        JsonNode got = server.get(DATASETS + "/wine/versions/1", viewer).json();
        assertThat(got).isEqualTo(version);

        Response parquet = server.get(DATASETS + "/wine/versions/1/download?format=parquet", viewer);
        assertThat(parquet.status()).isEqualTo(200);
        assertThat(sha256(parquet.body())).isEqualTo(version.path("digest").asText());
        assertThat(parquet.body().length).isEqualTo(version.path("size_bytes").asInt());
        assertThat(parquet.headers().firstValue("X-Checksum-Sha256"))
                .contains(version.path("digest").asText());
        assertThat(new String(parquet.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PAR1");

        Response exported = server.get(DATASETS + "/wine/versions/1/download?format=csv", viewer);
        assertThat(exported.status()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/csv"));
        assertThat(exported.headers().firstValue("Content-Disposition"))
                .contains("attachment; filename=\"wine-1.csv\"");
        List<String> lines = exported.text().lines().toList();
        assertThat(lines).hasSize(179);
        assertThat(lines.get(0))
                .isEqualTo(new String(csv, StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElseThrow());

        Response again = Multipart.file("wine-1.parquet", parquet.body())
                .withField("schema", "{\"label\": \"varchar\"}")
                .post(server, DATASETS + "/wine/versions", admin);
        assertThat(again.status()).as(again.text()).isEqualTo(201);
        assertThat(again.json().path("number").asInt()).isEqualTo(2);
        assertThat(again.json().path("source_format").asText()).isEqualTo("parquet");
        assertThat(types(again.json())).containsEntry("label", "VARCHAR").containsEntry("magnesium", "BIGINT");

        JsonNode versions =
                server.get(DATASETS + "/wine/versions?max_results=1", viewer).json();
        assertThat(versions.path("versions").findValuesAsText("number")).containsExactly("1");
        String token = versions.path("next_page_token").asText();
        assertThat(server.get(DATASETS + "/wine/versions?max_results=1&page_token=" + token, viewer)
                        .json()
                        .path("versions")
                        .findValuesAsText("number"))
                .containsExactly("2");
    }

    @Test
    void previewPagesAndSummariesDescribeTheRows() {
        server.post(DATASETS, admin, "{\"name\":\"synth\"}");
        Response uploaded = Multipart.file("synth.csv", TestingServer.resource("fixtures/synth_binary.csv"))
                .post(server, DATASETS + "/synth/versions", admin);
        assertThat(uploaded.status()).as(uploaded.text()).isEqualTo(201);
        assertThat(types(uploaded.json())).containsEntry("channel", "VARCHAR").containsEntry("f0", "DOUBLE");
        List<String> csvRows = new String(TestingServer.resource("fixtures/synth_binary.csv"), StandardCharsets.UTF_8)
                .lines()
                .skip(1)
                .toList();

        JsonNode first =
                server.get(DATASETS + "/synth/versions/1/preview", viewer).json();
        assertThat(first.path("offset").asLong()).isZero();
        assertThat(first.path("limit").asInt()).isEqualTo(100);
        assertThat(first.path("total_rows").asLong()).isEqualTo(2000);
        assertThat(first.path("rows")).hasSize(100);
        assertThat(first.path("next_offset").asLong()).isEqualTo(100);

        JsonNode last = server.get(DATASETS + "/synth/versions/1/preview?offset=1995&limit=10", viewer)
                .json();
        assertThat(last.path("rows")).hasSize(5);
        assertThat(last.has("next_offset")).isFalse();
        String[] expected = csvRows.get(1999).split(",");
        JsonNode row = last.path("rows").get(4);
        assertThat(row.get(0).asDouble()).isEqualTo(Double.parseDouble(expected[0]));
        assertThat(row.get(8).asText()).isEqualTo(expected[8]);
        assertThat(row.get(9).asLong()).isEqualTo(Long.parseLong(expected[9]));

        JsonNode summary =
                server.get(DATASETS + "/synth/versions/1/summary", viewer).json();
        assertThat(summary.path("row_count").asLong()).isEqualTo(2000);
        assertThat(summary.path("quantiles_exact").asBoolean()).isTrue();
        JsonNode label = summary.path("columns").get(9);
        long ones = csvRows.stream().filter(line -> line.endsWith(",1")).count();
        assertThat(label.path("name").asText()).isEqualTo("label");
        assertThat(label.path("count").asLong()).isEqualTo(2000);
        assertThat(label.path("nulls").asLong()).isZero();
        assertThat(label.path("min").asLong()).isZero();
        assertThat(label.path("max").asLong()).isEqualTo(1);
        assertThat(label.path("mean").asDouble())
                .isCloseTo(ones / 2000.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(label.path("quantiles").path("p50").isNumber()).isTrue();
        assertThat(label.path("top_values")).hasSize(2);
        JsonNode channel = summary.path("columns").get(8);
        assertThat(channel.has("mean")).isFalse();
        assertThat(channel.has("quantiles")).isFalse();
        assertThat(channel.path("top_values").get(0).path("value").isTextual()).isTrue();
    }

    @Test
    void appendsAddRowsAfterThePreviousVersion() {
        server.post(DATASETS, admin, "{\"name\":\"scores\"}");
        String versions = DATASETS + "/scores/versions";
        assertThat(Multipart.file("a.csv", bytes("id,score\n1,0.5\n2,0.25\n"))
                        .post(server, versions, admin)
                        .status())
                .isEqualTo(201);
        Response appended = Multipart.file("b.csv", bytes("id,score\n3,1\n"))
                .withField("mode", "append")
                .post(server, versions, admin);
        assertThat(appended.status()).as(appended.text()).isEqualTo(201);
        assertThat(appended.json().path("mode").asText()).isEqualTo("append");
        assertThat(appended.json().path("row_count").asLong()).isEqualTo(3);
        assertThat(appended.json().path("file_count").asInt()).isEqualTo(2);

        JsonNode rows = server.get(versions + "/2/preview", viewer).json().path("rows");
        assertThat(rows.toString()).isEqualTo("[[1,0.5],[2,0.25],[3,1.0]]");
        assertThat(server.get(versions + "/2/download?format=csv", viewer).text())
                .isEqualTo("id,score\n1,0.5\n2,0.25\n3,1.0\n");
        Response parquet = server.get(versions + "/2/download?format=parquet", viewer);
        assertThat(parquet.status()).isEqualTo(200);
        assertThat(parquet.headers().firstValue("X-Checksum-Sha256")).isEmpty();

        Response wrongColumns = Multipart.file("c.csv", bytes("id,other\n4,x\n"))
                .withField("mode", "append")
                .post(server, versions, admin);
        assertThat(wrongColumns.status()).isEqualTo(422);
        assertThat(wrongColumns.errorMessage()).contains("same columns in the same order");
    }

    @Test
    void viewersReadButDoNotWriteAndEveryChangeIsAudited() {
        assertThat(server.post(DATASETS, viewer, "{\"name\":\"nope\"}").errorCode())
                .isEqualTo("PERMISSION_DENIED");
        server.post(DATASETS, admin, "{\"name\":\"audited\"}");
        Response refused =
                Multipart.file("a.csv", bytes("a\n1\n")).post(server, DATASETS + "/audited/versions", viewer);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(Multipart.file("a.csv", bytes("a\n1\n"))
                        .post(server, DATASETS + "/audited/versions", admin)
                        .status())
                .isEqualTo(201);

        JsonNode events = server.get("/api/v1/projects/lab/audit?max_results=1000", admin)
                .json()
                .path("events");
        List<String> actions = new ArrayList<>();
        List<String> names = new ArrayList<>();
        events.forEach(event -> {
            actions.add(event.path("action").asText());
            names.add(event.path("resource_name").asText());
        });
        assertThat(actions).contains("dataset.create", "dataset_version.create");
        assertThat(names).contains("audited", "audited/1");
    }

    private static Map<String, String> types(JsonNode version) {
        Map<String, String> types = new java.util.LinkedHashMap<>();
        version.path("schema")
                .forEach(column -> types.put(
                        column.path("name").asText(), column.path("type").asText()));
        return types;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
