package dev.modelyard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.api.DatasetPreviewResponse;
import dev.modelyard.api.DatasetResponse;
import dev.modelyard.api.DatasetSummaryResponse;
import dev.modelyard.api.DatasetVersionResponse;
import dev.modelyard.api.ListDatasetVersionsResponse;
import dev.modelyard.api.ListDatasetsResponse;
import dev.modelyard.client.TestingApiServer.CannedResponse;
import dev.modelyard.client.TestingApiServer.ReceivedRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset methods against a canned server: the requests they send and what they read back. */
class DatasetClientTest {
    private static final String VERSIONS = "/api/v1/projects/demo/datasets/wine/versions";
    private static final String VERSION =
            """
            {"id":"dv1","project":"demo","dataset":"wine","number":2,"mode":"snapshot",
             "schema":[{"name":"alcohol","type":"DOUBLE"},{"name":"label","type":"VARCHAR"}],
             "row_count":178,"digest":"9c1f","size_bytes":16384,"file_count":1,"source_format":"csv",
             "source_file_name":"wine.csv","source_digest":"4be0","source_size_bytes":29957,
             "created_by":"alice","created_at":"2025-01-02T03:04:05Z","a_field_from_a_newer_server":1}""";

    @TempDir
    Path directory;

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
    void createsListsAndGetsDatasetsByName() {
        String dataset =
                """
                {"id":"d1","project":"demo","name":"wine","description":"UCI wine","created_by":"alice",
                 "created_at":"2025-01-02T03:04:05Z"}""";
        server.answer("POST", "/api/v1/projects/demo/datasets", CannedResponse.json(201, dataset));
        server.answer(
                "GET",
                "/api/v1/projects/demo/datasets",
                CannedResponse.json(200, "{\"datasets\":[" + dataset + "],\"next_page_token\":\"n1\"}"));
        server.answer("GET", "/api/v1/projects/demo/datasets/wine", CannedResponse.json(200, dataset));

        DatasetResponse created = client.createDataset("demo", "wine", "UCI wine");
        ReceivedRequest create = server.lastRequest();
        ListDatasetsResponse listed =
                client.listDatasets("demo", PageOptions.firstPage().withMaxResults(10));
        ReceivedRequest list = server.lastRequest();
        DatasetResponse fetched = client.getDataset("demo", "wine");

        assertThat(create.bodyText()).isEqualTo("{\"name\":\"wine\",\"description\":\"UCI wine\"}");
        assertThat(created.createdBy()).isEqualTo("alice");
        assertThat(list.uri().getRawQuery()).isEqualTo("max_results=10");
        assertThat(listed.datasets()).extracting(DatasetResponse::name).containsExactly("wine");
        assertThat(listed.nextPageToken()).isEqualTo("n1");
        assertThat(fetched.description()).isEqualTo("UCI wine");
    }

