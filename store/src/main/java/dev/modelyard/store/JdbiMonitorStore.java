package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.monitoring.monitor.CronSchedule;
import dev.modelyard.core.monitoring.monitor.DeliveryAttempt;
import dev.modelyard.core.monitoring.monitor.DeliveryState;
import dev.modelyard.core.monitoring.monitor.Monitor;
import dev.modelyard.core.monitoring.monitor.MonitorKind;
import dev.modelyard.core.monitoring.monitor.MonitorResult;
import dev.modelyard.core.monitoring.monitor.MonitorStatus;
import dev.modelyard.core.monitoring.monitor.MonitorStore;
import dev.modelyard.core.monitoring.monitor.RunTrigger;
import dev.modelyard.core.monitoring.monitor.ThresholdDirection;
import dev.modelyard.core.monitoring.monitor.Thresholds;
import dev.modelyard.core.monitoring.monitor.Webhook;
import dev.modelyard.core.monitoring.monitor.WebhookDelivery;
import dev.modelyard.core.user.UserRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Monitors, their results, webhook deliveries and delivery attempts in the {@code monitors}, {@code
 * monitor_results}, {@code webhook_deliveries} and {@code webhook_delivery_attempts} tables, on one
 * handle. Kinds, statuses, states and triggers are kept by their lowercase id; windows and steps as
 * whole seconds; webhooks (with their secrets) and parameters as JSON.
 *
 * <p>Servers sharing the database take work with conditional updates that name the values they
 * read ({@code WHERE next_run_at = :expected}) and count the rows changed: of two racing workers one
 * changes the row and the other sees nothing changed.
 */
public final class JdbiMonitorStore implements MonitorStore {
    private static final String MONITOR_COLUMNS = "m.id, m.project_id, m.deployment_id, m.name, m.kind, m.schedule,"
            + " m.window_seconds, m.step_seconds, m.parameters_json, m.direction, m.warning_threshold,"
            + " m.alert_threshold, m.webhooks_json, m.enabled, m.next_run_at, m.created_by,"
            + " cu.name AS created_by_name, m.created_at, m.updated_at";
    private static final String MONITOR_FROM = " FROM monitors m JOIN users cu ON cu.id = m.created_by";
    private static final String RESULT_COLUMNS = "id, monitor_id, window_start, window_end, result_value, status,"
            + " details_json, trigger_kind, computed_at";
    private static final String DELIVERY_COLUMNS = "id, monitor_id, result_id, webhook_id, url, event, payload,"
            + " state, attempts, next_attempt_at, last_error, created_at, finished_at";

    private static final RowMapper<WebhookDelivery> DELIVERY = (row, context) -> new WebhookDelivery(
            row.getString("id"),
            row.getString("monitor_id"),
            row.getString("result_id"),
            row.getString("webhook_id"),
            row.getString("url"),
            row.getString("event"),
            row.getString("payload"),
            DeliveryState.fromId(row.getString("state")),
            row.getInt("attempts"),
            EpochMicros.column(row, "next_attempt_at"),
            Optional.ofNullable(row.getString("last_error")),
            EpochMicros.column(row, "created_at"),
            EpochMicros.optionalColumn(row, "finished_at"));

    private static final RowMapper<DeliveryAttempt> ATTEMPT = (row, context) -> new DeliveryAttempt(
            row.getString("delivery_id"),
            row.getInt("number"),
            EpochMicros.column(row, "started_at"),
            row.getLong("duration_ms"),
            optionalInt(row, "status_code"),
            Optional.ofNullable(row.getString("error")));

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<Monitor> monitorMapper;
    private final RowMapper<MonitorResult> resultMapper;

