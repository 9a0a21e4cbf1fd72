package dev.modelyard.store;

import java.nio.file.Path;

/**
 * Databases for tests, reusable by other modules through the store test-jar.
 *
 * <p>PostgreSQL: when the environment variable {@value #POSTGRES_URL_VARIABLE} is set (for example
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), that server is used with a fresh
 * schema per {@link TestingPostgres}; otherwise an embedded PostgreSQL is started. Tests never skip
 * PostgreSQL.
 */
public final class TestingDatabases {
    public static final String POSTGRES_URL_VARIABLE = "MODELYARD_TEST_POSTGRES_URL";
    /** Small, but large enough for the concurrency tests to run in parallel. */
    public static final int POOL_SIZE = 8;

    private TestingDatabases() {}

    /** Opens (creating and migrating) the SQLite database {@code <dir>/modelyard.db}. */
    public static Database sqlite(Path dir) {
        return Database.open(sqliteConfig(dir));
    }

    public static DatabaseConfig sqliteConfig(Path dir) {
        return new DatabaseConfig(DatabaseConfig.defaultJdbcUrl(dir), null, null, POOL_SIZE);
    }

    /**
     * A PostgreSQL database in a fresh schema, dropped again on {@link TestingPostgres#close()}.
     *
     * @throws IllegalStateException when no PostgreSQL is configured and the embedded one cannot start
     */
    public static TestingPostgres postgres() {
        String url = System.getenv(POSTGRES_URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return TestingPostgres.onServer(url.trim());
        }
        return TestingPostgres.embedded();
    }
}
