package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.history.HistoryState;
import dev.modelyard.core.history.HistoryStore;
import dev.modelyard.core.history.InferenceHistory;
import dev.modelyard.core.user.UserRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementException;

/** Inference histories in the {@code inference_histories} table, on one handle. */
public final class JdbiHistoryStore implements HistoryStore {
    private static final String COLUMNS = "h.id, h.deployment_id, h.project_id, h.dataset_id, d.name AS dataset_name,"
            + " h.state, h.sampling_rate, h.redacted_fields_json, h.durable, h.created_by,"
            + " cu.name AS created_by_name, h.created_at, h.updated_at";
    private static final String FROM = " FROM inference_histories h JOIN datasets d ON d.id = h.dataset_id"
            + " JOIN users cu ON cu.id = h.created_by";

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<InferenceHistory> mapper;

    public JdbiHistoryStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.mapper = (row, context) -> new InferenceHistory(
                row.getString("id"),
                row.getString("deployment_id"),
                row.getString("project_id"),
                row.getString("dataset_id"),
                row.getString("dataset_name"),
                HistoryState.fromId(row.getString("state")),
                row.getDouble("sampling_rate"),
                this.json.readStringList(row.getString("redacted_fields_json")),
                row.getBoolean("durable"),
                new UserRef(row.getString("created_by"), row.getString("created_by_name")),
                EpochMicros.column(row, "created_at"),
                EpochMicros.column(row, "updated_at"));
    }

    @Override
    public void insertHistory(InferenceHistory history) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO inference_histories (id, deployment_id, project_id, dataset_id, state,
                                sampling_rate, redacted_fields_json, durable, created_by, created_at, updated_at)
                            VALUES (:id, :deploymentId, :projectId, :datasetId, :state, :samplingRate,
                                :redactedFields, :durable, :createdBy, :createdAt, :updatedAt)
                            """)
                    .bind("id", history.id())
                    .bind("deploymentId", history.deploymentId())
                    .bind("projectId", history.projectId())
                    .bind("datasetId", history.datasetId())
                    .bind("state", history.state().id())
                    .bind("samplingRate", history.samplingRate())
                    .bind("redactedFields", json.write(history.redactedFields()))
                    .bind("durable", history.durable())
                    .bind("createdBy", history.createdBy().id())
                    .bind("createdAt", history.createdAt())
                    .bind("updatedAt", history.updatedAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "the deployment already has an inference history; remove it before creating another",
                        Map.of("deployment_id", history.deploymentId()),
                        e);
            }
            throw e;
        }
    }

    @Override
    public void updateHistory(InferenceHistory history) {
        handle.createUpdate("UPDATE inference_histories SET state = :state, updated_at = :updatedAt WHERE id = :id")
                .bind("state", history.state().id())
                .bind("updatedAt", history.updatedAt())
                .bind("id", history.id())
                .execute();
    }

    @Override
    public Optional<InferenceHistory> findCurrentHistory(String deploymentId) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + FROM + " WHERE h.deployment_id = :deploymentId AND h.state <> 'removed'")
                .bind("deploymentId", deploymentId)
                .map(mapper)
                .findOne();
    }

    @Override
    public List<InferenceHistory> listHistories(String deploymentId) {
        return handle.createQuery("SELECT " + COLUMNS + FROM
                        + " WHERE h.deployment_id = :deploymentId ORDER BY h.created_at DESC, h.id DESC")
                .bind("deploymentId", deploymentId)
                .map(mapper)
                .list();
    }

    @Override
    public Optional<InferenceHistory> findHistoryByDataset(String datasetId) {
        return handle.createQuery("SELECT " + COLUMNS + FROM + " WHERE h.dataset_id = :datasetId")
                .bind("datasetId", datasetId)
                .map(mapper)
                .findOne();
    }

    @Override
    public List<InferenceHistory> listCurrentHistories() {
        return handle.createQuery("SELECT " + COLUMNS + FROM + " WHERE h.state <> 'removed' ORDER BY h.id")
                .map(mapper)
                .list();
    }
}
