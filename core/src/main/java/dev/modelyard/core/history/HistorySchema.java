package dev.modelyard.core.history;

import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.TableSchema;
import java.util.List;

/** The fixed columns of every inference history dataset, in order. */
public final class HistorySchema {
    public static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("timestamp", ColumnType.TIMESTAMP),
            new Column("user_id", ColumnType.VARCHAR),
            new Column("request_uuid", ColumnType.VARCHAR),
            new Column("deployment_id", ColumnType.VARCHAR),
            new Column("objective_id", ColumnType.VARCHAR),
            new Column("model_id", ColumnType.VARCHAR),
            new Column("model_version_id", ColumnType.VARCHAR),
            new Column("release", ColumnType.VARCHAR),
            new Column("input", ColumnType.VARCHAR),
            new Column("output", ColumnType.VARCHAR),
            new Column("error", ColumnType.VARCHAR),
            new Column("api_key_id", ColumnType.VARCHAR),
            new Column("latency_us", ColumnType.BIGINT),
            new Column("role", ColumnType.VARCHAR)));

    private HistorySchema() {}
}
