package dev.modelyard.store.dataset;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnSummary;
import dev.modelyard.core.dataset.ColumnSummary.ValueCount;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.DataFile;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.IngestRequest;
import dev.modelyard.core.dataset.IngestedTable;
import dev.modelyard.core.dataset.InvalidTableException;
import dev.modelyard.core.dataset.SourceFormat;
import dev.modelyard.core.dataset.TableEngine;
import dev.modelyard.core.dataset.TablePreview;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.dataset.TableSummary;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * The {@link TableEngine} on DuckDB (embedded, through its JDBC driver). Each operation runs in
 * its own in-memory DuckDB instance, configured so that nothing is ever downloaded (extension
 * auto-install and auto-load off; Parquet and CSV are built in), memory is capped, and anything
 * that does not fit spills to {@code <work>/spill}. A semaphore bounds how many operations run at
 * once, so memory stays within {@code concurrency × memory-limit}.
 *
 * <p>CSV type inference (documented in docs/datasets.md): DuckDB's sniffer reads the whole file
 * and gives each column the first of BOOLEAN, BIGINT, DOUBLE, DATE ({@code YYYY-MM-DD}),
 * TIMESTAMP (ISO-8601 without a zone), VARCHAR that every non-empty value fits.
 */
public final class DuckDbTables implements TableEngine {
    /** The sniffer's candidate types, in the order it tries them. */
    static final List<ColumnType> INFERRED_TYPES = List.of(
            ColumnType.BOOLEAN,
            ColumnType.BIGINT,
            ColumnType.DOUBLE,
            ColumnType.DATE,
            ColumnType.TIMESTAMP,
            ColumnType.VARCHAR);

    private static final double[] QUANTILES = {0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99};
    private static final int TOP_VALUES = 5;
    private static final Pattern CSV_LINE = Pattern.compile("CSV Error on Line: (\\d+)");
    private static final Pattern CONVERTING_COLUMN = Pattern.compile("converting column \"(.*?)\"");
    private static final Pattern COULD_NOT_CONVERT = Pattern.compile("Could not convert string \"(.*?)\" to '(.*?)'");

    /**
     * The engine's settings: its scratch folder, DuckDB's memory limit (e.g. {@code 1GB}) and
     * threads per operation, how many operations run at once, and up to how many rows quantiles
     * are exact.
     */
    public record Config(Path workDirectory, String memoryLimit, int threads, int concurrency, long exactQuantileRows) {
        public Config {
            requireNonNull(workDirectory, "workDirectory is null");
            requireNonNull(memoryLimit, "memoryLimit is null");
            if (!memoryLimit.matches("[0-9]+(\\.[0-9]+)?\\s*[KMGT]i?B")) {
                throw new IllegalArgumentException("memory limit must look like 512MB or 2GB, got " + memoryLimit);
            }
            if (threads < 1 || concurrency < 1 || exactQuantileRows < 0) {
                throw new IllegalArgumentException("threads and concurrency must be positive");
            }
        }

        /** 1 GB and 2 threads per operation, 2 operations at once, exact quantiles up to a million rows. */
        public static Config defaults(Path workDirectory) {
            return new Config(workDirectory, "1GB", 2, 2, 1_000_000);
        }
    }

    private final BlobStore blobs;
    private final Config config;
    private final Path spill;
    private final Path exports;
    private final Path cache;
    private final Semaphore permits;

    private DuckDbTables(BlobStore blobs, Config config) {
        this.blobs = blobs;
        this.config = config;
        this.spill = config.workDirectory().resolve("spill");
        this.exports = config.workDirectory().resolve("exports");
        this.cache = config.workDirectory().resolve("cache");
        this.permits = new Semaphore(config.concurrency(), true);
    }

