package dev.modelyard.cli;

import static dev.modelyard.cli.GovernanceFixtures.assertRefused;
import static dev.modelyard.cli.GovernanceFixtures.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets typed at the command line, in this JVM, against the real server. */
class DatasetCliIT {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @TempDir
    Path config;

    @Test
    void aCsvGoesInAsAVersionAndComesOutAsCsvAndParquet() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            CliRunner cli = new CliRunner(config);
            assertSucceeded(cli.run("login", "--url", server.baseUri().toString(), "--token", server.adminToken()));
            assertSucceeded(cli.run("projects", "create", "demo"));
            assertThat(assertSucceeded(cli.run("datasets", "create", "demo", "wine", "--description", "UCI wine"))
                            .out())
                    .isEqualTo("Created dataset wine in project demo.\n");
            assertThat(assertSucceeded(cli.run("datasets", "list", "demo")).out())
                    .containsPattern("NAME\\s+DESCRIPTION\\s+CREATED BY")
                    .containsPattern("wine\\s+UCI wine\\s+admin");
            assertThat(assertSucceeded(cli.run("datasets", "show", "demo", "wine"))
                            .out())
                    .containsPattern("Versions:\\s+none yet");
            CliRunner.Result noVersion = cli.run("datasets", "preview", "demo", "wine");
            assertThat(noVersion.exitCode()).isEqualTo(1);
            assertThat(noVersion.err()).contains("has no versions yet").contains("(DATASET_VERSION_NOT_FOUND)");

            Path wine = EmbeddedServer.fixture("wine.csv", work);
            assertThat(assertSucceeded(cli.run(
                                    "datasets", "upload", "demo", "wine", wine.toString(), "--type", "label=varchar"))
                            .out())
                    .startsWith("Uploaded wine.csv as version 1 of demo/wine (snapshot: 178 rows, 14 columns, ");
            String shown =
                    assertSucceeded(cli.run("datasets", "show", "demo", "wine")).out();
            assertThat(shown)
                    .containsPattern("Description:\\s+UCI wine")
                    .containsPattern("Version:\\s+1")
                    .containsPattern("Rows:\\s+178")
                    .containsPattern("Source:\\s+wine.csv \\(csv, 29.3 KiB\\)")
                    .containsPattern("magnesium\\s+BIGINT")
                    .containsPattern("alcohol\\s+DOUBLE")
                    .containsPattern("label\\s+VARCHAR");
            JsonNode version =
                    json.readTree(assertSucceeded(cli.run("datasets", "show", "demo", "wine", "1", "--output", "json"))
                            .out());
            String digest = version.path("digest").asText();
            assertThat(assertSucceeded(cli.run("datasets", "versions", "demo", "wine"))
                            .out())
                    .containsPattern("1\\s+snapshot\\s+178\\s+14\\s+\\S+ KiB\\s+wine.csv\\s+" + digest + "\\s+admin");

            assertThat(assertSucceeded(cli.run(
                                    "datasets", "preview", "demo", "wine", "1", "--offset", "100", "--limit", "3"))
                            .out())
                    .startsWith("alcohol  ")
                    .containsPattern("proline\\s+label\\n")
                    .endsWith("Rows 100 to 102 of 178 (version 1); more with --offset 103.\n")
                    .hasLineCount(5);
            JsonNode preview = json.readTree(
                    assertSucceeded(cli.run("datasets", "preview", "demo", "wine", "--limit", "2", "--output", "json"))
                            .out());
            assertThat(preview.path("rows").size()).isEqualTo(2);
            assertThat(preview.path("rows").get(0).get(13).asText()).isEqualTo("0");
            assertThat(assertSucceeded(cli.run("datasets", "summary", "demo", "wine"))
                            .out())
                    .startsWith("Dataset wine version 1: 178 rows; quantiles exact.")
                    .containsPattern(
                            "label\\s+VARCHAR\\s+178\\s+0\\s+~3\\s+0\\s+2\\s+-\\s+-\\s+-\\s+1 \\(71\\), 0 \\(59\\),"
                                    + " 2 \\(48\\)");

            // CSV out, and in again as the same table
            Path csv = work.resolve("out/wine-v1.csv");
            assertThat(assertSucceeded(cli.run(
                                    "datasets",
                                    "download",
                                    "demo",
                                    "wine",
                                    "1",
                                    "--format",
                                    "csv",
                                    "-o",
                                    csv.toString()))
                            .out())
                    .startsWith("Downloaded version 1 of demo/wine as CSV to " + csv);
            assertThat(Files.readAllLines(csv)).hasSize(179).first().asString().startsWith("alcohol,malic_acid,");
            assertSucceeded(cli.run("datasets", "create", "demo", "copy"));
            JsonNode copy = json.readTree(assertSucceeded(cli.run(
                            "datasets",
                            "upload",
                            "demo",
                            "copy",
                            csv.toString(),
                            "--type",
                            "label=VARCHAR",
                            "--output",
                            "json"))
                    .out());
            assertThat(copy.path("row_count").asLong()).isEqualTo(178);
            assertThat(copy.path("schema")).isEqualTo(version.path("schema"));

