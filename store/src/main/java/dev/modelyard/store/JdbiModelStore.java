package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelStore;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.user.UserRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/** Models and versions in the {@code models} and {@code model_versions} tables, on one handle. */
public final class JdbiModelStore implements ModelStore {
    private static final String MODEL_COLUMNS =
            "m.id, m.project_id, m.name, m.description, m.created_by, cu.name AS created_by_name, m.created_at";
    private static final String VERSION_COLUMNS = "v.id, v.model_id, v.number, v.digest, v.size_bytes, v.runtime,"
            + " v.format, v.file_name, v.signature_json, v.manifest_json, v.properties_json, v.created_by, cu.name AS created_by_name, v.created_at";

    private static final RowMapper<Model> MODEL = (row, context) -> new Model(
            row.getString("id"),
            row.getString("project_id"),
            row.getString("name"),
            row.getString("description"),
            new UserRef(row.getString("created_by"), row.getString("created_by_name")),
            EpochMicros.column(row, "created_at"));

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<ModelVersion> versionMapper;

    public JdbiModelStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiModelStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.versionMapper = (row, context) -> new ModelVersion(
                row.getString("id"),
                row.getString("model_id"),
                row.getInt("number"),
                row.getString("digest"),
                row.getLong("size_bytes"),
                row.getString("runtime"),
                row.getString("format"),
                row.getString("file_name"),
                this.json.readSignature(row.getString("signature_json")),
                this.json.readObject(row.getString("manifest_json")),
                this.json.readStrings(row.getString("properties_json")),
                new UserRef(row.getString("created_by"), row.getString("created_by_name")),
                EpochMicros.column(row, "created_at"));
    }

    @Override
    public void insertModel(Model model) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO models (id, project_id, name, description, created_by, created_at)
                            VALUES (:id, :projectId, :name, :description, :createdBy, :createdAt)
                            """)
                    .bind("id", model.id())
                    .bind("projectId", model.projectId())
                    .bind("name", model.name())
                    .bind("description", model.description())
                    .bind("createdBy", model.createdBy().id())
                    .bind("createdAt", model.createdAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "model '" + model.name() + "' already exists",
                        Map.of("kind", "model", "name", model.name(), "project_id", model.projectId()),
                        e);
            }
            throw e;
        }
    }

    @Override
    public Optional<Model> findModel(String projectId, String name) {
        return handle.createQuery(
                        "SELECT " + MODEL_COLUMNS
                                + " FROM models m JOIN users cu ON cu.id = m.created_by WHERE m.project_id = :projectId AND m.name = :name")
                .bind("projectId", projectId)
                .bind("name", name)
                .map(MODEL)
                .findOne();
    }

    @Override
    public List<Model> listModels(String projectId, PageRequest page) {
        String sql = "SELECT " + MODEL_COLUMNS
                + " FROM models m JOIN users cu ON cu.id = m.created_by WHERE m.project_id = :projectId"
                + NamePaging.conditions("m.name", page)
                + NamePaging.orderAndLimit("m.name");
        Query query = handle.createQuery(sql).bind("projectId", projectId);
        return NamePaging.bind(query, page).map(MODEL).list();
    }

    @Override
    public long countModels(String projectId) {
        return handle.createQuery("SELECT COUNT(*) FROM models WHERE project_id = :projectId")
                .bind("projectId", projectId)
                .mapTo(Long.class)
                .one();
    }

    @Override
    public void deleteModel(String modelId) {
        handle.createUpdate("DELETE FROM models WHERE id = :id")
                .bind("id", modelId)
                .execute();
    }

    /**
     * Increments the model's counter: the row stays locked (PostgreSQL) or the database stays
     * write-locked (SQLite, IMMEDIATE transactions) until the caller's transaction ends, so
     * concurrent callers queue up, and a rollback restores the counter.
     */
    @Override
    public int reserveNextVersionNumber(String modelId) {
        int updated = handle.createUpdate(
                        "UPDATE models SET last_version_number = last_version_number + 1 WHERE id = :id")
                .bind("id", modelId)
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.MODEL_NOT_FOUND, "model '" + modelId + "' does not exist", Map.of("model_id", modelId));
        }
        return handle.createQuery("SELECT last_version_number FROM models WHERE id = :id")
                .bind("id", modelId)
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public void insertVersion(ModelVersion version) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO model_versions (id, model_id, number, digest, size_bytes, runtime, format,
                                file_name, signature_json, manifest_json, properties_json, created_by, created_at)
                            VALUES (:id, :modelId, :number, :digest, :sizeBytes, :runtime, :format,
                                :fileName, :signatureJson, :manifestJson, :propertiesJson, :createdBy, :createdAt)
                            """)
                    .bind("id", version.id())
                    .bind("modelId", version.modelId())
                    .bind("number", version.number())
                    .bind("digest", version.digest())
                    .bind("sizeBytes", version.sizeBytes())
                    .bind("runtime", version.runtime())
                    .bind("format", version.format())
                    .bind("fileName", version.fileName())
                    .bind("signatureJson", json.write(version.signature()))
                    .bind("manifestJson", json.write(version.manifest()))
                    .bind("propertiesJson", json.write(version.properties()))
                    .bind("createdBy", version.createdBy().id())
                    .bind("createdAt", version.createdAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "model version '" + version.number() + "' already exists",
                        Map.of("kind", "model version", "model_id", version.modelId(), "number", version.number()),
                        e);
            }
            throw e;
        }
    }

    @Override
    public Optional<ModelVersion> findVersion(String modelId, int number) {
        return handle.createQuery(
                        "SELECT " + VERSION_COLUMNS
                                + " FROM model_versions v JOIN users cu ON cu.id = v.created_by WHERE v.model_id = :modelId AND v.number = :number")
                .bind("modelId", modelId)
                .bind("number", number)
                .map(versionMapper)
                .findOne();
    }

    @Override
    public List<ModelVersion> listVersions(String modelId, PageRequest page) {
        Optional<Integer> after = page.after().map(JdbiModelStore::versionNumberToken);
        String sql = "SELECT " + VERSION_COLUMNS
                + " FROM model_versions v JOIN users cu ON cu.id = v.created_by WHERE v.model_id = :modelId"
                + (after.isPresent() ? " AND v.number > :after" : "")
                + " ORDER BY v.number LIMIT :limit";
        Query query = handle.createQuery(sql).bind("modelId", modelId).bind("limit", page.maxResults() + 1);
        after.ifPresent(number -> query.bind("after", number));
        return query.map(versionMapper).list();
    }

    @Override
    public long countVersionsWithDigest(String digest) {
        return handle.createQuery("SELECT COUNT(*) FROM model_versions WHERE digest = :digest")
                .bind("digest", digest)
                .mapTo(Long.class)
                .one();
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