    /**
     * Opens the engine: creates its folders under {@code config.workDirectory()} and empties
     * those that only hold leftovers of an earlier run (spill files, exports).
     */
    public static DuckDbTables open(BlobStore blobs, Config config) {
        requireNonNull(blobs, "blobs is null");
        requireNonNull(config, "config is null");
        DuckDbTables tables = new DuckDbTables(blobs, config);
        try {
            for (Path directory : List.of(tables.spill, tables.exports, tables.cache)) {
                Files.createDirectories(directory);
            }
            for (Path directory : List.of(tables.spill, tables.exports)) {
                deleteContents(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the dataset engine folder " + config.workDirectory(), e);
        }
        return tables;
    }

    // ---------------------------------------------------------------- ingest

    @Override
    public IngestedTable ingest(IngestRequest request) {
        requireNonNull(request, "request is null");
        try {
            return withConnection(connection -> switch (request.format()) {
                case CSV -> ingestCsv(connection, request);
                case PARQUET -> ingestParquet(connection, request);
            });
        } catch (RuntimeException e) {
            truncate(request.target());
            throw e;
        }
    }

    @Override
    public IngestedTable writeRows(TableSchema schema, List<Object[]> rows, Path target) {
        requireNonNull(schema, "schema is null");
        requireNonNull(rows, "rows is null");
        requireNonNull(target, "target is null");
        List<Column> columns = schema.columns();
        for (int row = 0; row < rows.size(); row++) {
            Object[] values = rows.get(row);
            if (values == null || values.length != columns.size()) {
                throw new IllegalArgumentException("row " + row + " has " + (values == null ? 0 : values.length)
                        + " values for " + columns.size() + " columns");
            }
            for (int column = 0; column < columns.size(); column++) {
                requireFits(columns.get(column), values[column], row);
            }
        }
        try {
            return withConnection(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE rows_in ("
                            + columns.stream()
                                    .map(column -> identifier(column.name()) + " "
                                            + column.type().id())
                                    .collect(Collectors.joining(", "))
                            + ")");
                }
                try (DuckDBAppender appender =
                        connection.unwrap(DuckDBConnection.class).createAppender("rows_in")) {
                    for (Object[] values : rows) {
                        appender.beginRow();
                        for (Object value : values) {
                            appendValue(appender, value);
                        }
                        appender.endRow();
                    }
                }
                copyToParquet(connection, "SELECT * FROM rows_in", target);
                return describeStored(connection, target);
            });
        } catch (RuntimeException e) {
            truncate(target);
            throw e;
        }
    }

    private static void requireFits(Column column, Object value, int row) {
        if (value == null) {
            return;
        }
        boolean fits =
                switch (column.type()) {
                    case BIGINT -> value instanceof Long;
                    case DOUBLE -> value instanceof Double;
                    case VARCHAR -> value instanceof String;
                    case BOOLEAN -> value instanceof Boolean;
                    case DATE -> value instanceof LocalDate;
                    case TIMESTAMP -> value instanceof Instant;
                };
        if (!fits) {
            throw new IllegalArgumentException("row " + row + ": column '" + column.name() + "' is "
                    + column.type().id() + " but the value is a "
                    + value.getClass().getSimpleName());
        }
    }

