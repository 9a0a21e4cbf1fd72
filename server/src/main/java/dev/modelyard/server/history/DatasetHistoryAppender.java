package dev.modelyard.server.history;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.DatasetService;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.TableEngine;
import dev.modelyard.core.history.HistoryRecord;
import dev.modelyard.core.history.HistorySchema;
import dev.modelyard.core.history.InferenceHistory;
import dev.modelyard.core.tx.Transactions;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Writes history rows as new versions of the history's dataset, each one more Parquet part. */
public final class DatasetHistoryAppender implements HistoryRecorder.Appender {
    private final DatasetService datasets;
    private final TableEngine engine;
    private final Transactions transactions;

    public DatasetHistoryAppender(DatasetService datasets, TableEngine engine, Transactions transactions) {
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.transactions = requireNonNull(transactions, "transactions is null");
    }

    @Override
    public void append(InferenceHistory history, List<HistoryRecord> records) {
        datasets.appendRows(
                history.datasetId(),
                HistorySchema.SCHEMA,
                records.stream().map(HistoryRecord::row).toList(),
                history.createdBy());
    }

    @Override
    public Set<String> stored(InferenceHistory history, Set<String> requestUuids) {
        Optional<DatasetVersion> latest =
                transactions.read(stores -> stores.datasets().findLatestVersion(history.datasetId()));
        Set<String> found = new HashSet<>();
        latest.ifPresent(version -> engine.scan(version, List.of("request_uuid"), 65_536, batch -> {
            String[] uuids = ((ColumnBatch.StringVector) batch.vector("request_uuid")).values();
            for (String uuid : uuids) {
                if (uuid != null && requestUuids.contains(uuid)) {
                    found.add(uuid);
                }
            }
        }));
        return found;
    }
}
