package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.deployment.AccessLevel;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentResources;
import dev.modelyard.core.deployment.DeploymentTarget;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.monitoring.monitor.CronSchedule;
import dev.modelyard.core.monitoring.monitor.DeliveryAttempt;
import dev.modelyard.core.monitoring.monitor.DeliveryState;
import dev.modelyard.core.monitoring.monitor.Monitor;
import dev.modelyard.core.monitoring.monitor.MonitorKind;
import dev.modelyard.core.monitoring.monitor.MonitorResult;
import dev.modelyard.core.monitoring.monitor.MonitorStatus;
import dev.modelyard.core.monitoring.monitor.RunTrigger;
import dev.modelyard.core.monitoring.monitor.ThresholdDirection;
import dev.modelyard.core.monitoring.monitor.Thresholds;
import dev.modelyard.core.monitoring.monitor.Webhook;
import dev.modelyard.core.monitoring.monitor.WebhookDelivery;
import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserRef;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of the monitor store (monitors, results, webhook deliveries and their attempts), run
 * against SQLite and PostgreSQL. One database per test class; every test makes its own user,
 * project, objective and deployment.
 *
 * <p>Due monitors and due deliveries are one queue for the whole database, so the tests that take
 * from them keep apart by time: what they take is due long ago (before every other test's rows,
 * which are due {@link #LATER}), and they only ask for what is due by then.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractMonitorStoreTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final Instant LATER = NOW.plus(Duration.ofDays(1));
    private static final Instant LONG_AGO = Instant.parse("2001-01-01T00:00:00Z");

    private Database database;
    private Transactions tx;

    /** Opens the database of this test class. */
    protected abstract Database openDatabase();

    /** Releases what {@link #openDatabase()} needed, after the database is closed. */
    protected void releaseDatabase() {}

    @BeforeAll
    final void openTestDatabase() {
        database = openDatabase();
        tx = database.transactions();
    }

    @AfterAll
    final void closeTestDatabase() {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            releaseDatabase();
        }
    }

    protected final Database database() {
        return database;
    }

    // ---------------------------------------------------------------- monitors

    @Test
    void monitorsRoundTripEveryFieldAndAreListedByName() {
        Fixture f = fixture();
        Monitor drift = new Monitor(
                newId(),
                f.project().id(),
                f.deployment().id(),
                "drift-inputs",
                MonitorKind.DRIFT,
                CronSchedule.parse("*/15 8-18 * * mon-fri"),
                Duration.ofHours(6),
                Duration.ofMinutes(15),
                Map.of("baseline_dataset", "training", "baseline_version", "3", "feature", "age"),
                new Thresholds(ThresholdDirection.BELOW, Optional.of(0.05), Optional.of(0.01)),
                List.of(
                        new Webhook(newId(), "https://hooks.example.com/a?x=1", "s3cret-s3cret-s3cret", true),
                        new Webhook(newId(), "http://10.0.0.7:9000/alerts", "another-secret-0123", false)),
                false,
                LATER,
                f.ref(),
                NOW,
                NOW.plusSeconds(1));
        Monitor errors = monitor(f, "a-errors", LATER);
        write(s -> {
            s.monitors().insertMonitor(drift);
            s.monitors().insertMonitor(errors);
        });

        assertThat(tx.read((Stores s) -> s.monitors().findMonitorById(drift.id())))
                .contains(drift);
        assertThat(tx.read((Stores s) -> s.monitors().findMonitor(f.deployment().id(), "drift-inputs")))
                .contains(drift);
        assertThat(tx.read((Stores s) -> s.monitors().findMonitor(f.deployment().id(), "missing")))
                .isEmpty();
        assertThat(tx.read(
                        (Stores s) -> s.monitors().listMonitors(f.deployment().id())))
                .containsExactly(errors, drift);
        Monitor noThresholds = monitor(f, "no-thresholds", LATER);
        Monitor plain = new Monitor(
                noThresholds.id(),
                noThresholds.projectId(),
                noThresholds.deploymentId(),
                noThresholds.name(),
                MonitorKind.CALLS,
                noThresholds.schedule(),
                noThresholds.window(),
                noThresholds.step(),
                Map.of(),
                Thresholds.none(),
                List.of(),
                true,
                LATER,
                f.ref(),
                NOW,
                NOW);
        write(s -> s.monitors().insertMonitor(plain));
        assertThat(tx.read((Stores s) -> s.monitors().findMonitorById(plain.id())))
                .contains(plain);
    }

    @Test
    void monitorNamesAreUniquePerDeployment() {
        Fixture f = fixture();
        write(s -> s.monitors().insertMonitor(monitor(f, "errors", LATER)));
        assertThatThrownBy(() -> write(s -> s.monitors().insertMonitor(monitor(f, "errors", LATER))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        Fixture other = fixture();
        write(s -> s.monitors().insertMonitor(monitor(other, "errors", LATER)));
        assertThat(tx.read((Stores s) ->
                        s.monitors().listMonitors(other.deployment().id())))
                .extracting(Monitor::name)
                .containsExactly("errors");
    }

    @Test
    void updateReplacesTheSettingsAndKeepsTheIdentity() {
        Fixture f = fixture();
        Monitor before = monitor(f, "latency", LATER);
        write(s -> s.monitors().insertMonitor(before));
        Monitor after = new Monitor(
                before.id(),
                before.projectId(),
                before.deploymentId(),
                before.name(),
                MonitorKind.LATENCY_P99,
                CronSchedule.parse("0 * * * *"),
                Duration.ofMinutes(30),
                Duration.ofMinutes(10),
                Map.of(),
                new Thresholds(ThresholdDirection.ABOVE, Optional.of(50.0), Optional.of(200.0)),
                List.of(new Webhook(newId(), "https://example.com/h", "0123456789abcdef", false)),
                false,
                LATER.plusSeconds(60),
                before.createdBy(),
                before.createdAt(),
                NOW.plusSeconds(5));
        write(s -> s.monitors().updateMonitor(after));
        assertThat(tx.read((Stores s) -> s.monitors().findMonitorById(before.id())))
                .contains(after);
    }

    @Test
    void aDueMonitorIsClaimedByOneRunnerOnly() {
        Fixture f = fixture();
        Monitor due = monitor(f, "due", LONG_AGO);
        Monitor dueLater = monitor(f, "due-later", LONG_AGO.plusSeconds(60));
        Monitor disabled = disabled(monitor(f, "disabled", LONG_AGO));
        Monitor future = monitor(f, "future", LATER);
        write(s -> List.of(due, dueLater, disabled, future).forEach(s.monitors()::insertMonitor));

        Instant cutoff = LONG_AGO.plusSeconds(60);
        assertThat(tx.read((Stores s) -> s.monitors().listDueMonitors(cutoff, 100)))
                .extracting(Monitor::id)
                .containsExactly(due.id(), dueLater.id());
        assertThat(tx.read((Stores s) -> s.monitors().listDueMonitors(cutoff, 1)))
                .extracting(Monitor::id)
                .containsExactly(due.id());

        Instant next = LATER.plusSeconds(120);
        assertThat(tx.inTransaction((Stores s) -> s.monitors().claimRun(due.id(), due.nextRunAt(), next)))
                .isTrue();
        assertThat(tx.inTransaction((Stores s) -> s.monitors().claimRun(due.id(), due.nextRunAt(), next)))
                .isFalse();
        assertThat(tx.read((Stores s) -> s.monitors().findMonitorById(due.id()))
                        .orElseThrow()
                        .nextRunAt())
                .isEqualTo(next);
        assertThat(tx.read((Stores s) -> s.monitors().listDueMonitors(cutoff, 100)))
                .extracting(Monitor::id)
                .containsExactly(dueLater.id());
    }

    // ---------------------------------------------------------------- results

    @Test
    void resultsAreATimeSeriesReadByWindowEnd() {
        Fixture f = fixture();
        Monitor monitor = monitor(f, "series", LATER);
        write(s -> s.monitors().insertMonitor(monitor));
        Instant base = Instant.parse("2026-03-01T00:00:00Z");
        MonitorResult first = result(monitor, base, Optional.of(0.25), MonitorStatus.ALERT, RunTrigger.SCHEDULED);
        MonitorResult second =
                result(monitor, base.plusSeconds(600), Optional.empty(), MonitorStatus.NO_DATA, RunTrigger.SCHEDULED);
        MonitorResult third =
                result(monitor, base.plusSeconds(1200), Optional.of(0.0), MonitorStatus.OK, RunTrigger.SCHEDULED);
        MonitorResult manual =
                result(monitor, base.plusSeconds(1500), Optional.of(1.5e-7), MonitorStatus.OK, RunTrigger.MANUAL);
        write(s -> List.of(third, first, manual, second).forEach(s.monitors()::insertResult));

        assertThat(tx.read(
                        (Stores s) -> s.monitors().listResults(monitor.id(), Optional.empty(), Optional.empty(), 10)))
                .containsExactly(first, second, third, manual);
        assertThat(tx.read((Stores s) -> s.monitors().listResults(monitor.id(), Optional.empty(), Optional.empty(), 2)))
                .containsExactly(third, manual);
        assertThat(tx.read((Stores s) -> s.monitors()
                        .listResults(
                                monitor.id(), Optional.of(second.windowEnd()), Optional.of(manual.windowEnd()), 10)))
                .containsExactly(second, third);
        assertThat(tx.read((Stores s) -> s.monitors().latestScheduledWindowEnd(monitor.id())))
                .contains(third.windowEnd());
        Monitor empty = monitor(f, "empty", LATER);
        write(s -> s.monitors().insertMonitor(empty));
        assertThat(tx.read((Stores s) -> s.monitors().latestScheduledWindowEnd(empty.id())))
                .isEmpty();
    }

    // ---------------------------------------------------------------- deliveries

    @Test
    void aDeliveryIsClaimedOncePerAttemptAndLogsEveryAttempt() {
        Fixture f = fixture();
        Monitor monitor = monitor(f, "alerts", LATER);
        write(s -> s.monitors().insertMonitor(monitor));
        MonitorResult result = result(monitor, NOW, Optional.of(0.5), MonitorStatus.ALERT, RunTrigger.SCHEDULED);
        write(s -> s.monitors().insertResult(result));
        WebhookDelivery delivery = delivery(monitor, result, LONG_AGO, NOW);
        WebhookDelivery laterDelivery = delivery(monitor, result, LONG_AGO.plusSeconds(30), NOW.plusSeconds(1));
        write(s -> {
            s.monitors().insertDelivery(delivery);
            s.monitors().insertDelivery(laterDelivery);
        });
        assertThat(tx.read((Stores s) -> s.monitors().findDelivery(delivery.id())))
                .contains(delivery);
        assertThat(tx.read((Stores s) -> s.monitors().listDueDeliveries(LONG_AGO.plusSeconds(30), 100)))
                .containsExactly(delivery, laterDelivery);
        assertThat(tx.read((Stores s) -> s.monitors().nextDeliveryDue())).contains(LONG_AGO);

        Instant lease = LATER.plusSeconds(40);
        assertThat(tx.inTransaction((Stores s) -> s.monitors().claimDelivery(delivery.id(), LONG_AGO, 0, lease)))
                .isTrue();
        assertThat(tx.inTransaction((Stores s) -> s.monitors().claimDelivery(delivery.id(), LONG_AGO, 0, lease)))
                .isFalse();
        WebhookDelivery claimed =
                tx.read((Stores s) -> s.monitors().findDelivery(delivery.id())).orElseThrow();
        assertThat(claimed.attempts()).isEqualTo(1);
        assertThat(claimed.nextAttemptAt()).isEqualTo(lease);
        assertThat(tx.read((Stores s) -> s.monitors().listDueDeliveries(LONG_AGO.plusSeconds(30), 100)))
                .containsExactly(laterDelivery);

        DeliveryAttempt failed = new DeliveryAttempt(
                delivery.id(),
                1,
                LONG_AGO.plusSeconds(1),
                12,
                Optional.of(500),
                Optional.of("the receiver answered 500"));
        WebhookDelivery retry = claimed.after(
                DeliveryState.PENDING,
                LONG_AGO.plusSeconds(3),
                Optional.of("the receiver answered 500"),
                Optional.empty());
        write(s -> {
            s.monitors().insertAttempt(failed);
            s.monitors().updateDelivery(retry);
        });
        assertThat(tx.read((Stores s) -> s.monitors().findDelivery(delivery.id())))
                .contains(retry);
        assertThat(tx.inTransaction(
                        (Stores s) -> s.monitors().claimDelivery(delivery.id(), retry.nextAttemptAt(), 1, lease)))
                .isTrue();
        DeliveryAttempt refused = new DeliveryAttempt(
                delivery.id(),
                2,
                LONG_AGO.plusSeconds(3),
                10_001,
                Optional.empty(),
                Optional.of("no answer within 10000 ms"));
        DeliveryAttempt succeeded =
                new DeliveryAttempt(delivery.id(), 3, LONG_AGO.plusSeconds(9), 3, Optional.of(204), Optional.empty());
        WebhookDelivery done = tx.read((Stores s) -> s.monitors().findDelivery(delivery.id()))
                .orElseThrow()
                .after(DeliveryState.SUCCEEDED, NOW, Optional.empty(), Optional.of(NOW));
        write(s -> {
            s.monitors().insertAttempt(succeeded);
            s.monitors().insertAttempt(refused);
            s.monitors().updateDelivery(done);
        });
        assertThat(tx.read((Stores s) -> s.monitors().listAttempts(delivery.id())))
                .containsExactly(failed, refused, succeeded);
        assertThat(tx.read((Stores s) -> s.monitors().findDelivery(delivery.id())))
                .contains(done);
        assertThat(tx.read((Stores s) -> s.monitors().listDeliveries(monitor.id(), 10)))
                .extracting(WebhookDelivery::id)
                .containsExactly(laterDelivery.id(), delivery.id());
        assertThat(tx.read((Stores s) -> s.monitors().listDeliveries(monitor.id(), 1)))
                .extracting(WebhookDelivery::id)
                .containsExactly(laterDelivery.id());
    }

    @Test
    void deletingAMonitorDeletesItsResultsAndDeliveries() {
        Fixture f = fixture();
        Monitor monitor = monitor(f, "gone", LATER);
        Monitor kept = monitor(f, "kept", LATER);
        write(s -> {
            s.monitors().insertMonitor(monitor);
            s.monitors().insertMonitor(kept);
        });
        MonitorResult result = result(monitor, NOW, Optional.of(1.0), MonitorStatus.ALERT, RunTrigger.MANUAL);
        MonitorResult keptResult = result(kept, NOW, Optional.of(1.0), MonitorStatus.ALERT, RunTrigger.MANUAL);
        WebhookDelivery delivery = delivery(monitor, result, LATER, NOW);
        write(s -> {
            s.monitors().insertResult(result);
            s.monitors().insertResult(keptResult);
            s.monitors().insertDelivery(delivery);
            s.monitors()
                    .insertAttempt(new DeliveryAttempt(delivery.id(), 1, NOW, 5, Optional.of(500), Optional.of("500")));
        });

        write(s -> s.monitors().deleteMonitor(monitor.id()));

        assertThat(tx.read((Stores s) -> s.monitors().findMonitorById(monitor.id())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.monitors().findDelivery(delivery.id())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.monitors().listAttempts(delivery.id())))
                .isEmpty();
        assertThat(tx.read(
                        (Stores s) -> s.monitors().listResults(monitor.id(), Optional.empty(), Optional.empty(), 10)))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.monitors().listResults(kept.id(), Optional.empty(), Optional.empty(), 10)))
                .containsExactly(keptResult);
    }

    @Test
    void featureNamesComeFromTheModelVersionSignature() {
        Fixture f = fixture();
        Model model = new Model(newId(), f.project().id(), "m-" + suffix(), "", f.ref(), NOW);
        ModelVersion version = new ModelVersion(
                newId(),
                model.id(),
                1,
                "cd".repeat(32),
                10,
                "onnx",
                "onnx",
                "m.onnx",
                new Signature(
                        List.of(new TensorSpec("input", "FP32", List.of(-1L, 3L))),
                        List.of(new TensorSpec("score", "FP32", List.of(-1L))),
                        List.of("age", "income", "plan")),
                Map.of(),
                Map.of(),
                f.ref(),
                NOW);
        write(s -> {
            s.models().insertModel(model);
            s.models().insertVersion(version);
        });
        assertThat(tx.read((Stores s) -> s.monitors().findFeatureNames(version.id())))
                .containsExactly("age", "income", "plan");
        assertThat(tx.read((Stores s) -> s.monitors().findFeatureNames(newId())))
                .isEmpty();
    }

    // ---------------------------------------------------------------- fixtures

    /** A user, a project of theirs, an objective and a deployment in it, made for one test. */
    private record Fixture(User user, Project project, Objective objective, Deployment deployment) {
        UserRef ref() {
            return new UserRef(user.id(), user.name());
        }
    }

    private Fixture fixture() {
        User user = new User(newId(), "mon-" + suffix(), "Monitor", false, NOW);
        write(s -> s.users().insertUser(user));
        UserRef ref = new UserRef(user.id(), user.name());
        Project project = new Project(newId(), "mon-" + suffix(), "", ref, NOW);
        write(s -> s.projects().insertProject(project));
        Objective objective = new Objective(
                newId(),
                project.id(),
                "churn",
                "",
                TaskType.BINARY_CLASSIFICATION,
                "label",
                List.of(new Metric("roc_auc", MetricDirection.MAXIMIZE, true)),
                Objective.DEFAULT_TAGS,
                Objective.DEFAULT_PROTECTED_TAGS,
                List.of(),
                List.of(),
                EvaluationSettings.none(),
                Optional.empty(),
                ref,
                NOW,
                NOW);
        write(s -> s.objectives().insertObjective(objective));
        Deployment deployment = new Deployment(
                newId(),
                project.id(),
                "mon-" + suffix(),
                objective.id(),
                DeploymentTarget.track("Production"),
                AccessLevel.PROJECT,
                DeploymentResources.DEFAULTS,
                false,
                1,
                ref,
                NOW,
                NOW);
        write(s -> s.deployments().insertDeployment(deployment));
        return new Fixture(user, project, objective, deployment);
    }

    private static Monitor monitor(Fixture f, String name, Instant nextRunAt) {
        return new Monitor(
                newId(),
                f.project().id(),
                f.deployment().id(),
                name,
                MonitorKind.ERROR_RATE,
                CronSchedule.parse("*/5 * * * *"),
                Duration.ofHours(1),
                Duration.ofMinutes(5),
                Map.of(),
                new Thresholds(ThresholdDirection.ABOVE, Optional.of(0.05), Optional.of(0.1)),
                List.of(new Webhook(newId(), "https://example.com/hook", "0123456789abcdef", false)),
                true,
                nextRunAt,
                f.ref(),
                NOW,
                NOW);
    }

    private static Monitor disabled(Monitor monitor) {
        return new Monitor(
                monitor.id(),
                monitor.projectId(),
                monitor.deploymentId(),
                monitor.name(),
                monitor.kind(),
                monitor.schedule(),
                monitor.window(),
                monitor.step(),
                monitor.parameters(),
                monitor.thresholds(),
                monitor.webhooks(),
                false,
                monitor.nextRunAt(),
                monitor.createdBy(),
                monitor.createdAt(),
                monitor.updatedAt());
    }

    private static MonitorResult result(
            Monitor monitor, Instant end, Optional<Double> value, MonitorStatus status, RunTrigger trigger) {
        return new MonitorResult(
                newId(),
                monitor.id(),
                end.minus(monitor.window()),
                end,
                value,
                status,
                Map.of("calls", 40, "errors", 10, "note", "constructed", "features", List.of(Map.of("drifted", true))),
                trigger,
                end.plusSeconds(1));
    }

    private static WebhookDelivery delivery(Monitor monitor, MonitorResult result, Instant due, Instant createdAt) {
        return new WebhookDelivery(
                newId(),
                monitor.id(),
                result.id(),
                monitor.webhooks().get(0).id(),
                monitor.webhooks().get(0).url(),
                WebhookDelivery.ALERT_EVENT,
                "{\"event\":\"monitor.alert\",\"value\":0.5}",
                DeliveryState.PENDING,
                0,
                due,
                Optional.empty(),
                createdAt,
                Optional.empty());
    }

    private void write(Consumer<Stores> work) {
        tx.inTransaction(stores -> {
            work.accept(stores);
            return null;
        });
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