    private static void appendValue(DuckDBAppender appender, Object value) throws SQLException {
        if (value == null) {
            appender.appendNull();
        } else if (value instanceof String text) {
            appender.append(text);
        } else if (value instanceof Long number) {
            appender.append(number.longValue());
        } else if (value instanceof Double number) {
            appender.append(number.doubleValue());
        } else if (value instanceof Boolean flag) {
            appender.append(flag.booleanValue());
        } else if (value instanceof LocalDate date) {
            appender.append(date);
        } else if (value instanceof Instant instant) {
            appender.append(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        } else {
            throw new IllegalArgumentException(
                    "cannot store a " + value.getClass().getSimpleName());
        }
    }

    private IngestedTable ingestCsv(Connection connection, IngestRequest request) throws SQLException {
        if (startsWithParquetMagic(request.source())) {
            throw new InvalidTableException("this is a Parquet file, not CSV; send it with format=parquet");
        }
        CsvStructure.Shape shape = CsvStructure.check(request.source());
        List<String> header = shape.header();
        Map<String, ColumnType> types = new LinkedHashMap<>();
        if (request.requiredSchema().isPresent()) {
            TableSchema required = request.requiredSchema().get();
            requireSameColumns(header, required);
            required.columns().forEach(column -> types.put(column.name(), column.type()));
        } else {
            requireKnownColumns(request.typeOverrides(), header);
            types.putAll(request.typeOverrides());
        }
        String select;
        if (shape.rows() == 0) {
            select = "SELECT "
                    + header.stream()
                            .map(name -> "CAST(NULL AS "
                                    + types.getOrDefault(name, ColumnType.VARCHAR)
                                            .id() + ") AS " + identifier(name))
                            .collect(Collectors.joining(", "))
                    + " WHERE false";
        } else {
            select = "SELECT * FROM read_csv(" + literal(request.source()) + csvOptions(types) + ")";
        }
        try {
            copyToParquet(connection, select, request.target());
        } catch (SQLException e) {
            throw csvFailure(e);
        }
        IngestedTable table = describeStored(connection, request.target());
        if (!table.schema().names().equals(header) || table.rowCount() != shape.rows()) {
            throw new IllegalStateException("DuckDB read " + table.rowCount() + " rows with columns "
                    + table.schema().names() + " where the CSV check found " + shape.rows() + " rows with " + header);
        }
        return table;
    }

    /** RFC 4180 as {@link CsvStructure} checks it; the sniffer only infers the types. */
    private static String csvOptions(Map<String, ColumnType> types) {
        StringBuilder options = new StringBuilder(", header = true, delim = ',', quote = '\"', escape = '\"',"
                + " comment = '', skip = 0, strict_mode = true, null_padding = false, ignore_errors = false,"
                + " allow_quoted_nulls = false, normalize_names = false, encoding = 'utf-8', compression = 'none',"
                + " sample_size = -1, dateformat = '%Y-%m-%d', max_line_size = " + (4 * CsvStructure.MAX_RECORD_CHARS)
                + ", auto_type_candidates = ["
                + INFERRED_TYPES.stream().map(type -> "'" + type.id() + "'").collect(Collectors.joining(", "))
                + "]");
        if (!types.isEmpty()) {
            options.append(", types = {")
                    .append(types.entrySet().stream()
                            .map(entry -> quote(entry.getKey()) + ": '"
                                    + entry.getValue().id() + "'")
                            .collect(Collectors.joining(", ")))
                    .append('}');
        }
        return options.toString();
    }

    private static InvalidTableException csvFailure(SQLException e) {
        String message = String.valueOf(e.getMessage());
        Matcher line = CSV_LINE.matcher(message);
        Matcher column = CONVERTING_COLUMN.matcher(message);
        Matcher value = COULD_NOT_CONVERT.matcher(message);
        if (line.find() && column.find()) {
            long lineNumber = Long.parseLong(line.group(1));
            String detail = value.find()
                    ? "'" + value.group(1) + "' is not a " + sqlTypeName(value.group(2))
                    : firstLine(message);
            return new InvalidTableException(
                    "line " + lineNumber + ", column '" + column.group(1) + "': " + detail
                            + "; fix the value or give the column another type in the schema",
                    lineNumber,
                    null,
                    null,
                    column.group(1),
                    e);
        }
        return new InvalidTableException("the CSV could not be read: " + firstLine(message), null, null, null, null, e);
    }

    private IngestedTable ingestParquet(Connection connection, IngestRequest request) throws SQLException {
        requireParquetMagic(request.source());
        String source = literal(request.source());
        List<String> rawNames = topLevelNames(connection, source);
        requireUniqueNames(rawNames);
        List<Column> described = new ArrayList<>();
        List<String> select = new ArrayList<>();
        Map<String, ColumnType> casts = new LinkedHashMap<>();
        List<String[]> columns = describe(connection, "SELECT * FROM read_parquet(" + source + ")");
        List<String> names = columns.stream().map(column -> column[0]).toList();
        if (request.requiredSchema().isPresent()) {
            requireSameColumns(names, request.requiredSchema().get());
        } else {
            requireKnownColumns(request.typeOverrides(), names);
        }
        for (String[] column : columns) {
            String name = column[0];
            String engineType = column[1];
            ColumnType type = request.requiredSchema()
                    .flatMap(schema -> schema.column(name))
                    .map(Column::type)
                    .orElseGet(() -> Optional.ofNullable(request.typeOverrides().get(name))
                            .orElseGet(() -> storedType(name, engineType)));
            described.add(new Column(name, type));
            if (!engineType.equals(type.id())) {
                casts.put(name, type);
                select.add("CAST(" + identifier(name) + " AS " + type.id() + ") AS " + identifier(name));
            } else {
                select.add(identifier(name));
            }
        }
        try {
            copyToParquet(
                    connection,
                    "SELECT " + String.join(", ", select) + " FROM read_parquet(" + source + ")",
                    request.target());
        } catch (SQLException e) {
            throw parquetCastFailure(connection, source, casts, e);
        }
        IngestedTable table = describeStored(connection, request.target());
        if (!table.schema().columns().equals(described)) {
            throw new IllegalStateException(
                    "DuckDB stored " + table.schema() + " where " + described + " was expected");
        }
        return table;
    }

    /** The first row whose value does not convert, found after a failed conversion. */
    private static InvalidTableException parquetCastFailure(
            Connection connection, String source, Map<String, ColumnType> casts, SQLException failure)
            throws SQLException {
        for (Map.Entry<String, ColumnType> cast : casts.entrySet()) {
            String column = identifier(cast.getKey());
            String sql = "SELECT file_row_number, CAST(" + column + " AS VARCHAR) FROM read_parquet(" + source
                    + ", file_row_number = true) WHERE " + column + " IS NOT NULL AND TRY_CAST(" + column + " AS "
                    + cast.getValue().id() + ") IS NULL ORDER BY file_row_number LIMIT 1";
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(sql)) {
                if (rows.next()) {
                    long row = rows.getLong(1);
                    return InvalidTableException.atRow(
                            "row " + row + " (counting from 0), column '" + cast.getKey() + "': '"
                                    + abbreviate(rows.getString(2)) + "' is not a "
                                    + cast.getValue().id() + "; fix the value or give the column another type in"
                                    + " the schema",
                            row,
                            cast.getKey());
                }
            }
        }
        return new InvalidTableException(
                "the Parquet file could not be converted: " + firstLine(failure.getMessage()),
                null,
                null,
                null,
                null,
                failure);
    }