            // Parquet out: the stored file itself, whose SHA-256 is the version's digest
            Path parquet = work.resolve("wine.parquet");
            JsonNode downloaded = json.readTree(assertSucceeded(cli.run(
                            "datasets", "download", "demo", "wine", "-o", parquet.toString(), "--output", "json"))
                    .out());
            assertThat(downloaded.path("sha256").asText()).isEqualTo(digest);
            assertThat(sha256(Files.readAllBytes(parquet))).isEqualTo(digest);
            CliRunner.Result toStdout =
                    assertSucceeded(cli.run("datasets", "download", "demo", "wine", "1", "--format", "csv", "-o", "-"));
            assertThat(toStdout.out()).isEqualTo(Files.readString(csv, StandardCharsets.UTF_8));

            // append: the previous rows and the new ones, with the first version's schema
            assertThat(assertSucceeded(
                                    cli.run("datasets", "upload", "demo", "wine", wine.toString(), "--mode", "append"))
                            .out())
                    .startsWith(
                            "Uploaded wine.csv as version 2 of demo/wine (append: 356 rows in 2 Parquet files, 14 columns).");
            assertThat(assertSucceeded(cli.run("datasets", "show", "demo", "wine"))
                            .out())
                    .containsPattern("Version:\\s+2")
                    .containsPattern("label\\s+VARCHAR");

            // refusals
            assertRefused(cli.run("datasets", "show", "demo", "nope"), "DATASET_NOT_FOUND");
            assertRefused(cli.run("datasets", "show", "demo", "wine", "9"), "DATASET_VERSION_NOT_FOUND");
            assertRefused(
                    cli.run("datasets", "upload", "demo", "wine", wine.toString(), "--type", "label=DECIMAL"),
                    "INVALID_REQUEST");
            Path ragged = Files.writeString(work.resolve("ragged.csv"), "a,b\n1,2\n3\n");
            assertThat(assertRefused(
                                    cli.run("datasets", "upload", "demo", "wine", ragged.toString()), "INVALID_DATASET")
                            .err())
                    .contains("ragged.csv: line 3 has 1 field but the header has 2 columns");
            CliRunner.Result badFormat =
                    cli.run("datasets", "upload", "demo", "wine", wine.toString(), "--format", "xlsx");
            assertThat(badFormat.exitCode()).isEqualTo(2);
            assertThat(badFormat.err()).contains("--format must be one of [csv, parquet], got 'xlsx'");
        }
    }

    @Test
    void bigTransfersShowAProgressBarUnlessTheOutputIsJson() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            CliRunner cli = new CliRunner(config);
            assertSucceeded(cli.run("login", "--url", server.baseUri().toString(), "--token", server.adminToken()));
            assertSucceeded(cli.run("projects", "create", "demo"));
            assertSucceeded(cli.run("datasets", "create", "demo", "customers"));
            List<String> lines = Files.readAllLines(EmbeddedServer.fixture("synth_binary.csv", work));
            List<String> big = new ArrayList<>(lines);
            for (int copy = 0; copy < 3; copy++) {
                big.addAll(lines.subList(1, lines.size()));
            }
            Path file = Files.write(work.resolve("big.csv"), big);
            assertThat(Files.size(file)).isGreaterThan(ModelsCommand.PROGRESS_BAR_THRESHOLD_BYTES);

            CliRunner.Result uploaded =
                    assertSucceeded(cli.run("datasets", "upload", "demo", "customers", file.toString()));
            assertThat(uploaded.err()).contains("Uploading big.csv").contains("100%");
            assertThat(uploaded.out()).contains("(snapshot: 8000 rows, 10 columns, ");
            CliRunner.Result quiet = assertSucceeded(
                    cli.run("datasets", "upload", "demo", "customers", file.toString(), "--output", "json"));
            assertThat(quiet.err()).isEmpty();

            Path csv = work.resolve("big-out.csv");
            CliRunner.Result downloaded = assertSucceeded(
                    cli.run("datasets", "download", "demo", "customers", "1", "--format", "csv", "-o", csv.toString()));
            assertThat(downloaded.err())
                    .contains("Downloading customers version 1")
                    .contains("100%");
            assertThat(Files.readAllLines(csv)).hasSize(8001);
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
