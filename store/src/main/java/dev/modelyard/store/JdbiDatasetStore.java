package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.DataFile;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetStore;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.SourceFormat;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.dataset.VersionMode;
import dev.modelyard.core.user.UserRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Datasets and versions in the {@code datasets} and {@code dataset_versions} tables, on one handle.
 * A version row keeps its own files only (see V012), so its size does not grow with the chain of
 * appends before it; reads rebuild the full list from the rows back to the newest snapshot.
 */
public final class JdbiDatasetStore implements DatasetStore {
    private static final String DATASET_COLUMNS =
            "d.id, d.project_id, d.name, d.description, d.created_by, cu.name AS created_by_name, d.created_at";
    private static final String VERSION_COLUMNS = "v.id, v.dataset_id, v.number, v.mode, v.schema_json, v.row_count,"
            + " v.digest, v.size_bytes, v.source_format, v.source_file_name, v.source_digest, v.source_size_bytes,"
            + " v.created_by, cu.name AS created_by_name, v.created_at";

    private static final RowMapper<Dataset> DATASET = (row, context) -> new Dataset(
            row.getString("id"),
            row.getString("project_id"),
            row.getString("name"),
            row.getString("description"),
            new UserRef(row.getString("created_by"), row.getString("created_by_name")),
            EpochMicros.column(row, "created_at"));

    private final Handle handle;
    private final JsonColumns json;

