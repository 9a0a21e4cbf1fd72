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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/** Datasets and versions in the {@code datasets} and {@code dataset_versions} tables, on one handle. */
public final class JdbiDatasetStore implements DatasetStore {
    private static final String DATASET_COLUMNS =
            "d.id, d.project_id, d.name, d.description, d.created_by, cu.name AS created_by_name, d.created_at";
    private static final String VERSION_COLUMNS = "v.id, v.dataset_id, v.number, v.mode, v.schema_json, v.row_count,"
            + " v.digest, v.size_bytes, v.files_json, v.source_format, v.source_file_name, v.source_digest,"
            + " v.source_size_bytes, v.created_by, cu.name AS created_by_name, v.created_at";

    private static final RowMapper<Dataset> DATASET = (row, context) -> new Dataset(
            row.getString("id"),
            row.getString("project_id"),
            row.getString("name"),
            row.getString("description"),
            new UserRef(row.getString("created_by"), row.getString("created_by_name")),
            EpochMicros.column(row, "created_at"));

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<DatasetVersion> versionMapper;

    public JdbiDatasetStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiDatasetStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.versionMapper = (row, context) -> new DatasetVersion(
                row.getString("id"),
                row.getString("dataset_id"),
                row.getInt("number"),
                VersionMode.valueOf(row.getString("mode").toUpperCase(Locale.ROOT)),
                readSchema(row.getString("schema_json")),
                row.getLong("row_count"),
                row.getString("digest"),
                row.getLong("size_bytes"),
                readFiles(row.getString("files_json")),
                SourceFormat.valueOf(row.getString("source_format").toUpperCase(Locale.ROOT)),
                row.getString("source_file_name"),
                row.getString("source_digest"),
                row.getLong("source_size_bytes"),
                new UserRef(row.getString("created_by"), row.getString("created_by_name")),
                EpochMicros.column(row, "created_at"));
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

    @Override
    public void insertVersion(DatasetVersion version) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO dataset_versions (id, dataset_id, number, mode, schema_json, row_count,
                                digest, size_bytes, files_json, source_format, source_file_name, source_digest,
                                source_size_bytes, created_by, created_at)
                            VALUES (:id, :datasetId, :number, :mode, :schemaJson, :rowCount,
                                :digest, :sizeBytes, :filesJson, :sourceFormat, :sourceFileName, :sourceDigest,
                                :sourceSizeBytes, :createdBy, :createdAt)
                            """)
                    .bind("id", version.id())
                    .bind("datasetId", version.datasetId())
                    .bind("number", version.number())
                    .bind("mode", version.mode().id())
                    .bind("schemaJson", writeSchema(version.schema()))
                    .bind("rowCount", version.rowCount())
                    .bind("digest", version.digest())
                    .bind("sizeBytes", version.sizeBytes())
                    .bind("filesJson", writeFiles(version.files()))
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
        return handle.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM dataset_versions v JOIN users cu ON cu.id = v.created_by"
                        + " WHERE v.dataset_id = :datasetId AND v.number = :number")
                .bind("datasetId", datasetId)
                .bind("number", number)
                .map(versionMapper)
                .findOne();
    }

    @Override
    public Optional<DatasetVersion> findLatestVersion(String datasetId) {
        return handle.createQuery("SELECT " + VERSION_COLUMNS
                        + " FROM dataset_versions v JOIN users cu ON cu.id = v.created_by"
                        + " WHERE v.dataset_id = :datasetId ORDER BY v.number DESC LIMIT 1")
                .bind("datasetId", datasetId)
                .map(versionMapper)
                .findOne();
    }

    @Override
    public List<DatasetVersion> listVersions(String datasetId, PageRequest page) {
        Optional<Integer> after = page.after().map(JdbiDatasetStore::versionNumberToken);
        String sql = "SELECT " + VERSION_COLUMNS
                + " FROM dataset_versions v JOIN users cu ON cu.id = v.created_by WHERE v.dataset_id = :datasetId"
                + (after.isPresent() ? " AND v.number > :after" : "")
                + " ORDER BY v.number LIMIT :limit";
        Query query = handle.createQuery(sql).bind("datasetId", datasetId).bind("limit", page.maxResults() + 1);
        after.ifPresent(number -> query.bind("after", number));
        return query.map(versionMapper).list();
    }

    @Override
    public long countVersionsWithDigest(String digest) {
        return handle.createQuery("SELECT COUNT(*) FROM dataset_versions WHERE digest = :digest")
                .bind("digest", digest)
                .mapTo(Long.class)
                .one();
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
