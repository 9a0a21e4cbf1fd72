package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.TableEngine;
import dev.modelyard.core.history.HistoryRecord;
import dev.modelyard.core.history.InferenceHistory;
import dev.modelyard.core.tx.Transactions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@link MonitorData} from the inference histories' datasets, read through the {@link TableEngine}.
 * Every history the deployment had whose lifetime overlaps the asked span is scanned, at its latest
 * version, reading only the columns needed; rows outside the span and challenger rows are skipped.
 * A scan reads the whole history dataset (the engine has no filter push-down), so its cost grows with
 * the history, not with the window.
 */
public final class HistoryMonitorData implements MonitorData {
    private static final int BATCH_ROWS = 8192;
    /** Calls answered just before a removal may be written a little after it. */
    private static final Duration REMOVAL_MARGIN = Duration.ofMinutes(5);

    private final Transactions transactions;
    private final TableEngine engine;

    public HistoryMonitorData(Transactions transactions, TableEngine engine) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.engine = requireNonNull(engine, "engine is null");
    }

    @Override
    public void scanCalls(
            String deploymentId, Instant from, Instant to, boolean withInputs, Consumer<CallRecord> consumer) {
        List<DatasetVersion> versions = transactions.read(stores -> {
            List<DatasetVersion> found = new ArrayList<>();
            for (InferenceHistory history : stores.histories().listHistories(deploymentId)) {
                boolean overlaps = history.createdAt().isBefore(to)
                        && history.removedAt()
                                .map(removed -> !removed.plus(REMOVAL_MARGIN).isBefore(from))
                                .orElse(true);
                if (overlaps) {
                    stores.datasets().findLatestVersion(history.datasetId()).ifPresent(found::add);
                }
            }
            return found;
        });
        List<String> columns = new ArrayList<>(
                List.of("timestamp", "error", "latency_us", "user_id", "api_key_id", "model_version_id", "role"));
        if (withInputs) {
            columns.add("input");
        }
        for (DatasetVersion version : versions) {
            engine.scan(version, columns, BATCH_ROWS, batch -> {
                String[] timestamps = strings(batch, "timestamp");
                ColumnBatch.Vector errors = batch.vector("error");
                ColumnBatch.DoubleVector latencies = (ColumnBatch.DoubleVector) batch.vector("latency_us");
                String[] users = strings(batch, "user_id");
                String[] keys = strings(batch, "api_key_id");
                String[] modelVersions = strings(batch, "model_version_id");
                String[] roles = strings(batch, "role");
                String[] inputs = withInputs ? strings(batch, "input") : null;
                for (int row = 0; row < batch.rowCount(); row++) {
                    if (timestamps[row] == null || roles[row] != null && !roles[row].equals(HistoryRecord.CHAMPION)) {
                        continue;
                    }
                    Instant at = Instant.parse(timestamps[row].endsWith("Z") ? timestamps[row] : timestamps[row] + "Z");
                    if (at.isBefore(from) || !at.isBefore(to)) {
                        continue;
                    }
                    consumer.accept(new CallRecord(
                            at,
                            !errors.isNull(row),
                            latencies.isNull(row) ? 0 : (long) latencies.values()[row],
                            Optional.ofNullable(users[row]),
                            Optional.ofNullable(keys[row]),
                            Optional.ofNullable(modelVersions[row]),
                            inputs == null ? Optional.empty() : Optional.ofNullable(inputs[row])));
                }
            });
        }
    }

    @Override
    public FeatureSamples readDataset(String projectId, String datasetName, int versionNumber) {
        DatasetVersion version = transactions.read(stores -> {
            Dataset dataset = stores.datasets()
                    .findDataset(projectId, datasetName)
                    .orElseThrow(() -> new MonitorEvaluationException(
                            "the baseline dataset '" + datasetName + "' no longer exists"));
            return stores.datasets()
                    .findVersion(dataset.id(), versionNumber)
                    .orElseThrow(() -> new MonitorEvaluationException("version " + versionNumber
                            + " of the baseline dataset '" + datasetName + "' no longer exists"));
        });
        FeatureSamples samples = new FeatureSamples();
        engine.scan(version, List.of(), BATCH_ROWS, batch -> {
            for (ColumnBatch.Vector vector : batch.vectors()) {
                String feature = vector.column().name();
                for (int row = 0; row < batch.rowCount(); row++) {
                    if (vector.isNull(row)) {
                        continue;
                    }
                    if (vector instanceof ColumnBatch.DoubleVector numbers) {
                        samples.addNumber(feature, numbers.values()[row]);
                    } else if (vector instanceof ColumnBatch.BooleanVector flags) {
                        samples.addCategory(feature, Boolean.toString(flags.values()[row]));
                    } else if (vector instanceof ColumnBatch.StringVector texts
                            && vector.column().type() == ColumnType.VARCHAR) {
                        samples.addCategory(feature, texts.values()[row]);
                    }
                    // dates and times are not features drift compares
                }
            }
            samples.addRows(batch.rowCount());
        });
        return samples;
    }

    @Override
    public List<String> featureNames(String modelVersionId) {
        return transactions.read(stores -> stores.monitors().findFeatureNames(modelVersionId));
    }

    private static String[] strings(ColumnBatch batch, String column) {
        return ((ColumnBatch.StringVector) batch.vector(column)).values();
    }
}
