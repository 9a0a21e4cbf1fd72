package dev.modelyard.store.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnSummary;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.DataFile;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.IngestRequest;
import dev.modelyard.core.dataset.IngestedTable;
import dev.modelyard.core.dataset.InvalidTableException;
import dev.modelyard.core.dataset.SourceFormat;
import dev.modelyard.core.dataset.TablePreview;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.dataset.TableSummary;
import dev.modelyard.core.dataset.VersionMode;
import dev.modelyard.core.user.UserRef;
import dev.modelyard.store.blob.FileBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DuckDB engine on the fixture data: type inference, conversions, preview, summaries, export, scans. */
class DuckDbTablesTest {
    private static final List<String> WINE_INTEGERS = List.of("magnesium", "proline", "label");

    @TempDir
    Path root;

    private FileBlobStore blobs;
    private DuckDbTables tables;

    @BeforeEach
    void open() throws IOException {
        blobs = FileBlobStore.open(root.resolve("blobs"));
        tables = DuckDbTables.open(blobs, DuckDbTables.Config.defaults(root.resolve("work")));
    }

    @Test
    void wineColumnsAreInferredAsIntegersAndDoubles() throws IOException {
        DatasetVersion wine = ingest(fixture("wine.csv"), SourceFormat.CSV, Map.of());

        assertThat(wine.rowCount()).isEqualTo(178);
        assertThat(wine.schema().names()).isEqualTo(Arrays.asList(header(fixture("wine.csv"))));
        for (Column column : wine.schema().columns()) {
            assertThat(column.type())
                    .as(column.name())
                    .isEqualTo(WINE_INTEGERS.contains(column.name()) ? ColumnType.BIGINT : ColumnType.DOUBLE);
        }
    }

    @Test
    void textColumnsStayText() throws IOException {
        DatasetVersion synth = ingest(fixture("synth_binary.csv"), SourceFormat.CSV, Map.of());

        assertThat(synth.rowCount()).isEqualTo(2000);
        assertThat(synth.schema().column("channel").orElseThrow().type()).isEqualTo(ColumnType.VARCHAR);
        assertThat(synth.schema().column("label").orElseThrow().type()).isEqualTo(ColumnType.BIGINT);
        assertThat(synth.schema().column("f0").orElseThrow().type()).isEqualTo(ColumnType.DOUBLE);
    }

    @Test
    void anExplicitSchemaOverridesInference() throws IOException {
        DatasetVersion wine = ingest(
                fixture("wine.csv"),
                SourceFormat.CSV,
                Map.of("magnesium", ColumnType.DOUBLE, "label", ColumnType.VARCHAR));

        assertThat(wine.schema().column("magnesium").orElseThrow().type()).isEqualTo(ColumnType.DOUBLE);
        assertThat(wine.schema().column("label").orElseThrow().type()).isEqualTo(ColumnType.VARCHAR);
        assertThat(wine.schema().column("proline").orElseThrow().type()).isEqualTo(ColumnType.BIGINT);
        List<Object> first = tables.preview(wine, 0, 1).rows().get(0);
        assertThat(first.get(4)).isEqualTo(127.0);
        assertThat(first.get(13)).isEqualTo("0");
    }

    @Test
    void everyTypeIsInferredAndEmptyFieldsAreNull() throws IOException {
        Path csv = write(
                "types.csv",
                "flag,count,ratio,day,at,name,empty\n"
                        + "true,1,0.5,2024-01-31,2024-01-31 12:00:00,\"a, \"\"quoted\"\" name\",\n"
                        + "false,,1e3,2024-02-29,2024-02-29T08:30:00.250,\"\",\n"
                        + ",3,-2,,,plain,\n");
        DatasetVersion version = ingest(csv, SourceFormat.CSV, Map.of());

        assertThat(version.schema().columns())
                .containsExactly(
                        new Column("flag", ColumnType.BOOLEAN),
                        new Column("count", ColumnType.BIGINT),
                        new Column("ratio", ColumnType.DOUBLE),
                        new Column("day", ColumnType.DATE),
                        new Column("at", ColumnType.TIMESTAMP),
                        new Column("name", ColumnType.VARCHAR),
                        new Column("empty", ColumnType.VARCHAR));
        List<List<Object>> rows = tables.preview(version, 0, 10).rows();
        assertThat(rows.get(0))
                .containsExactly(true, 1L, 0.5, "2024-01-31", "2024-01-31T12:00:00", "a, \"quoted\" name", null);
        assertThat(rows.get(1)).containsExactly(false, null, 1000.0, "2024-02-29", "2024-02-29T08:30:00.25", "", null);
        assertThat(rows.get(2)).containsExactly(null, 3L, -2.0, null, null, "plain", null);
    }