    @Test
    void uploadsTheFileWithTheSchemaFormatAndModeAsPlainFieldsAndReportsProgress() throws IOException {
        Path csv = Files.writeString(directory.resolve("wine.csv"), "alcohol,label\n14.2,0\n13.1,1\n");
        server.answer("POST", VERSIONS, CannedResponse.json(201, VERSION));
        AtomicLong lastProgress = new AtomicLong();
        AtomicLong announcedTotal = new AtomicLong();
        Set<Path> scratchBefore = scratchFolders();
        Map<String, String> types = new LinkedHashMap<>();
        types.put("label", "VARCHAR");
        types.put("alcohol", "DOUBLE");

        DatasetVersionResponse version = client.uploadDatasetVersion(
                "demo", "wine", csv, types, Optional.of("csv"), Optional.of("snapshot"), (sent, total) -> {
                    lastProgress.set(sent);
                    announcedTotal.set(total);
                });

        assertThat(version.number()).isEqualTo(2);
        assertThat(version.schema())
                .extracting(column -> column.name() + ":" + column.type())
                .containsExactly("alcohol:DOUBLE", "label:VARCHAR");
        ReceivedRequest request = server.lastRequest();
        assertThat(request.header("Content-Type")).startsWith("multipart/form-data; boundary=modelyard-");
        assertThat(Long.parseLong(request.header("Content-Length"))).isEqualTo(request.body().length);
        assertThat(lastProgress.get()).isEqualTo(request.body().length).isEqualTo(announcedTotal.get());
        String body = request.bodyText();
        assertThat(body)
                .contains("name=\"schema\"\r\nContent-Type: application/json\r\n\r\n"
                        + "{\"alcohol\":\"DOUBLE\",\"label\":\"VARCHAR\"}\r\n")
                .contains("name=\"format\"\r\nContent-Type: text/plain\r\n\r\ncsv\r\n")
                .contains("name=\"mode\"\r\nContent-Type: text/plain\r\n\r\nsnapshot\r\n")
                .contains("name=\"file\"; filename=\"wine.csv\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                        + "alcohol,label\n14.2,0\n13.1,1\n\r\n");
        assertThat(scratchFolders())
                .as("the scratch files of the fields are gone")
                .isEqualTo(scratchBefore);
    }

    @Test
    void anUploadWithoutOptionsSendsTheFileAlone() throws IOException {
        Path csv = Files.writeString(directory.resolve("more.csv"), "a\n1\n");
        server.answer("POST", VERSIONS, CannedResponse.json(201, VERSION));

        client.uploadDatasetVersion("demo", "wine", csv, UploadProgressListener.none());

        String body = server.lastRequest().bodyText();
        assertThat(body).contains("name=\"file\"; filename=\"more.csv\"");
        assertThat(body).doesNotContain("name=\"schema\"", "name=\"format\"", "name=\"mode\"");
    }

    @Test
    void refusesToUploadAFileThatIsNotThere() {
        assertThatThrownBy(() -> client.uploadDatasetVersion(
                        "demo", "wine", directory.resolve("missing.csv"), UploadProgressListener.none()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing.csv");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void readsVersionsPreviewsAndSummariesFromTheirPaths() {
        server.answer("GET", VERSIONS, CannedResponse.json(200, "{\"versions\":[" + VERSION + "]}"));
        server.answer("GET", VERSIONS + "/2", CannedResponse.json(200, VERSION));
        server.answer(
                "GET",
                VERSIONS + "/2/preview",
                CannedResponse.json(
                        200,
                        """
                        {"project":"demo","dataset":"wine","version":2,
                         "schema":[{"name":"alcohol","type":"DOUBLE"},{"name":"label","type":"VARCHAR"}],
                         "offset":100,"limit":2,"total_rows":178,"rows":[[14.2,"0"],[null,"1"]],"next_offset":102}"""));
        server.answer(
                "GET",
                VERSIONS + "/2/summary",
                CannedResponse.json(
                        200,
                        """
                        {"project":"demo","dataset":"wine","version":2,"row_count":178,"quantiles_exact":true,
                         "columns":[{"name":"alcohol","type":"DOUBLE","count":177,"nulls":1,"distinct_estimate":126,
                                     "min":11.03,"max":14.83,"mean":13.0,"std":0.81,"quantiles":{"p50":13.05},
                                     "top_values":[{"value":12.37,"count":6}]}]}"""));

        ListDatasetVersionsResponse versions = client.listDatasetVersions("demo", "wine", PageOptions.firstPage());
        DatasetVersionResponse version = client.getDatasetVersion("demo", "wine", 2);
        DatasetPreviewResponse preview = client.previewDatasetVersion("demo", "wine", 2, 100, 2);
        ReceivedRequest previewRequest = server.lastRequest();
        DatasetSummaryResponse summary = client.summarizeDatasetVersion("demo", "wine", 2);

        assertThat(versions.versions())
                .extracting(DatasetVersionResponse::number)
                .containsExactly(2);
        assertThat(version.digest()).isEqualTo("9c1f");
        assertThat(previewRequest.uri().getRawQuery()).isEqualTo("offset=100&limit=2");
        assertThat(preview.rows()).containsExactly(List.of(14.2, "0"), java.util.Arrays.asList(null, "1"));
        assertThat(preview.nextOffset()).isEqualTo(102L);
        assertThat(summary.columns().get(0).quantiles()).containsEntry("p50", 13.05);
        assertThat(summary.columns().get(0).nulls()).isEqualTo(1);
    }

    @Test
    void downloadsAVersionToAFileCheckingTheAnnouncedDigestAndReportingProgress() throws Exception {
        byte[] parquet = new byte[300_000];
        for (int i = 0; i < parquet.length; i++) {
            parquet[i] = (byte) (i * 31);
        }
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(parquet));
        server.answer(
                "GET", VERSIONS + "/2/download", new CannedResponse(200, Map.of("X-Checksum-Sha256", sha256), parquet));
        Path target = directory.resolve("out/wine.parquet");
        AtomicLong received = new AtomicLong();
        AtomicLong total = new AtomicLong();

        DownloadedArtifact downloaded =
                client.downloadDatasetVersion("demo", "wine", 2, "parquet", target, (bytes, size) -> {
                    received.set(bytes);
                    total.set(size);
                });

        assertThat(server.lastRequest().uri().getRawQuery()).isEqualTo("format=parquet");
        assertThat(target).hasBinaryContent(parquet);
        assertThat(downloaded.sha256()).isEqualTo(sha256);
        assertThat(downloaded.announcedSha256()).contains(sha256);
        assertThat(received.get()).isEqualTo(parquet.length).isEqualTo(total.get());
    }

    @Test
    void downloadsAVersionIntoAStream() {
        byte[] csv = "alcohol,label\n14.2,0\n".getBytes(StandardCharsets.UTF_8);
        server.answer("GET", VERSIONS + "/2/download", new CannedResponse(200, Map.of(), csv));
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        long written = client.downloadDatasetVersion(
                "demo", "wine", 2, "csv", out, ModelyardClient.DownloadProgressListener.none());

        assertThat(written).isEqualTo(csv.length);
        assertThat(out.toByteArray()).isEqualTo(csv);
        assertThat(server.lastRequest().uri().getRawQuery()).isEqualTo("format=csv");
    }

    @Test
    void aRefusedDownloadLeavesNoFileAndCarriesTheServersCode() {
        server.answer(
                "GET",
                VERSIONS + "/9/download",
                CannedResponse.json(
                        404,
                        """
                        {"error":{"code":"DATASET_VERSION_NOT_FOUND","message":"dataset 'wine' has no version 9",
                         "details":{}}}"""));
        Path target = directory.resolve("wine.csv");

        assertThatThrownBy(() -> client.downloadDatasetVersion(
                        "demo", "wine", 9, "csv", target, ModelyardClient.DownloadProgressListener.none()))
                .isInstanceOfSatisfying(ModelyardApiException.class, error -> assertThat(error.code())
                        .isEqualTo("DATASET_VERSION_NOT_FOUND"));
        assertThat(target).doesNotExist();
    }

    private static Set<Path> scratchFolders() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.filter(path -> path.getFileName().toString().startsWith("modelyard-upload-"))
                    .collect(Collectors.toSet());
        }
    }
}