    public JdbiDatasetStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiDatasetStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
    }

    @Override
    public void insertDataset(Dataset dataset) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO datasets (id, project_id, name, description, created_by, created_at)
                            VALUES (:id, :projectId, :name, :description, :createdBy, :createdAt)
                            """)
                    .bind("id", dataset.id())
                    .bind("projectId", dataset.projectId())
                    .bind("name", dataset.name())
                    .bind("description", dataset.description())
                    .bind("createdBy", dataset.createdBy().id())
                    .bind("createdAt", dataset.createdAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "dataset '" + dataset.name() + "' already exists",
                        Map.of("kind", "dataset", "name", dataset.name(), "project_id", dataset.projectId()),
                        e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Dataset> findDataset(String projectId, String name) {
        return handle.createQuery("SELECT " + DATASET_COLUMNS
                        + " FROM datasets d JOIN users cu ON cu.id = d.created_by"
                        + " WHERE d.project_id = :projectId AND d.name = :name")
                .bind("projectId", projectId)
                .bind("name", name)
                .map(DATASET)
                .findOne();
    }

    @Override
    public Optional<Dataset> findDatasetById(String datasetId) {
        return handle.createQuery("SELECT " + DATASET_COLUMNS
                        + " FROM datasets d JOIN users cu ON cu.id = d.created_by WHERE d.id = :id")
                .bind("id", datasetId)
                .map(DATASET)
                .findOne();
    }

    @Override
    public List<Dataset> listDatasets(String projectId, PageRequest page) {
        String sql = "SELECT " + DATASET_COLUMNS
                + " FROM datasets d JOIN users cu ON cu.id = d.created_by WHERE d.project_id = :projectId"
                + NamePaging.conditions("d.name", page)
                + NamePaging.orderAndLimit("d.name");
        Query query = handle.createQuery(sql).bind("projectId", projectId);
        return NamePaging.bind(query, page).map(DATASET).list();
    }

    /**
     * Increments the dataset's counter: the row stays locked (PostgreSQL) or the database stays
     * write-locked (SQLite, IMMEDIATE transactions) until the caller's transaction ends, so
     * concurrent callers queue up, and a rollback restores the counter.
     */
    @Override
    public int reserveNextVersionNumber(String datasetId) {
        int updated = handle.createUpdate(
                        "UPDATE datasets SET last_version_number = last_version_number + 1 WHERE id = :id")
                .bind("id", datasetId)
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.DATASET_NOT_FOUND,
                    "dataset '" + datasetId + "' does not exist",
                    Map.of("dataset_id", datasetId));
        }
        return handle.createQuery("SELECT last_version_number FROM datasets WHERE id = :id")
                .bind("id", datasetId)
                .mapTo(Integer.class)
                .one();
    }

    /**
     * Stores the version's own files (a snapshot's file, or the files an append adds after those of
     * the previous version) rather than its full list, so a row stays small however long the chain
     * of appends before it; the full list is kept only for snapshots. Throws {@link
     * IllegalArgumentException} for an append that does not list the files of the previous version
     * followed by at least one of its own.
     */
    @Override
    public void insertVersion(DatasetVersion version) {
        List<DataFile> ownFiles =
                switch (version.mode()) {
                    case SNAPSHOT -> version.files();
                    case APPEND -> appendedFiles(version);
                };
        String filesJson =
                switch (version.mode()) {
                    case SNAPSHOT -> writeFiles(version.files());
                    case APPEND -> "[]";
                };
        try {
            handle.createUpdate(
                            """
                            INSERT INTO dataset_versions (id, dataset_id, number, mode, schema_json, row_count,
                                digest, size_bytes, files_json, own_files_json, source_format, source_file_name,
                                source_digest, source_size_bytes, created_by, created_at)
                            VALUES (:id, :datasetId, :number, :mode, :schemaJson, :rowCount,
                                :digest, :sizeBytes, :filesJson, :ownFilesJson, :sourceFormat, :sourceFileName,
                                :sourceDigest, :sourceSizeBytes, :createdBy, :createdAt)
                            """)
                    .bind("id", version.id())
                    .bind("datasetId", version.datasetId())
                    .bind("number", version.number())
                    .bind("mode", version.mode().id())
                    .bind("schemaJson", writeSchema(version.schema()))
                    .bind("rowCount", version.rowCount())
                    .bind("digest", version.digest())
                    .bind("sizeBytes", version.sizeBytes())
                    .bind("filesJson", filesJson)
                    .bind("ownFilesJson", writeFiles(ownFiles))
                    .bind("sourceFormat", version.sourceFormat().id())
                    .bind("sourceFileName", version.sourceFileName())
                    .bind("sourceDigest", version.sourceDigest())
                    .bind("sourceSizeBytes", version.sourceSizeBytes())
                    .bind("createdBy", version.createdBy().id())
                    .bind("createdAt", version.createdAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "dataset version '" + version.number() + "' already exists",
                        Map.of(
                                "kind",
                                "dataset version",
                                "dataset_id",
                                version.datasetId(),
                                "number",
                                version.number()),
                        e);
            }
            throw e;
        }
    }

    @Override
    public Optional<DatasetVersion> findVersion(String datasetId, int number) {
        List<VersionRow> rows = handle.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM dataset_versions v JOIN users cu ON cu.id = v.created_by"
                        + " WHERE v.dataset_id = :datasetId AND v.number = :number")
                .bind("datasetId", datasetId)
                .bind("number", number)
                .map((row, context) -> versionRow(row))
                .list();
        return withFiles(datasetId, rows).stream().findFirst();
    }

    @Override
    public Optional<DatasetVersion> findLatestVersion(String datasetId) {
        List<VersionRow> rows = handle.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM dataset_versions v JOIN users cu ON cu.id = v.created_by"
                        + " WHERE v.dataset_id = :datasetId ORDER BY v.number DESC LIMIT 1")
                .bind("datasetId", datasetId)
                .map((row, context) -> versionRow(row))
                .list();
        return withFiles(datasetId, rows).stream().findFirst();
    }

    /** Two queries whatever the page size: the page's rows, then the file lists of all of them. */
    @Override
    public List<DatasetVersion> listVersions(String datasetId, PageRequest page) {
        Optional<Integer> after = page.after().map(JdbiDatasetStore::versionNumberToken);
        String sql = "SELECT " + VERSION_COLUMNS
                + " FROM dataset_versions v JOIN users cu ON cu.id = v.created_by WHERE v.dataset_id = :datasetId"
                + (after.isPresent() ? " AND v.number > :after" : "")
                + " ORDER BY v.number LIMIT :limit";
        Query query = handle.createQuery(sql).bind("datasetId", datasetId).bind("limit", page.maxResults() + 1);
        after.ifPresent(number -> query.bind("after", number));
        return withFiles(datasetId, query.map((row, context) -> versionRow(row)).list());
    }

    /**
     * How many rows have the file as an own file: rows written before own_files_json existed have
     * one, their digest; newer rows list theirs in own_files_json, where LIKE finds candidates
     * (case-insensitive on SQLite, hence the exact check on the rows it returns).
     */
    @Override
    public long countVersionsWithDigest(String digest) {
        String pattern = "%" + likeLiteral("\"digest\":" + json.write(digest)) + "%";
        return handle
                .createQuery("SELECT digest, own_files_json FROM dataset_versions"
                        + " WHERE digest = :digest OR own_files_json LIKE :pattern ESCAPE '!'")
                .bind("digest", digest)
                .bind("pattern", pattern)
                .map((row, context) -> {
                    String ownFilesJson = row.getString("own_files_json");
                    return ownFilesJson == null
                            ? digest.equals(row.getString("digest"))
                            : readFiles(ownFilesJson).stream()
                                    .anyMatch(file -> file.digest().equals(digest));
                })
                .list()
                .stream()
                .filter(Boolean::booleanValue)
                .count();
    }

    /** The files an append adds after those of the previous version, which it must list first. */
    private List<DataFile> appendedFiles(DatasetVersion version) {
        int previousNumber = version.number() - 1;
        List<DataFile> previous =
                fileLists(version.datasetId(), previousNumber, previousNumber).get(previousNumber);
        if (previous == null) {
            throw new IllegalArgumentException("version " + version.number() + " of dataset " + version.datasetId()
                    + " is an append, but there is no version " + previousNumber);
        }
        List<DataFile> files = version.files();
        if (files.size() <= previous.size()
                || !files.subList(0, previous.size()).equals(previous)) {
            throw new IllegalArgumentException("version " + version.number() + " of dataset " + version.datasetId()
                    + " is an append, so it must list the files of version " + previousNumber
                    + " followed by its own");
        }
        return files.subList(previous.size(), files.size());
    }

    /** The versions of the rows (sorted by number), each with its full list of files. */
    private List<DatasetVersion> withFiles(String datasetId, List<VersionRow> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<Integer, List<DataFile>> fileLists = fileLists(
                datasetId, rows.get(0).number(), rows.get(rows.size() - 1).number());
        return rows.stream()
                .map(row -> {
                    List<DataFile> files = fileLists.get(row.number());
                    if (files == null) {
                        throw new IllegalStateException(
                                "no files found for version " + row.number() + " of dataset " + datasetId);
                    }
                    return row.withFiles().apply(files);
                })
                .toList();
    }

    /**
     * The full file lists of the versions numbered {@code first} to {@code last}, by number, from
     * one query: the rows from the newest chain start at or before {@code first} (a snapshot, or a
     * row written before own_files_json existed, whose files_json is the full list) up to {@code
     * last}. The list of each row is the one of the row before with the row's own files added.
     */
    private Map<Integer, List<DataFile>> fileLists(String datasetId, int first, int last) {
        List<ChainRow> chain = handle.createQuery(
                        """
                        SELECT number, mode, files_json, own_files_json FROM dataset_versions
                        WHERE dataset_id = :datasetId AND number <= :last
                          AND number >= COALESCE((SELECT number FROM dataset_versions
                                                  WHERE dataset_id = :datasetId AND number <= :first
                                                    AND (mode = :snapshot OR own_files_json IS NULL)
                                                  ORDER BY number DESC LIMIT 1), 1)
                        ORDER BY number
                        """)
                .bind("datasetId", datasetId)
                .bind("first", first)
                .bind("last", last)
                .bind("snapshot", VersionMode.SNAPSHOT.id())
                .map((row, context) -> new ChainRow(
                        row.getInt("number"),
                        VersionMode.valueOf(row.getString("mode").toUpperCase(Locale.ROOT)),
                        row.getString("files_json"),
                        row.getString("own_files_json")))
                .list();
        Map<Integer, List<DataFile>> fileLists = new HashMap<>();
        List<DataFile> files = new ArrayList<>();
        for (ChainRow row : chain) {
            if (row.ownFilesJson() == null) {
                files.clear();
                files.addAll(readFiles(row.filesJson()));
            } else {
                if (row.mode() == VersionMode.SNAPSHOT) {
                    files.clear();
                } else if (files.isEmpty()) {
                    throw new IllegalStateException("version " + row.number() + " of dataset " + datasetId
                            + " is an append with no version before it");
                }
                files.addAll(readFiles(row.ownFilesJson()));
            }
            if (row.number() >= first) {
                fileLists.put(row.number(), List.copyOf(files));
            }
        }
        return fileLists;
    }

    /** A version row without its files, which only the rows before it complete. */
    private VersionRow versionRow(ResultSet row) throws SQLException {
        String id = row.getString("id");
        String datasetId = row.getString("dataset_id");
        int number = row.getInt("number");
        VersionMode mode = VersionMode.valueOf(row.getString("mode").toUpperCase(Locale.ROOT));
        TableSchema schema = readSchema(row.getString("schema_json"));
        long rowCount = row.getLong("row_count");
        String digest = row.getString("digest");
        long sizeBytes = row.getLong("size_bytes");
        SourceFormat sourceFormat =
                SourceFormat.valueOf(row.getString("source_format").toUpperCase(Locale.ROOT));
        String sourceFileName = row.getString("source_file_name");
        String sourceDigest = row.getString("source_digest");
        long sourceSizeBytes = row.getLong("source_size_bytes");
        UserRef createdBy = new UserRef(row.getString("created_by"), row.getString("created_by_name"));
        Instant createdAt = EpochMicros.column(row, "created_at");
        return new VersionRow(
                number,
                files -> new DatasetVersion(
                        id,
                        datasetId,
                        number,
                        mode,
                        schema,
                        rowCount,
                        digest,
                        sizeBytes,
                        files,
                        sourceFormat,
                        sourceFileName,
                        sourceDigest,
                        sourceSizeBytes,
                        createdBy,
                        createdAt));
    }

    private record VersionRow(int number, Function<List<DataFile>, DatasetVersion> withFiles) {}

    /** What a row adds to the file list: {@code ownFilesJson}, or NULL when {@code filesJson} is the full list. */
    private record ChainRow(int number, VersionMode mode, String filesJson, String ownFilesJson) {}

    /** {@code text} matched literally by {@code LIKE ... ESCAPE '!'}. */
    private static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private String writeSchema(TableSchema schema) {
        return json.write(schema.columns().stream()
                .map(column -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", column.name());
                    entry.put("type", column.type().id());
                    return entry;
                })
                .toList());
    }

    private TableSchema readSchema(String text) {
        return new TableSchema(json.readObjects(text).stream()
                .map(entry -> new Column((String) entry.get("name"), ColumnType.valueOf((String) entry.get("type"))))
                .toList());
    }

    private String writeFiles(List<DataFile> files) {
        return json.write(files.stream()
                .map(file -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("digest", file.digest());
                    entry.put("size_bytes", file.sizeBytes());
                    entry.put("row_count", file.rowCount());
                    return entry;
                })
                .toList());
    }

    private List<DataFile> readFiles(String text) {
        return json.readObjects(text).stream()
                .map(entry -> new DataFile(
                        (String) entry.get("digest"),
                        ((Number) entry.get("size_bytes")).longValue(),
                        ((Number) entry.get("row_count")).longValue()))
                .toList();
    }

    private static int versionNumberToken(String after) {
        try {
            return Integer.parseInt(after);
        } catch (NumberFormatException e) {
            throw new ModelyardException(
                    ErrorCode.INVALID_PAGE_TOKEN,
                    "page_token is not one this server handed out; start again without it",
                    Map.of("parameter", "page_token"),
                    e);
        }
    }
}
