package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.nio.file.Path;
import java.sql.SQLException;
import org.jdbi.v3.core.ConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

class SqliteRegistryStoreTest extends AbstractRegistryStoreTest {
    @TempDir
    static Path dataDir;

    @Override
    protected Database openDatabase() {
        return TestingDatabases.sqlite(dataDir.resolve("nested").resolve("data"));
    }

    @Test
    void databaseFileIsCreatedInItsDirectory() {
        assertThat(dataDir.resolve("nested/data/modelyard.db")).isRegularFile();
    }

    @Test
    void connectionsUseWalImmediateTransactionsAndForeignKeys() throws SQLException {
        try (Database database = openDatabase()) {
            database.jdbi().<SQLException>useHandle(handle -> {
                assertThat(handle.createQuery("PRAGMA journal_mode")
                                .mapTo(String.class)
                                .one())
                        .isEqualToIgnoringCase("wal");
                assertThat(handle.createQuery("PRAGMA foreign_keys")
                                .mapTo(Integer.class)
                                .one())
                        .isEqualTo(1);
                assertThat(handle.createQuery("PRAGMA busy_timeout")
                                .mapTo(Integer.class)
                                .one())
                        .isEqualTo(Database.SQLITE_BUSY_TIMEOUT_MILLIS);
                assertThat(handle.createQuery("PRAGMA synchronous")
                                .mapTo(Integer.class)
                                .one())
                        .as("NORMAL")
                        .isEqualTo(1);
                SQLiteConnection connection = handle.getConnection().unwrap(SQLiteConnection.class);
                assertThat(connection.getConnectionConfig().getTransactionMode())
                        .isEqualTo(SQLiteConfig.TransactionMode.IMMEDIATE);
            });
        }
    }

    @Test
    void busyDatabaseBecomesUnavailable() {
        assertThatThrownBy(() -> transactions().inTransaction(stores -> {
                    throw new ConnectionException(
                            new SQLiteException("[SQLITE_BUSY] database is locked", SQLiteErrorCode.SQLITE_BUSY));
                }))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("the database is busy; retry");
                });
    }
}
