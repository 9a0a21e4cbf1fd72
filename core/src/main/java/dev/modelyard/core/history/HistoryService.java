package dev.modelyard.core.history;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.TableEngine;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentService;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserRef;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Inference histories as owners manage them: create (always into a new dataset), pause, resume
 * and remove, all audited. Recording itself happens in the serving process; it learns of changes
 * through {@link HistoryListener}.
 */
public final class HistoryService {
    public static final int MAX_REDACTED_FIELDS = 100;

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final HistoryListener listener;
    private final TableEngine engine;
    private final Clock clock;

    public HistoryService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            HistoryListener listener,
            TableEngine engine,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.listener = requireNonNull(listener, "listener is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Told after a history changed, so the recorder follows at once. */
    @FunctionalInterface
    public interface HistoryListener {
        void historiesChanged();
    }

    /** The deployment's current history (if any) and every removed one, newest first. */
    public record Histories(Deployment deployment, Optional<InferenceHistory> current, List<InferenceHistory> all) {}

    public InferenceHistory create(
            Principal principal, String projectName, String deploymentName, HistorySettings settings) {
        String datasetName = settings.dataset().orElse(deploymentName + "-history");
        try {
            Names.requireValid("dataset", datasetName);
        } catch (ModelyardException e) {
            throw invalid(e.getMessage(), "dataset");
        }
        double rate = settings.samplingRate().orElse(1.0);
        if (!(rate > 0 && rate <= 1)) {
            throw invalid("sampling_rate must be more than 0 and at most 1, not " + rate, "sampling_rate");
        }
        if (settings.redactedFields().size() > MAX_REDACTED_FIELDS) {
            throw invalid("at most " + MAX_REDACTED_FIELDS + " redacted fields", "redacted_fields");
        }
        Set<String> seen = new HashSet<>();
        for (String field : settings.redactedFields()) {
            if (field == null || field.isBlank() || !seen.add(field)) {
                throw invalid("redacted field '" + field + "' is blank or listed twice", "redacted_fields");
            }
        }
        InferenceHistory created = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.OWNER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            stores.histories().findCurrentHistory(deployment.id()).ifPresent(current -> {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "deployment '" + deploymentName + "' already records into dataset '" + current.datasetName()
                                + "' (" + current.state().id() + "); remove that history first",
                        Map.of("deployment", deploymentName, "dataset", current.datasetName()));
            });
            if (stores.datasets().findDataset(project.id(), datasetName).isPresent()) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "dataset '" + datasetName + "' already exists; an inference history always records into a new"
                                + " dataset: name one that does not exist",
                        Map.of("dataset", datasetName));
            }
            Instant now = clock.instant();
            Dataset dataset = new Dataset(
                    UUID.randomUUID().toString(),
                    project.id(),
                    datasetName,
                    "Inference history of deployment '" + deploymentName + "'",
                    UserRef.of(principal),
                    now);
            stores.datasets().insertDataset(dataset);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("dataset.create", "dataset", dataset.id(), dataset.name(), null, dataset.auditState()));
            InferenceHistory history = new InferenceHistory(
                    UUID.randomUUID().toString(),
                    deployment.id(),
                    project.id(),
                    dataset.id(),
                    dataset.name(),
                    HistoryState.RECORDING,
                    rate,
                    settings.redactedFields(),
                    settings.durable(),
                    UserRef.of(principal),
                    now,
                    now);
            stores.histories().insertHistory(history);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(
                            "history.create",
                            "inference_history",
                            history.id(),
                            deploymentName,
                            null,
                            history.auditState()));
            return history;
        });
        listener.historiesChanged();
        return created;
    }

    public InferenceHistory pause(Principal principal, String projectName, String deploymentName) {
        return change(principal, projectName, deploymentName, HistoryState.PAUSED, "history.pause");
    }

    public InferenceHistory resume(Principal principal, String projectName, String deploymentName) {
        return change(principal, projectName, deploymentName, HistoryState.RECORDING, "history.resume");
    }

    /** Stops recording for good; the dataset stays readable and is never attached again. */
    public InferenceHistory remove(Principal principal, String projectName, String deploymentName) {
        return change(principal, projectName, deploymentName, HistoryState.REMOVED, "history.remove");
    }

    public Histories get(Principal principal, String projectName, String deploymentName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            return new Histories(
                    deployment,
                    stores.histories().findCurrentHistory(deployment.id()),
                    stores.histories().listHistories(deployment.id()));
        });
    }

    /**
     * One page of recorded calls, oldest first: those at or after {@code from} and before {@code
     * to}, only failed ones with {@code errorOnly}. {@code offset} counts matching rows of the
     * version the first page read ({@code version}), so pages stay stable while calls arrive.
     */
    public record HistoryPage(
            Optional<String> dataset, int version, List<Map<String, Object>> rows, Optional<Long> nextOffset) {}

    public static final int MAX_PAGE_ROWS = 1000;

    public HistoryPage query(
            Principal principal,
            String projectName,
            String deploymentName,
            Optional<Instant> from,
            Optional<Instant> to,
            boolean errorOnly,
            Optional<Integer> version,
            long offset,
            int limit) {
        if (limit < 1 || limit > MAX_PAGE_ROWS) {
            throw invalid("max_results must be between 1 and " + MAX_PAGE_ROWS, "max_results");
        }
        if (offset < 0) {
            throw invalid("the page token is not valid", "page_token");
        }
        record Target(InferenceHistory history, Optional<DatasetVersion> version) {}
        Target target = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            InferenceHistory history = stores.histories()
                    .findCurrentHistory(deployment.id())
                    .or(() -> stores.histories().listHistories(deployment.id()).stream()
                            .findFirst())
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.NOT_FOUND,
                            "deployment '" + deploymentName + "' has no inference history",
                            Map.of("deployment", deploymentName)));
            Optional<DatasetVersion> found = version.isPresent()
                    ? stores.datasets().findVersion(history.datasetId(), version.get())
                    : stores.datasets().findLatestVersion(history.datasetId());
            return new Target(history, found);
        });
        if (target.version().isEmpty()) {
            return new HistoryPage(Optional.of(target.history().datasetName()), 0, List.of(), Optional.empty());
        }
        DatasetVersion read = target.version().get();
        List<Map<String, Object>> rows = new ArrayList<>();
        long[] matched = {0};
        boolean[] more = {false};
        try {
            engine.scan(read, List.of(), 8192, batch -> {
                Map<String, ColumnBatch.Vector> vectors = batch.byName();
                String[] timestamps = ((ColumnBatch.StringVector) vectors.get("timestamp")).values();
                ColumnBatch.Vector errors = vectors.get("error");
                for (int row = 0; row < batch.rowCount(); row++) {
                    Instant at = Instant.parse(timestamps[row].endsWith("Z") ? timestamps[row] : timestamps[row] + "Z");
                    if (from.isPresent() && at.isBefore(from.get())
                            || to.isPresent() && !at.isBefore(to.get())
                            || errorOnly && errors.isNull(row)) {
                        continue;
                    }
                    if (matched[0]++ < offset) {
                        continue;
                    }
                    if (rows.size() == limit) {
                        more[0] = true;
                        throw new PageFull();
                    }
                    Map<String, Object> values = new LinkedHashMap<>();
                    for (ColumnBatch.Vector vector : batch.vectors()) {
                        values.put(vector.column().name(), value(vector, row));
                    }
                    values.put("timestamp", at.toString());
                    rows.add(values);
                }
            });
        } catch (PageFull full) {
            // the page is complete
        }
        return new HistoryPage(
                Optional.of(target.history().datasetName()),
                read.number(),
                rows,
                more[0] ? Optional.of(offset + rows.size()) : Optional.empty());
    }

    private static final class PageFull extends RuntimeException {
        PageFull() {
            super(null, null, false, false);
        }
    }

    private static Object value(ColumnBatch.Vector vector, int row) {
        if (vector.isNull(row)) {
            return null;
        }
        if (vector instanceof ColumnBatch.DoubleVector numbers) {
            double value = numbers.values()[row];
            return vector.column().type() == ColumnType.BIGINT ? (Object) (long) value : (Object) value;
        }
        if (vector instanceof ColumnBatch.BooleanVector flags) {
            return flags.values()[row];
        }
        return ((ColumnBatch.StringVector) vector).values()[row];
    }

    private InferenceHistory change(
            Principal principal, String projectName, String deploymentName, HistoryState target, String action) {
        InferenceHistory changed = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.OWNER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            InferenceHistory before = stores.histories()
                    .findCurrentHistory(deployment.id())
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.NOT_FOUND,
                            "deployment '" + deploymentName + "' has no inference history"
                                    + (stores.histories()
                                                    .listHistories(deployment.id())
                                                    .isEmpty()
                                            ? ""
                                            : " (its earlier ones were removed, which is final)"),
                            Map.of("deployment", deploymentName)));
            if (before.state() == target) {
                return before;
            }
            InferenceHistory after = before.withState(target, clock.instant());
            stores.histories().updateHistory(after);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(
                            action,
                            "inference_history",
                            after.id(),
                            deploymentName,
                            before.auditState(),
                            after.auditState()));
            return after;
        });
        listener.historiesChanged();
        return changed;
    }

    private static ModelyardException invalid(String message, String field) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }
}
