package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where the registry database lives: the server's {@code store.jdbc-url}, {@code store.username},
 * {@code store.password} and {@code store.pool-size}.
 *
 * @param jdbcUrl a {@code jdbc:sqlite:} or {@code jdbc:postgresql:} URL
 * @param username the database user, or {@code null} to use the one in the URL (if any)
 * @param password the database password, or {@code null}
 * @param maxPoolSize the most connections the pool opens
 */
public record DatabaseConfig(String jdbcUrl, String username, String password, int maxPoolSize) {
    public static final int DEFAULT_POOL_SIZE = 10;
    public static final String DEFAULT_SQLITE_FILE_NAME = "modelyard.db";

    public DatabaseConfig {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        if (jdbcUrl.isBlank()) {
            throw new IllegalArgumentException("store.jdbc-url is empty");
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("store.pool-size must be at least 1, got " + maxPoolSize);
        }
    }

    /** The default database: {@code <dataDir>/modelyard.db}, SQLite, without credentials. */
    public static DatabaseConfig sqliteIn(Path dataDir) {
        return new DatabaseConfig(defaultJdbcUrl(dataDir), null, null, DEFAULT_POOL_SIZE);
    }

    /** The default {@code store.jdbc-url}: {@code jdbc:sqlite:<dataDir>/modelyard.db}. */
    public static String defaultJdbcUrl(Path dataDir) {
        requireNonNull(dataDir, "dataDir is null");
        return "jdbc:sqlite:" + dataDir.toAbsolutePath().resolve(DEFAULT_SQLITE_FILE_NAME);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "DatabaseConfig[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password="
                + (password == null ? "null" : "****") + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
