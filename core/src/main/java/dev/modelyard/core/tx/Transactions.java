package dev.modelyard.core.tx;

import java.util.function.Function;

/**
 * The one transaction helper: every change that spans rows runs in {@link #inTransaction}; reads
 * that need no isolation from each other use {@link #read}. Both block, so callers run them off
 * event loops.
 */
public interface Transactions {
    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T inTransaction(Function<Stores, T> work);

    /** Runs read-only {@code work} on one connection without an explicit transaction. */
    <T> T read(Function<Stores, T> work);
}