    /** Names of the file's top-level columns as written, before DuckDB makes duplicates unique. */
    private static List<String> topLevelNames(Connection connection, String source) throws SQLException {
        List<String> names = new ArrayList<>();
        String sql = "SELECT name, COALESCE(num_children, 0) FROM parquet_schema(" + source + ")";
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            // the schema is a tree in depth-first order: the root, then each column and its children
            List<Long> remaining = new ArrayList<>();
            boolean root = true;
            while (rows.next()) {
                long children = rows.getLong(2);
                if (root) {
                    root = false;
                    remaining.add(children);
                    continue;
                }
                if (remaining.size() == 1) {
                    names.add(rows.getString(1));
                }
                remaining.set(remaining.size() - 1, remaining.get(remaining.size() - 1) - 1);
                if (children > 0) {
                    remaining.add(children);
                }
                while (remaining.size() > 1 && remaining.get(remaining.size() - 1) == 0) {
                    remaining.remove(remaining.size() - 1);
                }
            }
        } catch (SQLException e) {
            throw new InvalidTableException(
                    "not a readable Parquet file: " + firstLine(e.getMessage()), null, null, null, null, e);
        }
        return names;
    }

    private static ColumnType storedType(String column, String engineType) {
        String type = engineType.toUpperCase(Locale.ROOT);
        switch (type) {
            case "BIGINT",
                    "INTEGER",
                    "SMALLINT",
                    "TINYINT",
                    "UBIGINT",
                    "UINTEGER",
                    "USMALLINT",
                    "UTINYINT",
                    "HUGEINT",
                    "UHUGEINT" -> {
                return ColumnType.BIGINT;
            }
            case "DOUBLE", "FLOAT" -> {
                return ColumnType.DOUBLE;
            }
            case "VARCHAR", "UUID", "JSON" -> {
                return ColumnType.VARCHAR;
            }
            case "BOOLEAN" -> {
                return ColumnType.BOOLEAN;
            }
            case "DATE" -> {
                return ColumnType.DATE;
            }
            case "TIMESTAMP", "TIMESTAMP_S", "TIMESTAMP_MS", "TIMESTAMP_NS", "TIMESTAMP WITH TIME ZONE" -> {
                return ColumnType.TIMESTAMP;
            }
            default -> {
                if (type.startsWith("DECIMAL")) {
                    return ColumnType.DOUBLE;
                }
                if (type.startsWith("ENUM")) {
                    return ColumnType.VARCHAR;
                }
                throw InvalidTableException.inColumn(
                        "column '" + column + "' has the type " + engineType + ", which datasets do not hold; use"
                                + " one of " + Arrays.toString(ColumnType.values())
                                + " (flatten nested columns, or give the column a type in the schema)",
                        column);
            }
        }
    }

    private static void requireKnownColumns(Map<String, ColumnType> overrides, List<String> columns) {
        for (String name : overrides.keySet()) {
            if (!columns.contains(name)) {
                throw InvalidTableException.inColumn(
                        "the schema names column '" + name + "', which the file does not have; its columns are "
                                + columns,
                        name);
            }
        }
    }

    private static void requireSameColumns(List<String> columns, TableSchema required) {
        if (!columns.equals(required.names())) {
            throw new InvalidTableException("the file's columns " + columns + " differ from " + required.names()
                    + " of the version it appends to; an append needs the same columns in the same order");
        }
    }

    private static void requireUniqueNames(List<String> names) {
        Map<String, String> seen = new HashMap<>();
        for (String name : names) {
            String earlier = seen.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            if (earlier != null) {
                throw InvalidTableException.inColumn(
                        "columns '" + earlier + "' and '" + name + "' have the same name; column names must be"
                                + " unique, ignoring case",
                        name);
            }
            if (name.isBlank()) {
                throw new InvalidTableException("a column has no name; name every column");
            }
        }
    }

    private static void requireParquetMagic(Path file) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            byte[] head = new byte[4];
            byte[] tail = new byte[4];
            if (length >= 12) {
                in.readFully(head);
                in.seek(length - 4);
                in.readFully(tail);
            }
            byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
            if (!Arrays.equals(head, magic) || !Arrays.equals(tail, magic)) {
                throw new InvalidTableException(
                        "not a Parquet file: a Parquet file begins and ends with the bytes 'PAR1' (send CSV with"
                                + " format=csv)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded file", e);
        }
    }

    private static boolean startsWithParquetMagic(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(4), "PAR1".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded file", e);
        }
    }

    private static void copyToParquet(Connection connection, String select, Path target) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + select + ") TO " + literal(target)
                    // the target is a private staging file: write it in place, leaving no tmp_ file on failure
                    + " (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880, USE_TMP_FILE false)");
        }
    }

    /** The schema and row count of a Parquet file this engine wrote. */
    private static IngestedTable describeStored(Connection connection, Path file) throws SQLException {
        String source = "read_parquet(" + literal(file) + ")";
        List<Column> columns = new ArrayList<>();
        for (String[] column : describe(connection, "SELECT * FROM " + source)) {
            columns.add(new Column(column[0], ColumnType.valueOf(column[1])));
        }
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + source)) {
            rows.next();
            return new IngestedTable(new TableSchema(columns), rows.getLong(1));
        }
    }

    private static List<String[]> describe(Connection connection, String select) throws SQLException {
        List<String[]> columns = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("DESCRIBE " + select)) {
            while (rows.next()) {
                columns.add(new String[] {rows.getString("column_name"), rows.getString("column_type")});
            }
        } catch (SQLException e) {
            throw new InvalidTableException(
                    "not a readable Parquet file: " + firstLine(e.getMessage()), null, null, null, null, e);
        }
        return columns;
    }

    // ---------------------------------------------------------------- reading versions

    @Override
    public TablePreview preview(DatasetVersion version, long offset, int limit) {
        String source = source(version);
        List<Column> columns = version.schema().columns();
        String sql = "SELECT "
                + columns.stream().map(DuckDbTables::readable).collect(Collectors.joining(", "))
                + " FROM " + source + " LIMIT " + limit + " OFFSET " + offset;
        return withConnection(connection -> {
            List<List<Object>> rows = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                while (result.next()) {
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 0; i < columns.size(); i++) {
                        row.add(value(result, i + 1, columns.get(i).type()));
                    }
                    rows.add(row);
                }
            }
            return new TablePreview(version.schema(), offset, version.rowCount(), rows);
        });
    }

    @Override
    public TableSummary summarize(DatasetVersion version) {
        String source = source(version);
        List<Column> columns = version.schema().columns();
        boolean exact = version.rowCount() <= config.exactQuantileRows();
        return withConnection(connection -> {
            List<String> aggregates = new ArrayList<>();
            aggregates.add("count(*)");
            for (Column column : columns) {
                String name = identifier(column.name());
                aggregates.add("count(" + name + ")");
                aggregates.add("approx_count_distinct(" + name + ")");
                aggregates.add(readable("min(" + name + ")", column.type()));
                aggregates.add(readable("max(" + name + ")", column.type()));
                if (column.type().numeric()) {
                    aggregates.add("avg(" + name + ")");
                    aggregates.add("stddev_samp(" + name + ")");
                }
            }
            List<ColumnSummary> summaries = new ArrayList<>();
            long rowCount;
            try (Statement statement = connection.createStatement();
                    ResultSet result =
                            statement.executeQuery("SELECT " + String.join(", ", aggregates) + " FROM " + source)) {
                result.next();
                rowCount = result.getLong(1);
                int index = 2;
                for (Column column : columns) {
                    long count = result.getLong(index++);
                    long distinct = result.getLong(index++);
                    Optional<Object> min = Optional.ofNullable(value(result, index++, column.type()));
                    Optional<Object> max = Optional.ofNullable(value(result, index++, column.type()));
                    OptionalDouble mean = OptionalDouble.empty();
                    OptionalDouble std = OptionalDouble.empty();
                    if (column.type().numeric()) {
                        mean = optionalDouble(result, index++);
                        std = optionalDouble(result, index++);
                    }
                    Map<String, Double> quantiles = column.type().numeric() && count > 0
                            ? quantiles(connection, source, column, exact)
                            : Map.of();
                    summaries.add(new ColumnSummary(
                            column,
                            count,
                            rowCount - count,
                            Math.min(distinct, count),
                            min,
                            max,
                            mean,
                            std,
                            quantiles,
                            topValues(connection, source, column)));
                }
            }
            return new TableSummary(rowCount, exact, summaries);
        });
    }

    private static Map<String, Double> quantiles(Connection connection, String source, Column column, boolean exact)
            throws SQLException {
        String function = exact ? "quantile_cont" : "approx_quantile";
        String sql = "SELECT UNNEST(" + function + "(CAST(" + identifier(column.name()) + " AS DOUBLE), ["
                + Arrays.stream(QUANTILES).mapToObj(Double::toString).collect(Collectors.joining(", "))
                + "])) FROM " + source;
        Map<String, Double> quantiles = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            for (double q : QUANTILES) {
                if (!result.next()) {
                    break;
                }
                quantiles.put(quantileName(q), result.getDouble(1));
            }
        }
        return quantiles;
    }

    /** {@code p01}, {@code p50}, {@code p99}: the percentile. */
    static String quantileName(double q) {
        return String.format(Locale.ROOT, "p%02d", Math.round(q * 100));
    }

    private static List<ValueCount> topValues(Connection connection, String source, Column column) throws SQLException {
        String name = identifier(column.name());
        String sql = "SELECT " + readable(name, column.type()) + " AS v, count(*) AS n FROM " + source + " WHERE "
                + name + " IS NOT NULL GROUP BY " + name + " ORDER BY n DESC, " + name + " LIMIT " + TOP_VALUES;
        List<ValueCount> values = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                values.add(new ValueCount(value(result, 1, column.type()), result.getLong(2)));
            }
        }
        return values;
    }

    @Override
    public Path export(DatasetVersion version, SourceFormat format) {
        String options =
                switch (format) {
                    case CSV -> "FORMAT csv, HEADER true, DELIMITER ',', QUOTE '\"', ESCAPE '\"', USE_TMP_FILE false";
                    case PARQUET -> "FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880, USE_TMP_FILE false";
                };
        Path target;
        try {
            target = Files.createTempFile(exports, "export-", format.extension());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create an export file in " + exports, e);
        }
        String sql = "COPY (SELECT * FROM " + source(version) + ") TO " + literal(target) + " (" + options + ")";
        try {
            return withConnection(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
                return target;
            });
        } catch (RuntimeException e) {
            deleteQuietly(target);
            throw e;
        }
    }

    @Override
    public void scan(DatasetVersion version, List<String> columns, int batchRows, Consumer<ColumnBatch> consumer) {
        requireNonNull(consumer, "consumer is null");
        if (batchRows < 1) {
            throw new IllegalArgumentException("batchRows must be positive");
        }
        List<Column> selected = new ArrayList<>();
        for (String name : columns.isEmpty() ? version.schema().names() : columns) {
            selected.add(version.schema()
                    .column(name)
                    .orElseThrow(() -> new IllegalArgumentException("the version has no column '" + name + "'")));
        }
        String sql = "SELECT "
                + selected.stream().map(DuckDbTables::readable).collect(Collectors.joining(", "))
                + " FROM " + source(version);
        withConnection(connection -> {
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(sql)) {
                BatchBuilder batch = new BatchBuilder(selected, batchRows, 0);
                while (result.next()) {
                    batch.add(result);
                    if (batch.full()) {
                        consumer.accept(batch.build());
                        batch = new BatchBuilder(selected, batchRows, batch.endRow());
                    }
                }
                if (batch.rows > 0) {
                    consumer.accept(batch.build());
                }
            }
            return null;
        });
    }

    /** Fills the arrays of one batch row by row. */
    private static final class BatchBuilder {
        private final List<Column> columns;
        private final int capacity;
        private final long firstRow;
        private final Object[] values;
        private final boolean[][] nulls;
        private int rows;

        BatchBuilder(List<Column> columns, int capacity, long firstRow) {
            this.columns = columns;
            this.capacity = capacity;
            this.firstRow = firstRow;
            this.values = new Object[columns.size()];
            this.nulls = new boolean[columns.size()][capacity];
            for (int i = 0; i < columns.size(); i++) {
                values[i] = switch (columns.get(i).type()) {
                    case BIGINT, DOUBLE -> new double[capacity];
                    case BOOLEAN -> new boolean[capacity];
                    case VARCHAR, DATE, TIMESTAMP -> new String[capacity];
                };
            }
        }

        void add(ResultSet result) throws SQLException {
            for (int i = 0; i < columns.size(); i++) {
                int index = i + 1;
                switch (columns.get(i).type()) {
                    case BIGINT, DOUBLE -> {
                        double value = result.getDouble(index);
                        boolean missing = result.wasNull();
                        ((double[]) values[i])[rows] = missing ? Double.NaN : value;
                        nulls[i][rows] = missing;
                    }
                    case BOOLEAN -> {
                        boolean value = result.getBoolean(index);
                        nulls[i][rows] = result.wasNull();
                        ((boolean[]) values[i])[rows] = value && !nulls[i][rows];
                    }
                    case VARCHAR, DATE, TIMESTAMP -> {
                        String value = result.getString(index);
                        ((String[]) values[i])[rows] = value;
                        nulls[i][rows] = value == null;
                    }
                }
            }
            rows++;
        }

        boolean full() {
            return rows == capacity;
        }

        long endRow() {
            return firstRow + rows;
        }

        ColumnBatch build() {
            List<ColumnBatch.Vector> vectors = new ArrayList<>(columns.size());
            for (int i = 0; i < columns.size(); i++) {
                Column column = columns.get(i);
                boolean[] mask = Arrays.copyOf(nulls[i], rows);
                vectors.add(
                        switch (column.type()) {
                            case BIGINT, DOUBLE ->
                                new ColumnBatch.DoubleVector(column, Arrays.copyOf((double[]) values[i], rows), mask);
                            case BOOLEAN ->
                                new ColumnBatch.BooleanVector(column, Arrays.copyOf((boolean[]) values[i], rows), mask);
                            case VARCHAR, DATE, TIMESTAMP ->
                                new ColumnBatch.StringVector(column, Arrays.copyOf((String[]) values[i], rows), mask);
                        });
            }
            return new ColumnBatch(firstRow, rows, vectors);
        }
    }

    // ---------------------------------------------------------------- plumbing

    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Runs {@code work} on a fresh in-memory DuckDB instance with the engine's settings, once a
     * permit is free. SQL failures that are not about the input become {@link IllegalStateException}.
     */
    private <T> T withConnection(SqlWork<T> work) {
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the dataset engine", e);
        }
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", settings())) {
            try (Statement statement = connection.createStatement()) {
                // zoned timestamps are stored as UTC (an ICU option, so it is set once the instance runs)
                statement.execute("SET TimeZone = 'UTC'");
            }
            return work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("the dataset engine failed: " + firstLine(e.getMessage()), e);
        } finally {
            permits.release();
        }
    }

    /** DuckDB settings, applied when each instance starts (so queries cannot change them afterwards). */
    Properties settings() {
        Properties settings = new Properties();
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("autoload_known_extensions", "false");
        settings.setProperty("allow_community_extensions", "false");
        settings.setProperty(
                "extension_directory",
                config.workDirectory().resolve("extensions").toString());
        settings.setProperty("temp_directory", spill.toString());
        settings.setProperty("memory_limit", config.memoryLimit());
        settings.setProperty("threads", Integer.toString(config.threads()));
        settings.setProperty("preserve_insertion_order", "true");
        settings.setProperty("jdbc_stream_results", "true");
        return settings;
    }

    /** The version's Parquet files as a DuckDB table function, read in order. */
    private String source(DatasetVersion version) {
        return "read_parquet(["
                + version.files().stream().map(file -> literal(localFile(file))).collect(Collectors.joining(", "))
                + "])";
    }

    /** A local path of the file: the blob itself, or a copy of it cached under the work folder. */
    private Path localFile(DataFile file) {
        Optional<Path> local = blobs.localFile(file.digest());
        if (local.isPresent()) {
            return local.get();
        }
        Path cached = cache.resolve(file.digest() + ".parquet");
        if (Files.isRegularFile(cached)) {
            return cached;
        }
        try (InputStream in = blobs.open(file.digest())) {
            Path partial = Files.createTempFile(cache, "copy-", ".part");
            try {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            return cached;
        } catch (NoSuchFileException e) {
            throw new IllegalStateException(
                    "the dataset file " + file.digest() + " is missing from blob storage; restore it from a backup", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the dataset file " + file.digest() + " from blob storage", e);
        }
    }

    /** A select expression giving the column's value as it is shown: dates and timestamps as ISO text. */
    private static String readable(Column column) {
        return readable(identifier(column.name()), column.type());
    }

    private static String readable(String expression, ColumnType type) {
        return switch (type) {
            case DATE -> "strftime(" + expression + ", '%Y-%m-%d')";
            case TIMESTAMP -> "replace(CAST(" + expression + " AS VARCHAR), ' ', 'T')";
            case BIGINT, DOUBLE, VARCHAR, BOOLEAN -> expression;
        };
    }

    private static Object value(ResultSet result, int index, ColumnType type) throws SQLException {
        Object value =
                switch (type) {
                    case BIGINT -> result.getLong(index);
                    case DOUBLE -> result.getDouble(index);
                    case BOOLEAN -> result.getBoolean(index);
                    case VARCHAR, DATE, TIMESTAMP -> result.getString(index);
                };
        return result.wasNull() ? null : value;
    }

    private static OptionalDouble optionalDouble(ResultSet result, int index) throws SQLException {
        double value = result.getDouble(index);
        return result.wasNull() || Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
    }

    /** A SQL string literal. */
    private static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String literal(Path path) {
        return quote(path.toAbsolutePath().toString());
    }

    /** A quoted SQL identifier. */
    static String identifier(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    private static String sqlTypeName(String engineType) {
        return switch (engineType) {
            case "INT64" -> "BIGINT";
            case "BOOL" -> "BOOLEAN";
            default -> engineType;
        };
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no details";
        }
        String line = message.strip().lines().findFirst().orElse("");
        return abbreviate(line);
    }

    private static String abbreviate(String text) {
        return text == null || text.length() <= 200 ? String.valueOf(text) : text.substring(0, 197) + "...";
    }

    private static void truncate(Path target) {
        try {
            if (Files.exists(target)) {
                Files.write(target, new byte[0]);
            }
        } catch (IOException e) {
            // the staging file is deleted by the caller, or swept at the next start
        }
    }

    private static void deleteContents(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry)) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // emptied at the next start
        }
    }
}