    public JdbiMonitorStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiMonitorStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.monitorMapper = (row, context) -> new Monitor(
                row.getString("id"),
                row.getString("project_id"),
                row.getString("deployment_id"),
                row.getString("name"),
                MonitorKind.find(row.getString("kind"))
                        .orElseThrow(() -> new IllegalStateException("unknown stored monitor kind")),
                CronSchedule.parse(row.getString("schedule")),
                Duration.ofSeconds(row.getLong("window_seconds")),
                Duration.ofSeconds(row.getLong("step_seconds")),
                this.json.readStrings(row.getString("parameters_json")),
                new Thresholds(
                        ThresholdDirection.fromId(row.getString("direction")),
                        optionalDouble(row, "warning_threshold"),
                        optionalDouble(row, "alert_threshold")),
                readWebhooks(row.getString("webhooks_json")),
                row.getBoolean("enabled"),
                EpochMicros.column(row, "next_run_at"),
                new UserRef(row.getString("created_by"), row.getString("created_by_name")),
                EpochMicros.column(row, "created_at"),
                EpochMicros.column(row, "updated_at"));
        this.resultMapper = (row, context) -> new MonitorResult(
                row.getString("id"),
                row.getString("monitor_id"),
                EpochMicros.column(row, "window_start"),
                EpochMicros.column(row, "window_end"),
                optionalDouble(row, "result_value"),
                MonitorStatus.fromId(row.getString("status")),
                this.json.readObject(row.getString("details_json")),
                RunTrigger.fromId(row.getString("trigger_kind")),
                EpochMicros.column(row, "computed_at"));
    }

    // ---------------------------------------------------------------- monitors

    @Override
    public void insertMonitor(Monitor monitor) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO monitors (id, project_id, deployment_id, name, kind, schedule, window_seconds,
                                step_seconds, parameters_json, direction, warning_threshold, alert_threshold,
                                webhooks_json, enabled, next_run_at, created_by, created_at, updated_at)
                            VALUES (:id, :projectId, :deploymentId, :name, :kind, :schedule, :windowSeconds,
                                :stepSeconds, :parameters, :direction, :warning, :alert, :webhooks, :enabled,
                                :nextRunAt, :createdBy, :createdAt, :updatedAt)
                            """)
                    .bind("id", monitor.id())
                    .bind("projectId", monitor.projectId())
                    .bind("deploymentId", monitor.deploymentId())
                    .bind("name", monitor.name())
                    .bind("kind", monitor.kind().id())
                    .bind("schedule", monitor.schedule().expression())
                    .bind("windowSeconds", monitor.window().getSeconds())
                    .bind("stepSeconds", monitor.step().getSeconds())
                    .bind("parameters", json.write(monitor.parameters()))
                    .bind("direction", monitor.thresholds().direction().id())
                    .bindByType("warning", monitor.thresholds().warning().orElse(null), Double.class)
                    .bindByType("alert", monitor.thresholds().alert().orElse(null), Double.class)
                    .bind("webhooks", writeWebhooks(monitor.webhooks()))
                    .bind("enabled", monitor.enabled())
                    .bind("nextRunAt", monitor.nextRunAt())
                    .bind("createdBy", monitor.createdBy().id())
                    .bind("createdAt", monitor.createdAt())
                    .bind("updatedAt", monitor.updatedAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolationOf(
                    e, "monitors_deployment_name_unique", "monitors.deployment_id, monitors.name")) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "the deployment already has a monitor named '" + monitor.name() + "'",
                        Map.of("monitor", monitor.name()),
                        e);
            }
            throw e;
        }
    }

    @Override
    public void updateMonitor(Monitor monitor) {
        int updated = handle.createUpdate(
                        """
                        UPDATE monitors SET kind = :kind, schedule = :schedule, window_seconds = :windowSeconds,
                            step_seconds = :stepSeconds, parameters_json = :parameters, direction = :direction,
                            warning_threshold = :warning, alert_threshold = :alert, webhooks_json = :webhooks,
                            enabled = :enabled, next_run_at = :nextRunAt, updated_at = :updatedAt
                        WHERE id = :id
                        """)
                .bind("kind", monitor.kind().id())
                .bind("schedule", monitor.schedule().expression())
                .bind("windowSeconds", monitor.window().getSeconds())
                .bind("stepSeconds", monitor.step().getSeconds())
                .bind("parameters", json.write(monitor.parameters()))
                .bind("direction", monitor.thresholds().direction().id())
                .bindByType("warning", monitor.thresholds().warning().orElse(null), Double.class)
                .bindByType("alert", monitor.thresholds().alert().orElse(null), Double.class)
                .bind("webhooks", writeWebhooks(monitor.webhooks()))
                .bind("enabled", monitor.enabled())
                .bind("nextRunAt", monitor.nextRunAt())
                .bind("updatedAt", monitor.updatedAt())
                .bind("id", monitor.id())
                .execute();
        if (updated != 1) {
            throw new IllegalStateException("monitor " + monitor.id() + " does not exist");
        }
    }

    @Override
    public void deleteMonitor(String monitorId) {
        handle.createUpdate(
                        """
                        DELETE FROM webhook_delivery_attempts WHERE delivery_id IN
                            (SELECT id FROM webhook_deliveries WHERE monitor_id = :id)
                        """)
                .bind("id", monitorId)
                .execute();
        handle.createUpdate("DELETE FROM webhook_deliveries WHERE monitor_id = :id")
                .bind("id", monitorId)
                .execute();
        handle.createUpdate("DELETE FROM monitor_results WHERE monitor_id = :id")
                .bind("id", monitorId)
                .execute();
        handle.createUpdate("DELETE FROM monitors WHERE id = :id")
                .bind("id", monitorId)
                .execute();
    }

    @Override
    public Optional<Monitor> findMonitor(String deploymentId, String name) {
        return handle.createQuery("SELECT " + MONITOR_COLUMNS + MONITOR_FROM
                        + " WHERE m.deployment_id = :deploymentId AND m.name = :name")
                .bind("deploymentId", deploymentId)
                .bind("name", name)
                .map(monitorMapper)
                .findOne();
    }

    @Override
    public Optional<Monitor> findMonitorById(String monitorId) {
        return handle.createQuery("SELECT " + MONITOR_COLUMNS + MONITOR_FROM + " WHERE m.id = :id")
                .bind("id", monitorId)
                .map(monitorMapper)
                .findOne();
    }

    @Override
    public List<Monitor> listMonitors(String deploymentId) {
        return handle.createQuery("SELECT " + MONITOR_COLUMNS + MONITOR_FROM
                        + " WHERE m.deployment_id = :deploymentId ORDER BY m.name")
                .bind("deploymentId", deploymentId)
                .map(monitorMapper)
                .list();
    }

    @Override
    public List<Monitor> listDueMonitors(Instant now, int limit) {
        return handle.createQuery("SELECT " + MONITOR_COLUMNS + MONITOR_FROM
                        + " WHERE m.enabled = :enabled AND m.next_run_at <= :now"
                        + " ORDER BY m.next_run_at, m.id LIMIT :limit")
                .bind("enabled", true)
                .bind("now", requireNonNull(now, "now is null"))
                .bind("limit", Math.max(limit, 0))
                .map(monitorMapper)
                .list();
    }

    @Override
    public boolean claimRun(String monitorId, Instant expected, Instant next) {
        int updated = handle.createUpdate(
                        "UPDATE monitors SET next_run_at = :next WHERE id = :id AND next_run_at = :expected")
                .bind("next", requireNonNull(next, "next is null"))
                .bind("id", monitorId)
                .bind("expected", requireNonNull(expected, "expected is null"))
                .execute();
        return updated == 1;
    }

    // ---------------------------------------------------------------- results

    @Override
    public void insertResult(MonitorResult result) {
        handle.createUpdate(
                        """
                        INSERT INTO monitor_results (id, monitor_id, window_start, window_end, result_value, status,
                            details_json, trigger_kind, computed_at)
                        VALUES (:id, :monitorId, :windowStart, :windowEnd, :value, :status, :details, :trigger,
                            :computedAt)
                        """)
                .bind("id", result.id())
                .bind("monitorId", result.monitorId())
                .bind("windowStart", result.windowStart())
                .bind("windowEnd", result.windowEnd())
                .bindByType("value", result.value().orElse(null), Double.class)
                .bind("status", result.status().id())
                .bind("details", json.write(result.details()))
                .bind("trigger", result.trigger().id())
                .bind("computedAt", result.computedAt())
                .execute();
    }

    @Override
    public List<MonitorResult> listResults(String monitorId, Optional<Instant> from, Optional<Instant> to, int limit) {
        String sql = "SELECT " + RESULT_COLUMNS + " FROM monitor_results WHERE monitor_id = :monitorId"
                + (from.isPresent() ? " AND window_end >= :from" : "")
                + (to.isPresent() ? " AND window_end < :to" : "")
                + " ORDER BY window_end DESC, computed_at DESC, id DESC LIMIT :limit";
        Query query = handle.createQuery(sql).bind("monitorId", monitorId).bind("limit", Math.max(limit, 0));
        from.ifPresent(instant -> query.bind("from", instant));
        to.ifPresent(instant -> query.bind("to", instant));
        List<MonitorResult> newestFirst =
                new ArrayList<>(query.map(resultMapper).list());
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public Optional<Instant> latestScheduledWindowEnd(String monitorId) {
        return handle.createQuery(
                        """
                        SELECT MAX(window_end) FROM monitor_results
                        WHERE monitor_id = :monitorId AND trigger_kind = 'scheduled'
                        """)
                .bind("monitorId", monitorId)
                .mapTo(Instant.class)
                .findOne();
    }

    // ---------------------------------------------------------------- deliveries

    @Override
    public void insertDelivery(WebhookDelivery delivery) {
        handle.createUpdate(
                        """
                        INSERT INTO webhook_deliveries (id, monitor_id, result_id, webhook_id, url, event, payload,
                            state, attempts, next_attempt_at, last_error, created_at, finished_at)
                        VALUES (:id, :monitorId, :resultId, :webhookId, :url, :event, :payload, :state, :attempts,
                            :nextAttemptAt, :lastError, :createdAt, :finishedAt)
                        """)
                .bind("id", delivery.id())
                .bind("monitorId", delivery.monitorId())
                .bind("resultId", delivery.resultId())
                .bind("webhookId", delivery.webhookId())
                .bind("url", delivery.url())
                .bind("event", delivery.event())
                .bind("payload", delivery.payload())
                .bind("state", delivery.state().id())
                .bind("attempts", delivery.attempts())
                .bind("nextAttemptAt", delivery.nextAttemptAt())
                .bindByType("lastError", delivery.lastError().orElse(null), String.class)
                .bind("createdAt", delivery.createdAt())
                .bindByType("finishedAt", delivery.finishedAt().orElse(null), Instant.class)
                .execute();
    }

    @Override
    public Optional<WebhookDelivery> findDelivery(String deliveryId) {
        return handle.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries WHERE id = :id")
                .bind("id", deliveryId)
                .map(DELIVERY)
                .findOne();
    }

    @Override
    public List<WebhookDelivery> listDeliveries(String monitorId, int limit) {
        return handle.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
                        + " WHERE monitor_id = :monitorId ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("monitorId", monitorId)
                .bind("limit", Math.max(limit, 0))
                .map(DELIVERY)
                .list();
    }

    @Override
    public List<WebhookDelivery> listDueDeliveries(Instant now, int limit) {
        return handle.createQuery("SELECT " + DELIVERY_COLUMNS + " FROM webhook_deliveries"
                        + " WHERE state = 'pending' AND next_attempt_at <= :now"
                        + " ORDER BY next_attempt_at, id LIMIT :limit")
                .bind("now", requireNonNull(now, "now is null"))
                .bind("limit", Math.max(limit, 0))
                .map(DELIVERY)
                .list();
    }

    @Override
    public Optional<Instant> nextDeliveryDue() {
        return handle.createQuery("SELECT MIN(next_attempt_at) FROM webhook_deliveries WHERE state = 'pending'")
                .mapTo(Instant.class)
                .findOne();
    }

    @Override
    public boolean claimDelivery(
            String deliveryId, Instant expectedNextAttemptAt, int expectedAttempts, Instant leaseUntil) {
        int updated = handle.createUpdate(
                        """
                        UPDATE webhook_deliveries SET attempts = attempts + 1, next_attempt_at = :leaseUntil
                        WHERE id = :id AND state = 'pending' AND next_attempt_at = :expected
                            AND attempts = :attempts
                        """)
                .bind("leaseUntil", requireNonNull(leaseUntil, "leaseUntil is null"))
                .bind("id", deliveryId)
                .bind("expected", requireNonNull(expectedNextAttemptAt, "expectedNextAttemptAt is null"))
                .bind("attempts", expectedAttempts)
                .execute();
        return updated == 1;
    }

    @Override
    public void updateDelivery(WebhookDelivery delivery) {
        handle.createUpdate(
                        """
                        UPDATE webhook_deliveries SET state = :state, next_attempt_at = :nextAttemptAt,
                            last_error = :lastError, finished_at = :finishedAt
                        WHERE id = :id
                        """)
                .bind("state", delivery.state().id())
                .bind("nextAttemptAt", delivery.nextAttemptAt())
                .bindByType("lastError", delivery.lastError().orElse(null), String.class)
                .bindByType("finishedAt", delivery.finishedAt().orElse(null), Instant.class)
                .bind("id", delivery.id())
                .execute();
    }

    @Override
    public void insertAttempt(DeliveryAttempt attempt) {
        handle.createUpdate(
                        """
                        INSERT INTO webhook_delivery_attempts (delivery_id, number, started_at, duration_ms,
                            status_code, error)
                        VALUES (:deliveryId, :number, :startedAt, :durationMillis, :statusCode, :error)
                        """)
                .bind("deliveryId", attempt.deliveryId())
                .bind("number", attempt.number())
                .bind("startedAt", attempt.startedAt())
                .bind("durationMillis", attempt.durationMillis())
                .bindByType("statusCode", attempt.statusCode().orElse(null), Integer.class)
                .bindByType("error", attempt.error().orElse(null), String.class)
                .execute();
    }

    @Override
    public List<DeliveryAttempt> listAttempts(String deliveryId) {
        return handle.createQuery(
                        """
                        SELECT delivery_id, number, started_at, duration_ms, status_code, error
                        FROM webhook_delivery_attempts WHERE delivery_id = :deliveryId ORDER BY number
                        """)
                .bind("deliveryId", deliveryId)
                .map(ATTEMPT)
                .list();
    }

    @Override
    public List<String> findFeatureNames(String modelVersionId) {
        return handle.createQuery("SELECT signature_json FROM model_versions WHERE id = :id")
                .bind("id", modelVersionId)
                .mapTo(String.class)
                .findOne()
                .map(signature -> json.readSignature(signature).featureNames())
                .orElse(List.of());
    }

    // ---------------------------------------------------------------- JSON and nullable columns

    private String writeWebhooks(List<Webhook> webhooks) {
        return json.write(webhooks.stream()
                .map(webhook -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("id", webhook.id());
                    entry.put("url", webhook.url());
                    entry.put("secret", webhook.secret());
                    entry.put("include_warnings", webhook.includeWarnings());
                    return entry;
                })
                .toList());
    }

    private List<Webhook> readWebhooks(String text) {
        return json.readObjects(text).stream()
                .map(entry -> new Webhook(
                        (String) entry.get("id"),
                        (String) entry.get("url"),
                        (String) entry.get("secret"),
                        Boolean.TRUE.equals(entry.get("include_warnings"))))
                .toList();
    }

    private static Optional<Double> optionalDouble(ResultSet row, String column) throws SQLException {
        double value = row.getDouble(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Integer> optionalInt(ResultSet row, String column) throws SQLException {
        int value = row.getInt(column);
        return row.wasNull() ? Optional.empty() : Optional.of(value);
    }
}
