package dev.modelyard.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Set;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Tells apart the database failures a person can act on, on SQLite and PostgreSQL alike. */
final class SqlFailures {
    private static final String PG_UNIQUE_VIOLATION = "23505";
    private static final String PG_FOREIGN_KEY_VIOLATION = "23503";
    /** Serialization failure, deadlock, lock not available: the transaction may succeed when retried. */
    private static final Set<String> PG_RETRYABLE = Set.of("40001", "40P01", "55P03");

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;

    private SqlFailures() {}

    /** Whether an insert or update failed because a unique key or primary key is taken. */
    static boolean isUniqueViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                SQLiteErrorCode code = sqlite.getResultCode();
                return code == SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE
                        || code == SQLiteErrorCode.SQLITE_CONSTRAINT_PRIMARYKEY
                        || messageContains(sqlite, "UNIQUE constraint failed");
            }
            if (cause instanceof SQLException sql && PG_UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an insert or update failed because one particular unique constraint is taken: named
     * {@code constraint} on PostgreSQL; on SQLite, which names columns instead, the one on {@code
     * table.column[, table.column...]}.
     */
    static boolean isUniqueViolationOf(Throwable failure, String constraint, String sqliteColumns) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return isUniqueViolation(sqlite) && messageContains(sqlite, "constraint failed: " + sqliteColumns);
            }
            if (cause instanceof PSQLException postgres && PG_UNIQUE_VIOLATION.equals(postgres.getSQLState())) {
                ServerErrorMessage message = postgres.getServerErrorMessage();
                return message != null && constraint.equals(message.getConstraint());
            }
        }
        return false;
    }

    /** Whether a statement failed because a foreign key still references the row or is missing. */
    static boolean isForeignKeyViolation(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                return sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY
                        || messageContains(sqlite, "FOREIGN KEY constraint failed");
            }
            if (cause instanceof SQLException sql && PG_FOREIGN_KEY_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the database was too busy to serve the work: SQLite still locked after the busy
     * timeout, a PostgreSQL serialization failure or deadlock, or no pooled connection in time.
     */
    static boolean isBusy(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLiteException sqlite) {
                int primaryCode = sqlite.getResultCode().code & 0xff;
                return primaryCode == SQLITE_BUSY || primaryCode == SQLITE_LOCKED;
            }
            if (cause instanceof SQLTransientConnectionException) {
                return true;
            }
            if (cause instanceof SQLException sql && PG_RETRYABLE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static boolean messageContains(SQLException failure, String text) {
        String message = failure.getMessage();
        return message != null && message.toUpperCase(Locale.ROOT).contains(text.toUpperCase(Locale.ROOT));
    }
}
