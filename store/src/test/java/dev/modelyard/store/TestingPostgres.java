package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;

/**
 * One PostgreSQL schema for one group of tests: {@link #jdbcUrl()} points at a fresh, randomly
 * named schema (created by the migrations on the first {@link #openDatabase()}); {@link #close()}
 * drops it, or stops the embedded server that held it.
 */
public final class TestingPostgres implements AutoCloseable {
    private final String serverUrl;
    private final String schema;
    private final EmbeddedPostgres embedded;

    private TestingPostgres(String serverUrl, String schema, EmbeddedPostgres embedded) {
        this.serverUrl = requireNonNull(serverUrl, "serverUrl is null");
        this.schema = requireNonNull(schema, "schema is null");
        this.embedded = embedded;
    }

    static TestingPostgres onServer(String serverUrl) {
        if (!serverUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException(
                    TestingDatabases.POSTGRES_URL_VARIABLE + " must be a jdbc:postgresql: URL, for example"
                            + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        }
        TestingPostgres postgres = new TestingPostgres(serverUrl, randomSchema(), null);
        try (Connection connection = postgres.connectToServer()) {
            connection.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "cannot connect to the PostgreSQL in " + TestingDatabases.POSTGRES_URL_VARIABLE
                            + "; set it to a reachable PostgreSQL: " + e.getMessage(),
                    e);
        }
        return postgres;
    }

    static TestingPostgres embedded() {
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.start();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot start an embedded PostgreSQL (it refuses to run as root, for one): set "
                            + TestingDatabases.POSTGRES_URL_VARIABLE
                            + " to a reachable PostgreSQL, for example"
                            + " jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
                    e);
        }
        return new TestingPostgres(server.getJdbcUrl("postgres", "postgres"), randomSchema(), server);
    }

    /** The JDBC URL of the fresh schema ({@code currentSchema=t_...}). */
    public String jdbcUrl() {
        return serverUrl + (serverUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    public String schema() {
        return schema;
    }

    public DatabaseConfig databaseConfig() {
        return new DatabaseConfig(jdbcUrl(), null, null, TestingDatabases.POOL_SIZE);
    }

    /** Opens (migrating on first use) the database in this schema; may be called again to reopen it. */
    public Database openDatabase() {
        return Database.open(databaseConfig());
    }

    @Override
    public void close() {
        if (embedded != null) {
            try {
                embedded.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot stop the embedded PostgreSQL", e);
            }
            return;
        }
        try (Connection connection = connectToServer();
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test schema " + schema, e);
        }
    }

    private Connection connectToServer() throws SQLException {
        return DriverManager.getConnection(serverUrl);
    }

    private static String randomSchema() {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return "t_" + HexFormat.of().formatHex(random);
    }
}
