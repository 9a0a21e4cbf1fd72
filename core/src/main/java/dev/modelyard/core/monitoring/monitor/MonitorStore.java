package dev.modelyard.core.monitoring.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of monitors, their results and webhook deliveries, bound to the caller's
 * transaction. Several servers may share one database: the runner and the delivery worker take work
 * with conditional updates ({@link #claimRun}, {@link #claimDelivery}) so each piece runs once.
 */
public interface MonitorStore {
    /** Inserts a monitor; {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} when the deployment has one of that name. */
    void insertMonitor(Monitor monitor);

    /** Replaces everything but the id, project, deployment, name and creation of a monitor. */
    void updateMonitor(Monitor monitor);

    /** Deletes a monitor with its results, deliveries and their attempts. */
    void deleteMonitor(String monitorId);

    Optional<Monitor> findMonitor(String deploymentId, String name);

    Optional<Monitor> findMonitorById(String monitorId);

    /** A deployment's monitors by name. */
    List<Monitor> listMonitors(String deploymentId);

    /** Enabled monitors whose schedule fired at or before {@code now}, the longest waiting first. */
    List<Monitor> listDueMonitors(Instant now, int limit);

    /**
     * Moves a due monitor's next run from {@code expected} to {@code next}; false when another
     * worker moved it first (that worker runs it).
     */
    boolean claimRun(String monitorId, Instant expected, Instant next);

    void insertResult(MonitorResult result);

    /**
     * A monitor's results whose window ends at or after {@code from} and before {@code to}: the
     * latest {@code limit} of them, oldest first.
     */
    List<MonitorResult> listResults(String monitorId, Optional<Instant> from, Optional<Instant> to, int limit);

    /** The end of the latest window the schedule computed, if any. */
    Optional<Instant> latestScheduledWindowEnd(String monitorId);

    void insertDelivery(WebhookDelivery delivery);

    Optional<WebhookDelivery> findDelivery(String deliveryId);

    /** A monitor's deliveries, newest first, at most {@code limit}. */
    List<WebhookDelivery> listDeliveries(String monitorId, int limit);

    /** Pending deliveries whose next attempt is due at {@code now}, the longest waiting first. */
    List<WebhookDelivery> listDueDeliveries(Instant now, int limit);

    /** When the earliest pending delivery is due, if any is pending. */
    Optional<Instant> nextDeliveryDue();

    /**
     * Takes a due delivery for one attempt: its attempts grow by one and its next attempt moves to
     * {@code leaseUntil} (when the attempt counts as lost). False when it is no longer pending at
     * {@code expectedNextAttemptAt} with {@code expectedAttempts} (another worker took it).
     */
    boolean claimDelivery(String deliveryId, Instant expectedNextAttemptAt, int expectedAttempts, Instant leaseUntil);

    /** Stores a delivery's state, next attempt, last error and end (attempts are counted by the claim). */
    void updateDelivery(WebhookDelivery delivery);

    void insertAttempt(DeliveryAttempt attempt);

    /** A delivery's attempts, first first. */
    List<DeliveryAttempt> listAttempts(String deliveryId);

    /**
     * The tabular feature names of a model version's signature (empty when it declares none or the
     * version is unknown): how a drift monitor names the columns of a 2-d input.
     */
    List<String> findFeatureNames(String modelVersionId);
}