    @Test
    void previewPagesThroughTheRowsInFileOrder() throws IOException {
        Path csv = fixture("wine.csv");
        List<String[]> expected = rows(csv);
        DatasetVersion wine = ingest(csv, SourceFormat.CSV, Map.of());

        List<List<Object>> seen = new ArrayList<>();
        for (long offset = 0; offset < 200; offset += 50) {
            TablePreview page = tables.preview(wine, offset, 50);
            assertThat(page.totalRows()).isEqualTo(178);
            assertThat(page.offset()).isEqualTo(offset);
            assertThat(page.rows()).hasSize((int) Math.max(0, Math.min(50, 178 - offset)));
            seen.addAll(page.rows());
        }
        assertThat(seen).hasSize(178);
        for (int row = 0; row < expected.size(); row++) {
            for (int column = 0; column < 14; column++) {
                String text = expected.get(row)[column];
                Object value = seen.get(row).get(column);
                assertThat(value)
                        .as("row %d column %d", row, column)
                        .isEqualTo(
                                value instanceof Long
                                        ? (Object) Long.parseLong(text)
                                        : (Object) Double.parseDouble(text));
            }
        }
        assertThat(tables.preview(wine, 178, 10).rows()).isEmpty();
    }

    @Test
    void summariesMatchValuesComputedHere() throws IOException {
        Path csv = fixture("wine.csv");
        List<String[]> rows = rows(csv);
        DatasetVersion wine = ingest(csv, SourceFormat.CSV, Map.of());

        TableSummary summary = tables.summarize(wine);

        assertThat(summary.rowCount()).isEqualTo(178);
        assertThat(summary.quantilesExact()).isTrue();
        for (int index : new int[] {0, 4, 9, 12}) {
            ColumnSummary column = summary.columns().get(index);
            double[] values = rows.stream()
                    .mapToDouble(row -> Double.parseDouble(row[index]))
                    .toArray();
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double mean = Arrays.stream(values).sum() / values.length;
            double variance = Arrays.stream(values)
                            .map(value -> (value - mean) * (value - mean))
                            .sum()
                    / (values.length - 1);
            long distinct = Arrays.stream(values).distinct().count();
            String name = column.column().name();

            assertThat(column.count()).as(name).isEqualTo(178);
            assertThat(column.nulls()).as(name).isZero();
            assertThat(((Number) column.min().orElseThrow()).doubleValue())
                    .as(name)
                    .isEqualTo(sorted[0]);
            assertThat(((Number) column.max().orElseThrow()).doubleValue())
                    .as(name)
                    .isEqualTo(sorted[sorted.length - 1]);
            assertThat(column.mean().orElseThrow()).as(name).isCloseTo(mean, within(1e-9 * Math.abs(mean)));
            assertThat(column.std().orElseThrow())
                    .as(name)
                    .isCloseTo(Math.sqrt(variance), within(1e-9 * Math.sqrt(variance)));
            assertThat(column.distinctEstimate()).as(name).isBetween((long) (distinct * 0.9), (long) (distinct * 1.1));
            for (double q : new double[] {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99}) {
                assertThat(column.quantiles().get(DuckDbTables.quantileName(q)))
                        .as(name + " " + q)
                        .isCloseTo(quantile(sorted, q), within(1e-9 * (1 + Math.abs(quantile(sorted, q)))));
            }
        }
        Map<Long, Long> labels = new TreeMap<>();
        rows.forEach(row -> labels.merge(Long.parseLong(row[13]), 1L, Long::sum));
        ColumnSummary label = summary.columns().get(13);
        assertThat(label.topValues())
                .extracting(ColumnSummary.ValueCount::value, ColumnSummary.ValueCount::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, labels.get(1L)),
                        org.assertj.core.groups.Tuple.tuple(0L, labels.get(0L)),
                        org.assertj.core.groups.Tuple.tuple(2L, labels.get(2L)));
    }

    @Test
    void textColumnsAreSummarisedByTheirValues() throws IOException {
        Path csv = fixture("synth_binary.csv");
        List<String[]> rows = rows(csv);
        DatasetVersion synth = ingest(csv, SourceFormat.CSV, Map.of());

        ColumnSummary channel = tables.summarize(synth).columns().get(8);

        Map<String, Long> counts = new TreeMap<>();
        rows.forEach(row -> counts.merge(row[8], 1L, Long::sum));
        assertThat(channel.column().name()).isEqualTo("channel");
        assertThat(channel.min()).contains(counts.keySet().iterator().next());
        assertThat(channel.mean()).isEmpty();
        assertThat(channel.quantiles()).isEmpty();
        assertThat(channel.distinctEstimate()).isEqualTo(counts.size());
        long mostFrequent =
                counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertThat(channel.topValues().get(0).count()).isEqualTo(mostFrequent);
        assertThat(channel.topValues())
                .allSatisfy(value -> assertThat(value.count()).isEqualTo(counts.get((String) value.value())));
    }

    @Test
    void csvAndParquetDownloadsReadBackAsTheSameTable() throws IOException {
        DatasetVersion original = ingest(fixture("synth_binary.csv"), SourceFormat.CSV, Map.of());
        List<List<Object>> rows = tables.preview(original, 0, 1000).rows();

        for (SourceFormat format : SourceFormat.values()) {
            Path exported = tables.export(original, format);
            try {
                DatasetVersion again = ingest(exported, format, Map.of());
                assertThat(again.schema()).as(format.id()).isEqualTo(original.schema());
                assertThat(again.rowCount()).as(format.id()).isEqualTo(2000);
                assertThat(tables.preview(again, 0, 1000).rows())
                        .as(format.id())
                        .isEqualTo(rows);
            } finally {
                Files.deleteIfExists(exported);
            }
        }
        Path csv = tables.export(original, SourceFormat.CSV);
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("f0,f1,f2,f3,f4,f5,f6,f7,channel,label");
        Files.delete(csv);
    }

    @Test
    void scansHandOverColumnBatchesInOrder() throws IOException {
        Path csv = fixture("wine.csv");
        List<String[]> expected = rows(csv);
        DatasetVersion wine = ingest(csv, SourceFormat.CSV, Map.of("label", ColumnType.VARCHAR));

        List<ColumnBatch> batches = new ArrayList<>();
        tables.scan(wine, List.of("label", "alcohol", "proline"), 50, batches::add);

        assertThat(batches).extracting(ColumnBatch::rowCount).containsExactly(50, 50, 50, 28);
        assertThat(batches).extracting(ColumnBatch::firstRow).containsExactly(0L, 50L, 100L, 150L);
        int row = 0;
        for (ColumnBatch batch : batches) {
            ColumnBatch.StringVector label = (ColumnBatch.StringVector) batch.vector("label");
            ColumnBatch.DoubleVector alcohol = (ColumnBatch.DoubleVector) batch.vector("alcohol");
            ColumnBatch.DoubleVector proline = (ColumnBatch.DoubleVector) batch.vector("proline");
            for (int i = 0; i < batch.rowCount(); i++, row++) {
                assertThat(label.values()[i]).isEqualTo(expected.get(row)[13]);
                assertThat(alcohol.values()[i]).isEqualTo(Double.parseDouble(expected.get(row)[0]));
                assertThat(proline.values()[i]).isEqualTo(Double.parseDouble(expected.get(row)[12]));
                assertThat(alcohol.isNull(i)).isFalse();
            }
        }
        assertThat(row).isEqualTo(178);
    }

    @Test
    void scansMarkNulls() throws IOException {
        DatasetVersion version =
                ingest(write("nulls.csv", "x,ok,name\n1.5,true,a\n,,\n2,false,b\n"), SourceFormat.CSV, Map.of());
        List<ColumnBatch> batches = new ArrayList<>();
        tables.scan(version, List.of(), 10, batches::add);

        ColumnBatch batch = batches.get(0);
        ColumnBatch.DoubleVector x = (ColumnBatch.DoubleVector) batch.vector("x");
        ColumnBatch.BooleanVector ok = (ColumnBatch.BooleanVector) batch.vector("ok");
        ColumnBatch.StringVector name = (ColumnBatch.StringVector) batch.vector("name");
        assertThat(x.nulls()).containsExactly(false, true, false);
        assertThat(x.values()[0]).isEqualTo(1.5);
        assertThat(x.values()[1]).isNaN();
        assertThat(ok.values()).containsExactly(true, false, false);
        assertThat(ok.nulls()).containsExactly(false, true, false);
        assertThat(name.values()).containsExactly("a", null, "b");
    }

    @Test
    void anAppendReadsThePreviousRowsFirst() throws IOException {
        DatasetVersion first = ingest(write("a.csv", "id,score\n1,0.5\n2,0.25\n"), SourceFormat.CSV, Map.of());
        Path target = blobs.newStagingFile();
        IngestedTable table = tables.ingest(new IngestRequest(
                write("b.csv", "id,score\n3,1\n"), SourceFormat.CSV, Map.of(), Optional.of(first.schema()), target));
        assertThat(table.schema()).isEqualTo(first.schema());
        DataFile own = commit(target, table.rowCount());
        List<DataFile> files = new ArrayList<>(first.files());
        files.add(own);
        DatasetVersion appended = version(VersionMode.APPEND, table.schema(), files);

        assertThat(tables.preview(appended, 0, 10).rows())
                .containsExactly(List.of(1L, 0.5), List.of(2L, 0.25), List.of(3L, 1.0));
        assertThat(tables.summarize(appended).columns().get(0).max()).contains(3L);
        assertThatThrownBy(() -> tables.ingest(new IngestRequest(
                        write("c.csv", "score,id\n1,3\n"),
                        SourceFormat.CSV,
                        Map.of(),
                        Optional.of(first.schema()),
                        blobs.newStagingFile())))
                .isInstanceOf(InvalidTableException.class)
                .hasMessageContaining("same columns in the same order");
    }

    @Test
    void parquetTypesAreNarrowedToDatasetTypes() throws Exception {
        Path parquet = root.resolve("typed.parquet");
        duckdb("COPY (SELECT 1::INTEGER AS small, 2.5::FLOAT AS single, 3.25::DECIMAL(10,2) AS money,"
                + " 'x'::VARCHAR AS text, TIMESTAMPTZ '2024-01-31 12:00:00+02' AS zoned, DATE '2024-01-31' AS day)"
                + " TO '" + parquet + "' (FORMAT parquet)");
        DatasetVersion version = ingest(parquet, SourceFormat.PARQUET, Map.of("text", ColumnType.VARCHAR));

        assertThat(version.schema().columns())
                .extracting(Column::type)
                .containsExactly(
                        ColumnType.BIGINT,
                        ColumnType.DOUBLE,
                        ColumnType.DOUBLE,
                        ColumnType.VARCHAR,
                        ColumnType.TIMESTAMP,
                        ColumnType.DATE);
        assertThat(tables.preview(version, 0, 1).rows().get(0))
                .containsExactly(1L, 2.5, 3.25, "x", "2024-01-31T10:00:00", "2024-01-31");
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void raggedRowsAreRefusedWithTheirLine() {
        assertInvalid("a,b,c\n1,2,3\n4,5\n", SourceFormat.CSV, Map.of(), "line 3 has 2 fields but the header has 3")
                .satisfies(e -> assertThat(e.line()).contains(3L));
        assertInvalid("a,b\n1,2\n3,4,5\n", SourceFormat.CSV, Map.of(), "line 3 has 3 fields");
        assertInvalid("a,b\n1,2\n\n3,4\n", SourceFormat.CSV, Map.of(), "line 3 is empty");
    }

    @Test
    void badQuotingIsRefusedWithItsPosition() {
        assertInvalid("a,b\n1,\"open\n2,3\n", SourceFormat.CSV, Map.of(), "line 2, column 3: a quoted field")
                .satisfies(e -> {
                    assertThat(e.line()).contains(2L);
                    assertThat(e.position()).contains(3);
                });
        assertInvalid("a,b\n1,ab\"c\n", SourceFormat.CSV, Map.of(), "line 2, column 5: a quote inside an unquoted");
        assertInvalid("a,b\n1,\"ab\"c\n", SourceFormat.CSV, Map.of(), "line 2, column 7: unexpected text after");
    }

    @Test
    void mixedTypesUnderAnExplicitSchemaAreRefusedWithLineAndColumn() {
        assertInvalid(
                        "a,b\n1,2\n3,4\n5,x\n",
                        SourceFormat.CSV,
                        Map.of("b", ColumnType.BIGINT),
                        "line 4, column 'b': 'x' is not a BIGINT")
                .satisfies(e -> {
                    assertThat(e.line()).contains(4L);
                    assertThat(e.column()).contains("b");
                });
        assertInvalid(
                "a,b\n1,2024-01-01\n2,someday\n",
                SourceFormat.CSV,
                Map.of("b", ColumnType.DATE),
                "line 3, column 'b': 'someday' is not a DATE");
    }

    @Test
    void headersMustNameEveryColumnOnce() {
        assertInvalid("a,b,A\n1,2,3\n", SourceFormat.CSV, Map.of(), "columns 1 ('a') and 3 ('A') have the same name");
        assertInvalid(",b\n1,2\n", SourceFormat.CSV, Map.of(), "column 1 has no name");
        assertInvalid("\n", SourceFormat.CSV, Map.of(), "column 1 has no name");
        assertInvalid("a,b\n1,2\n", SourceFormat.CSV, Map.of("c", ColumnType.BIGINT), "names column 'c'");
    }

    @Test
    void bytesThatAreNotTextOrNotParquetAreRefused() throws Exception {
        byte[] latin1 = "name\nJos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        assertInvalid(latin1, SourceFormat.CSV, Map.of(), "line 2 is not valid UTF-8");
        assertInvalid("a,b\n1,2\n", SourceFormat.PARQUET, Map.of(), "not a Parquet file");
        byte[] truncated = Arrays.copyOf(parquetBytes("SELECT 1 AS a"), 40);
        truncated[36] = 'P';
        truncated[37] = 'A';
        truncated[38] = 'R';
        truncated[39] = '1';
        assertInvalid(truncated, SourceFormat.PARQUET, Map.of(), "not a readable Parquet file");
        assertInvalid(parquetBytes("SELECT 1 AS a"), SourceFormat.CSV, Map.of(), "this is a Parquet file");
    }

    @Test
    void parquetValuesThatDoNotFitTheSchemaAreRefusedWithTheirRow() throws Exception {
        byte[] parquet = parquetBytes("SELECT * FROM (VALUES ('1'), ('2'), ('x')) AS t(code)");
        assertInvalid(parquet, SourceFormat.PARQUET, Map.of("code", ColumnType.BIGINT), "row 2 (counting from 0)")
                .satisfies(e -> {
                    assertThat(e.row()).contains(2L);
                    assertThat(e.column()).contains("code");
                });
        assertInvalid(
                parquetBytes("SELECT [1, 2] AS list"),
                SourceFormat.PARQUET,
                Map.of(),
                "column 'list' has the type INTEGER[]");
    }

    @Test
    void nothingIsDownloadedAndScratchStaysInTheWorkFolder() throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", tables.settings());
                Statement statement = connection.createStatement()) {
            try (ResultSet settings = statement.executeQuery("SELECT current_setting('autoinstall_known_extensions'),"
                    + " current_setting('autoload_known_extensions'), current_setting('temp_directory'),"
                    + " current_setting('extension_directory')")) {
                settings.next();
                assertThat(settings.getBoolean(1)).isFalse();
                assertThat(settings.getBoolean(2)).isFalse();
                assertThat(settings.getString(3))
                        .startsWith(root.resolve("work").toString());
                assertThat(settings.getString(4))
                        .startsWith(root.resolve("work").toString());
            }
            try (ResultSet loaded =
                    statement.executeQuery("SELECT extension_name FROM duckdb_extensions() WHERE loaded ORDER BY 1")) {
                List<String> names = new ArrayList<>();
                while (loaded.next()) {
                    names.add(loaded.getString(1));
                }
                assertThat(names).contains("parquet");
            }
            assertThatThrownBy(() -> statement.execute("LOAD httpfs")).isInstanceOf(SQLException.class);
        }
        assertThat(Files.exists(root.resolve("work").resolve("extensions"))).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private org.assertj.core.api.ObjectAssert<InvalidTableException> assertInvalid(
            String content, SourceFormat format, Map<String, ColumnType> overrides, String message) {
        return assertInvalid(content.getBytes(StandardCharsets.UTF_8), format, overrides, message);
    }

    private org.assertj.core.api.ObjectAssert<InvalidTableException> assertInvalid(
            byte[] content, SourceFormat format, Map<String, ColumnType> overrides, String message) {
        try {
            Path source = Files.createTempFile(root, "bad-", ".bin");
            Files.write(source, content);
            Path target = blobs.newStagingFile();
            InvalidTableException failure = null;
            try {
                tables.ingest(new IngestRequest(source, format, overrides, Optional.empty(), target));
            } catch (InvalidTableException e) {
                failure = e;
            }
            assertThat(failure).as("ingest fails").isNotNull();
            assertThat(failure.getMessage()).contains(message);
            assertThat(Files.size(target)).as("nothing written").isZero();
            try (Stream<Path> staged = Files.list(target.getParent())) {
                assertThat(staged.toList()).as("nothing beside the target").containsExactly(target);
            }
            Files.delete(target);
            return new org.assertj.core.api.ObjectAssert<>(failure);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void rowsModelyardProducesAreWrittenWithTheirExactSchemaAndReadBack() throws IOException {
        TableSchema schema = new TableSchema(List.of(
                new Column("at", ColumnType.TIMESTAMP),
                new Column("name", ColumnType.VARCHAR),
                new Column("count", ColumnType.BIGINT),
                new Column("score", ColumnType.DOUBLE),
                new Column("ok", ColumnType.BOOLEAN),
                new Column("day", ColumnType.DATE)));
        Instant at = Instant.parse("2026-11-22T10:15:30.123456Z");
        List<Object[]> rows = List.of(
                new Object[] {at, "first, \"quoted\"\nline", 7L, 0.1 + 0.2, true, java.time.LocalDate.of(2026, 1, 31)},
                new Object[] {null, null, null, null, null, null});
        Path target = blobs.newStagingFile();
        IngestedTable table = tables.writeRows(schema, rows, target);
        assertThat(table.schema()).isEqualTo(schema);
        assertThat(table.rowCount()).isEqualTo(2);
        DatasetVersion version = version(VersionMode.SNAPSHOT, schema, List.of(commit(target, 2)));
        List<ColumnBatch> batches = new java.util.ArrayList<>();
        tables.scan(version, List.of(), 10, batches::add);
        ColumnBatch batch = batches.get(0);
        assertThat(((ColumnBatch.StringVector) batch.vector("at")).values()[0]).isEqualTo("2026-11-22T10:15:30.123456");
        assertThat(((ColumnBatch.StringVector) batch.vector("name")).values()[0])
                .isEqualTo("first, \"quoted\"\nline");
        assertThat(((ColumnBatch.DoubleVector) batch.vector("count")).values()[0])
                .isEqualTo(7.0);
        assertThat(((ColumnBatch.DoubleVector) batch.vector("score")).values()[0])
                .isEqualTo(0.1 + 0.2);
        assertThat(((ColumnBatch.BooleanVector) batch.vector("ok")).values()[0]).isTrue();
        assertThat(((ColumnBatch.StringVector) batch.vector("day")).values()[0]).isEqualTo("2026-01-31");
        for (ColumnBatch.Vector vector : batch.vectors()) {
            assertThat(vector.isNull(1)).as(vector.column().name()).isTrue();
        }

        Path refused = blobs.newStagingFile();
        assertThatThrownBy(() -> tables.writeRows(
                        schema, List.<Object[]>of(new Object[] {at, "x", "7", 1.0, true, null}), refused))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("column 'count' is BIGINT but the value is a String");
        assertThatThrownBy(() -> tables.writeRows(schema, List.<Object[]>of(new Object[] {at}), refused))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has 1 values for 6 columns");
    }

    private DatasetVersion ingest(Path source, SourceFormat format, Map<String, ColumnType> overrides)
            throws IOException {
        Path target = blobs.newStagingFile();
        IngestedTable table = tables.ingest(new IngestRequest(source, format, overrides, Optional.empty(), target));
        return version(VersionMode.SNAPSHOT, table.schema(), List.of(commit(target, table.rowCount())));
    }

    private DataFile commit(Path target, long rows) throws IOException {
        long size = Files.size(target);
        String digest = sha256(target);
        blobs.commit(target, digest);
        return new DataFile(digest, size, rows);
    }

    private static DatasetVersion version(VersionMode mode, TableSchema schema, List<DataFile> files) {
        DataFile own = files.get(files.size() - 1);
        return new DatasetVersion(
                UUID.randomUUID().toString(),
                "dataset",
                files.size(),
                mode,
                schema,
                files.stream().mapToLong(DataFile::rowCount).sum(),
                own.digest(),
                own.sizeBytes(),
                files,
                SourceFormat.CSV,
                "test.csv",
                own.digest(),
                own.sizeBytes(),
                new UserRef("u", "tester"),
                Instant.now());
    }

    private byte[] parquetBytes(String select) throws Exception {
        Path file = Files.createTempFile(root, "made-", ".parquet");
        Files.delete(file);
        duckdb("COPY (" + select + ") TO '" + file + "' (FORMAT parquet)");
        return Files.readAllBytes(file);
    }

    private void duckdb(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", tables.settings());
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private Path write(String name, String content) throws IOException {
        return Files.writeString(root.resolve(name), content, StandardCharsets.UTF_8);
    }

    private Path fixture(String name) throws IOException {
        Path file = root.resolve(name);
        if (!Files.exists(file)) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("fixtures/" + name)) {
                Files.copy(in, file);
            }
        }
        return file;
    }

    private static String[] header(Path csv) throws IOException {
        try (Stream<String> lines = Files.lines(csv)) {
            return lines.findFirst().orElseThrow().split(",");
        }
    }

    private static List<String[]> rows(Path csv) throws IOException {
        try (Stream<String> lines = Files.lines(csv)) {
            return lines.skip(1).map(line -> line.split(",")).toList();
        }
    }

    /** Linear interpolation between closest ranks (R type 7), as quantile_cont. */
    private static double quantile(double[] sorted, double q) {
        double position = (sorted.length - 1) * q;
        int below = (int) Math.floor(position);
        int above = Math.min(below + 1, sorted.length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
