package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.background.BackgroundLoop;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs monitors when their schedule fires. Every {@link MonitorConfig#pollInterval()} a background
 * thread takes the monitors whose {@code next_run_at} has come, each with a conditional update that
 * moves it to the schedule's next firing (so servers sharing the database run each firing once),
 * and computes the windows that became due: those whose end is a multiple of the step (from the
 * epoch, UTC), not later than now and later than the last window the schedule computed; the first
 * run computes only the latest. After downtime at most {@link #MAX_WINDOWS_PER_RUN} missed windows
 * are caught up.
 *
 * <p>The results and the webhook deliveries they cause are stored in one transaction. Only the
 * newest window of a run notifies, so catching up after downtime sends one alert, not one per
 * missed window. Calls still waiting in a history's write queue when a window is computed are not
 * in it.
 */
public final class MonitorRunner implements AutoCloseable {
    /** The most windows one scheduled run computes (the latest ones). */
    public static final int MAX_WINDOWS_PER_RUN = 48;

    private static final Logger LOG = LoggerFactory.getLogger(MonitorRunner.class);
    private static final int DUE_BATCH = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Transactions transactions;
    private final MonitorEvaluator evaluator;
    private final Runnable deliveriesMade;
    private final MonitorConfig config;
    private final Clock clock;
    private final BackgroundLoop loop;

    /**
     * @param deliveriesMade told after deliveries were stored, so the delivery worker starts at once
     */
    public MonitorRunner(
            Transactions transactions,
            MonitorEvaluator evaluator,
            Runnable deliveriesMade,
            MonitorConfig config,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
        this.deliveriesMade = requireNonNull(deliveriesMade, "deliveriesMade is null");
        this.config = requireNonNull(config, "config is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.loop = new BackgroundLoop("modelyard-monitors", this::round, config.pollInterval());
    }

    public void start() {
        loop.start();
    }

    /** Lets the runner look for due monitors now (a schedule changed). */
    public void wakeUp() {
        loop.wakeUp();
    }

    @Override
    public void close() {
        loop.close();
    }

    /** One round: run what is due, then wait for the poll interval. */
    private Duration round() {
        runDue();
        return config.pollInterval();
    }

    /** Runs every monitor whose schedule fired; returns how many ran. */
    public int runDue() {
        int ran = 0;
        while (!loop.closed()) {
            Instant now = clock.instant();
            List<Monitor> due = transactions.read(stores -> stores.monitors().listDueMonitors(now, DUE_BATCH));
            int claimedNow = 0;
            for (Monitor monitor : due) {
                Instant next = monitor.schedule().nextAfter(now);
                boolean claimed = transactions.inTransaction(
                        stores -> stores.monitors().claimRun(monitor.id(), monitor.nextRunAt(), next));
                if (!claimed) {
                    continue;
                }
                claimedNow++;
                try {
                    runScheduled(monitor, now);
                    ran++;
                } catch (RuntimeException e) {
                    LOG.warn("monitor {} failed to run; it runs again at {}", monitor.id(), next, e);
                }
            }
            if (due.size() < DUE_BATCH || claimedNow == 0) {
                return ran;
            }
        }
        return ran;
    }

    /** The windows a scheduled run at {@code now} computes, oldest first. */
    static List<MonitorEvaluator.Window> dueWindows(Monitor monitor, Optional<Instant> lastEnd, Instant now) {
        long step = monitor.step().getSeconds();
        Instant latest = Instant.ofEpochSecond(Math.floorDiv(now.getEpochSecond(), step) * step);
        List<MonitorEvaluator.Window> windows = new ArrayList<>();
        for (Instant end = latest;
                windows.size() < MAX_WINDOWS_PER_RUN
                        && (lastEnd.isEmpty() ? windows.isEmpty() : end.isAfter(lastEnd.get()));
                end = end.minus(monitor.step())) {
            windows.add(0, new MonitorEvaluator.Window(end.minus(monitor.window()), end));
        }
        return windows;
    }

    private void runScheduled(Monitor monitor, Instant now) {
        Optional<Instant> lastEnd =
                transactions.read(stores -> stores.monitors().latestScheduledWindowEnd(monitor.id()));
        List<MonitorEvaluator.Window> windows = dueWindows(monitor, lastEnd, now);
        if (windows.isEmpty()) {
            return;
        }
        List<MonitorEvaluator.Outcome> outcomes = evaluator.evaluate(monitor, windows);
        List<MonitorResult> stored = store(monitor, outcomes, RunTrigger.SCHEDULED);
        if (!stored.isEmpty()) {
            MonitorResult newest = stored.get(stored.size() - 1);
            LOG.debug(
                    "monitor {} computed {} window(s); the newest is {}",
                    monitor.id(),
                    stored.size(),
                    newest.status().id());
        }
    }

    /**
     * Computes the monitor over the window ending now, stores the result and notifies its webhooks
     * as a scheduled run would; the schedule is not moved.
     */
    public MonitorResult runNow(Monitor monitor) {
        Instant now = clock.instant();
        MonitorEvaluator.Window window = new MonitorEvaluator.Window(now.minus(monitor.window()), now);
        List<MonitorResult> stored = store(monitor, evaluator.evaluate(monitor, List.of(window)), RunTrigger.MANUAL);
        if (stored.isEmpty()) {
            throw new ModelyardException(
                    ErrorCode.NOT_FOUND,
                    "monitor '" + monitor.name() + "' was deleted while it ran",
                    Map.of("monitor", monitor.name()));
        }
        return stored.get(0);
    }

    /**
     * Stores the results and the deliveries of the newest one, as the monitor is now (it may have
     * changed or gone while computing); returns the stored results, none when it is gone.
     */
    private List<MonitorResult> store(Monitor computed, List<MonitorEvaluator.Outcome> outcomes, RunTrigger trigger) {
        Instant now = clock.instant();
        record Stored(List<MonitorResult> results, int deliveries) {}
        Stored stored = transactions.inTransaction(stores -> {
            Optional<Monitor> current = stores.monitors().findMonitorById(computed.id());
            if (current.isEmpty()) {
                return new Stored(List.of(), 0);
            }
            List<MonitorResult> results = new ArrayList<>();
            for (MonitorEvaluator.Outcome outcome : outcomes) {
                MonitorResult result = new MonitorResult(
                        UUID.randomUUID().toString(),
                        computed.id(),
                        outcome.window().start(),
                        outcome.window().end(),
                        outcome.value(),
                        outcome.status(),
                        outcome.details(),
                        trigger,
                        now);
                stores.monitors().insertResult(result);
                results.add(result);
            }
            int deliveries = results.isEmpty()
                    ? 0
                    : enqueueDeliveries(stores, current.get(), results.get(results.size() - 1), now);
            return new Stored(results, deliveries);
        });
        if (stored.deliveries() > 0) {
            deliveriesMade.run();
        }
        return stored.results();
    }

    private int enqueueDeliveries(Stores stores, Monitor monitor, MonitorResult result, Instant now) {
        List<Webhook> webhooks = monitor.webhooks().stream()
                .filter(webhook -> webhook.wants(result.status()))
                .toList();
        if (webhooks.isEmpty()) {
            return 0;
        }
        String project = stores.projects()
                .findProjectById(monitor.projectId())
                .map(Project::name)
                .orElse(monitor.projectId());
        String deployment = stores.deployments()
                .findDeploymentById(monitor.deploymentId())
                .map(Deployment::name)
                .orElse(monitor.deploymentId());
        String event =
                result.status() == MonitorStatus.ALERT ? WebhookDelivery.ALERT_EVENT : WebhookDelivery.WARNING_EVENT;
        for (Webhook webhook : webhooks) {
            String id = UUID.randomUUID().toString();
            stores.monitors()
                    .insertDelivery(new WebhookDelivery(
                            id,
                            monitor.id(),
                            result.id(),
                            webhook.id(),
                            webhook.url(),
                            event,
                            payload(id, event, project, deployment, monitor, result, now),
                            DeliveryState.PENDING,
                            0,
                            now,
                            Optional.empty(),
                            now,
                            Optional.empty()));
        }
        return webhooks.size();
    }

    /** The JSON body of an alert; see docs/monitoring.md for its fields. */
    static String payload(
            String deliveryId,
            String event,
            String project,
            String deployment,
            Monitor monitor,
            MonitorResult result,
            Instant now) {
        Map<String, Object> monitorPart = new LinkedHashMap<>();
        monitorPart.put("id", monitor.id());
        monitorPart.put("name", monitor.name());
        monitorPart.put("kind", monitor.kind().id());
        monitorPart.put("schedule", monitor.schedule().expression());
        monitorPart.put("window", MonitorDurations.format(monitor.window()));
        monitorPart.put("thresholds", monitor.thresholds().describe());
        Map<String, Object> resultPart = new LinkedHashMap<>();
        resultPart.put("id", result.id());
        resultPart.put("window_start", result.windowStart().toString());
        resultPart.put("window_end", result.windowEnd().toString());
        resultPart.put("value", result.value().orElse(null));
        resultPart.put("status", result.status().id());
        resultPart.put("trigger", result.trigger().id());
        resultPart.put("details", result.details());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("event", event);
        body.put("delivery_id", deliveryId);
        body.put("project", project);
        body.put("deployment", deployment);
        body.put("monitor", monitorPart);
        body.put("result", resultPart);
        body.put("created_at", now.toString());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the webhook body", e);
        }
    }
}
