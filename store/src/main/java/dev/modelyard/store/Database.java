package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.modelyard.core.tx.Transactions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The registry database: a HikariCP pool on SQLite or PostgreSQL, migrated to the current schema
 * when opened. Close it when the server stops.
 */
public final class Database implements AutoCloseable {
    /** How long an SQLite write waits for another writer before failing with "busy". */
    public static final int SQLITE_BUSY_TIMEOUT_MILLIS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(Database.class);
    private static final String MIGRATIONS = "classpath:db/migration";

    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Transactions transactions;

    private Database(Dialect dialect, HikariDataSource dataSource) {
        this.dialect = dialect;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        jdbi.registerArgument(new EpochMicros.ArgumentFactory());
        jdbi.registerColumnMapper(Instant.class, new EpochMicros.Mapper());
        this.transactions = new JdbiTransactions(jdbi);
    }

    /**
     * Opens the pool and migrates the schema. For SQLite, creates the directory of the database
     * file; for PostgreSQL, migrates the schema named by {@code currentSchema} in the URL (creating
     * it), or the default schema.
     *
     * @throws IllegalArgumentException when the URL is neither {@code jdbc:sqlite:} nor {@code jdbc:postgresql:}
     */
    public static Database open(DatabaseConfig config) {
        requireNonNull(config, "config is null");
        Dialect dialect = Dialect.ofJdbcUrl(config.jdbcUrl());
        if (dialect == Dialect.SQLITE) {
            sqliteFile(config.jdbcUrl()).ifPresent(Database::createParentDirectory);
        }
        HikariDataSource dataSource = new HikariDataSource(poolConfig(config, dialect));
        try {
            migrate(dataSource, dialect, config.jdbcUrl());
            return new Database(dialect, dataSource);
        } catch (RuntimeException | Error e) {
            dataSource.close();
            throw e;
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The transactions every registry change and read goes through. */
    public Transactions transactions() {
        return transactions;
    }

    /** The configured Jdbi (instants bind and map as epoch microseconds), for further stores. */
    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static HikariConfig poolConfig(DatabaseConfig config, Dialect dialect) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("modelyard-store");
        pool.setJdbcUrl(config.jdbcUrl());
        pool.setMaximumPoolSize(config.maxPoolSize());
        if (config.username() != null) {
            pool.setUsername(config.username());
        }
        if (config.password() != null) {
            pool.setPassword(config.password());
        }
        if (dialect == Dialect.SQLITE) {
            pool.setDataSourceProperties(sqliteProperties());
        }
        return pool;
    }

    /**
     * WAL so readers never wait for the writer; IMMEDIATE transactions so that concurrent writers
     * queue on BEGIN (within the busy timeout) instead of failing when a read lock cannot be
     * upgraded; foreign keys enforced; NORMAL sync, which is durable enough with WAL.
     */
    private static Properties sqliteProperties() {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setJournalMode(SQLiteConfig.JournalMode.WAL);
        sqlite.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
        sqlite.enforceForeignKeys(true);
        sqlite.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        sqlite.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return sqlite.toProperties();
    }

    private static void migrate(HikariDataSource dataSource, Dialect dialect, String jdbcUrl) {
        FluentConfiguration flyway = Flyway.configure(Database.class.getClassLoader())
                .dataSource(dataSource)
                .locations(MIGRATIONS)
                .failOnMissingLocations(true)
                .placeholders(Map.of("key_collation", dialect.keyCollation()));
        if (dialect == Dialect.POSTGRESQL) {
            postgresSchema(jdbcUrl).ifPresent(schema -> flyway.schemas(schema).createSchemas(true));
        }
        MigrateResult result = flyway.load().migrate();
        log.info(
                "{} database schema is at version {} ({} migrations applied now)",
                dialect,
                result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    /** The first schema of {@code currentSchema} in a PostgreSQL URL, as the driver parses it. */
    static Optional<String> postgresSchema(String jdbcUrl) {
        Properties parsed = org.postgresql.Driver.parseURL(jdbcUrl, new Properties());
        if (parsed == null) {
            throw new IllegalArgumentException("store.jdbc-url is not a valid PostgreSQL URL");
        }
        return Optional.ofNullable(parsed.getProperty("currentSchema"))
                .map(schemas -> schemas.split(",", -1)[0].trim())
                .filter(schema -> !schema.isEmpty());
    }

    /** The database file of an SQLite URL; empty for in-memory and resource databases. */
    static Optional<Path> sqliteFile(String jdbcUrl) {
        String location = jdbcUrl.substring(Dialect.SQLITE.urlPrefix().length());
        int query = location.indexOf('?');
        if (query >= 0) {
            location = location.substring(0, query);
        }
        if (location.startsWith("file:")) {
            location = location.substring("file:".length());
            if (location.startsWith("//")) {
                location = location.substring(2);
            }
        }
        if (location.isEmpty() || location.equals(":memory:") || location.startsWith(":resource:")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(location));
    }

    private static void createParentDirectory(Path databaseFile) {
        Path directory = databaseFile.toAbsolutePath().getParent();
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of the database file " + databaseFile, e);
        }
    }
}
