package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * {@link Transactions} on Jdbi: every store of {@link Stores} is bound to the one handle of the
 * transaction. A database that stays busy (SQLite locked past its busy timeout, a PostgreSQL
 * deadlock or serialization failure, no free pooled connection) becomes {@link
 * ErrorCode#UNAVAILABLE}, which callers may retry.
 */
public final class JdbiTransactions implements Transactions {
    private final Jdbi jdbi;
    private final JsonColumns json = new JsonColumns();

    /** {@code jdbi} must be configured by {@link Database} (instants as epoch microseconds). */
    public JdbiTransactions(Jdbi jdbi) {
        this.jdbi = requireNonNull(jdbi, "jdbi is null");
    }

    @Override
    public <T> T inTransaction(Function<Stores, T> work) {
        requireNonNull(work, "work is null");
        return unlessBusy(() -> jdbi.inTransaction(handle -> work.apply(storesOn(handle))));
    }

    @Override
    public <T> T read(Function<Stores, T> work) {
        requireNonNull(work, "work is null");
        return unlessBusy(() -> jdbi.withHandle(handle -> work.apply(storesOn(handle))));
    }

    private Stores storesOn(Handle handle) {
        return new Stores(
                new JdbiUserStore(handle),
                new JdbiProjectStore(handle),
                new JdbiModelStore(handle, json),
                new JdbiAuditStore(handle, json),
                new JdbiObjectiveStore(handle, json),
                new JdbiSubmissionStore(handle, json),
                new JdbiReleaseStore(handle, json),
                new JdbiDeploymentStore(handle),
                new JdbiDatasetStore(handle, json),
                new JdbiEvaluationStore(handle, json),
                new JdbiHistoryStore(handle, json),
                new JdbiMonitorStore(handle, json));
    }

    private static <T> T unlessBusy(Supplier<T> work) {
        try {
            return work.get();
        } catch (ModelyardException e) {
            throw e;
        } catch (RuntimeException e) {
            if (SqlFailures.isBusy(e)) {
                throw new ModelyardException(ErrorCode.UNAVAILABLE, "the database is busy; retry", Map.of(), e);
            }
            throw e;
        }
    }
}
