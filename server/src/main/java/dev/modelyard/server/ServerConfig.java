package dev.modelyard.server;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.evaluation.EvaluationWorkerConfig;
import dev.modelyard.core.monitoring.monitor.MonitorConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;

/**
 * Every setting of a Modelyard server. Each key has a default (kept in {@link #KEYS}, the one
 * place defaults live), an environment variable ({@code MODELYARD_} + the key in upper case with
 * dots and dashes as underscores), and may be set in a {@code .properties} file or by flag. Flags
 * win over the environment, the environment over the file, the file over the defaults. An unknown
 * key or a bad value fails start-up with a message naming the key.
 */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String jdbcUrl,
        Optional<String> jdbcUsername,
        Optional<String> jdbcPassword,
        int poolSize,
        long maxJsonBytes,
        long maxUploadBytes,
        int workerThreads,
        long pollIntervalMillis,
        int eventLoops,
        EvaluationWorkerConfig evaluation,
        long maxImageBytes,
        int historyQueueCapacity,
        int historyFlushRows,
        long historyFlushIntervalMillis,
        MonitorConfig monitors) {

    /**
     * A setting: its key, default (null: none, or derived), description for the docs, and an
     * optional short environment variable accepted beside the derived one.
     */
    public record Key(String name, String defaultValue, String description, Optional<String> shortVariable) {
        Key(String name, String defaultValue, String description) {
            this(name, defaultValue, description, Optional.empty());
        }

        public String environmentVariable() {
            return "MODELYARD_"
                    + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }

        /** The value the environment gives: the derived variable first, then the short one. */
        Optional<String> fromEnvironment(Map<String, String> environment) {
            return Optional.ofNullable(environment.get(environmentVariable()))
                    .or(() -> shortVariable.map(environment::get))
                    .filter(value -> !value.isEmpty());
        }
    }

    public static final List<Key> KEYS = List.of(
            new Key("server.host", "0.0.0.0", "Address the HTTP server binds to.", Optional.of("MODELYARD_HOST")),
            new Key("server.port", "8080", "HTTP port; 0 picks a free port.", Optional.of("MODELYARD_PORT")),
            new Key("data-dir", "./modelyard-data", "Folder for the embedded database, blobs and the admin token."),
            new Key("store.jdbc-url", null, "JDBC URL of the database; default jdbc:sqlite:<data-dir>/modelyard.db."),
            new Key("store.username", null, "Database user (PostgreSQL)."),
            new Key("store.password", null, "Database password (PostgreSQL); never logged."),
            new Key("store.pool-size", "10", "Maximum database connections."),
            new Key("server.max-json-bytes", "1048576", "Largest JSON request body accepted (bytes)."),
            new Key("registry.max-upload-bytes", "2147483648", "Largest model upload accepted (bytes)."),
            new Key("server.worker-threads", "20", "Threads for blocking work (database, files)."),
            new Key(
                    "deployments.poll-interval-ms",
                    "5000",
                    "How often deployments re-resolve their release, for tag moves made by other servers."),
            new Key(
                    "server.event-loops",
                    Integer.toString(Runtime.getRuntime().availableProcessors()),
                    "Event loops (and HTTP server instances on the one port); default: the number of cores."),
            new Key("evaluations.workers", "1", "Evaluation jobs this server runs at once; 0 runs none."),
            new Key(
                    "evaluations.poll-interval-ms",
                    "2000",
                    "How often an idle evaluation worker looks for jobs queued by other servers."),
            new Key("evaluations.heartbeat-ms", "5000", "How often a running evaluation job shows it is alive."),
            new Key(
                    "evaluations.stale-after-ms",
                    "30000",
                    "A running evaluation job with no heartbeat for this long (its server stopped) is retried or"
                            + " failed; at least twice the heartbeat."),
            new Key(
                    "evaluations.max-attempts",
                    "2",
                    "How many times an evaluation job is started before it fails for good."),
            new Key("evaluations.max-image-bytes", "1048576", "Largest PNG image of an ad hoc metric set (bytes)."),
            new Key(
                    "history.queue-capacity",
                    "10000",
                    "Calls waiting to be written per inference history; beyond it calls are dropped and counted."),
            new Key("history.flush-rows", "5000", "Write an inference history's waiting calls once this many wait."),
            new Key(
                    "history.flush-interval-ms",
                    "1000",
                    "Write an inference history's waiting calls at least this often."),
            new Key(
                    "monitors.poll-interval-ms",
                    "10000",
                    "How often the monitor runner looks for monitors whose schedule fired, and the longest an idle"
                            + " webhook worker waits before looking for deliveries made by other servers."),
            new Key("webhooks.timeout-ms", "10000", "How long one webhook delivery attempt may take."),
            new Key("webhooks.max-attempts", "6", "Attempts before a webhook delivery fails for good."),
            new Key(
                    "webhooks.backoff-ms",
                    "1000",
                    "The wait after a webhook delivery's first failed attempt; it doubles after each further one."),
            new Key("webhooks.max-backoff-ms", "300000", "The longest wait between webhook delivery attempts."));

    public ServerConfig {
        requireNonNull(host, "host is null");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("server.port must be between 0 and 65535, got " + port);
        }
        requireNonNull(dataDir, "dataDir is null");
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        requireNonNull(jdbcUsername, "jdbcUsername is null");
        requireNonNull(jdbcPassword, "jdbcPassword is null");
        requirePositive("store.pool-size", poolSize);
        requirePositive("server.max-json-bytes", maxJsonBytes);
        requirePositive("registry.max-upload-bytes", maxUploadBytes);
        requirePositive("server.worker-threads", workerThreads);
        requirePositive("deployments.poll-interval-ms", pollIntervalMillis);
        requirePositive("server.event-loops", eventLoops);
        requireNonNull(evaluation, "evaluation is null");
        requirePositive("evaluations.max-image-bytes", maxImageBytes);
        requirePositive("history.queue-capacity", historyQueueCapacity);
        requirePositive("history.flush-rows", historyFlushRows);
        requirePositive("history.flush-interval-ms", historyFlushIntervalMillis);
        requireNonNull(monitors, "monitors is null");
    }

    /** The defaults, with the data folder and port given (for tests and embedding). */
    public static ServerConfig defaults(Path dataDir, int port) {
        return resolve(
                Map.of("data-dir", dataDir.toString(), "server.port", Integer.toString(port)),
                Map.of(),
                Optional.empty());
    }

    public static ServerConfig resolve(
            Map<String, String> flags, Map<String, String> environment, Optional<Path> configFile) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Key key : KEYS) {
            if (key.defaultValue() != null) {
                values.put(key.name(), key.defaultValue());
            }
        }
        configFile.ifPresent(file -> values.putAll(checkedKeys(readProperties(file), "config file " + file)));
        for (Key key : KEYS) {
            key.fromEnvironment(environment).ifPresent(value -> values.put(key.name(), value));
        }
        values.putAll(checkedKeys(flags, "flag"));

        Path dataDir = Path.of(values.get("data-dir")).toAbsolutePath().normalize();
        String jdbcUrl = values.getOrDefault("store.jdbc-url", "jdbc:sqlite:" + dataDir.resolve("modelyard.db"));
        return new ServerConfig(
                values.get("server.host"),
                parse(values, "server.port", Integer::parseInt),
                dataDir,
                jdbcUrl,
                Optional.ofNullable(values.get("store.username")),
                Optional.ofNullable(values.get("store.password")),
                parse(values, "store.pool-size", Integer::parseInt),
                parse(values, "server.max-json-bytes", Long::parseLong),
                parse(values, "registry.max-upload-bytes", Long::parseLong),
                parse(values, "server.worker-threads", Integer::parseInt),
                parse(values, "deployments.poll-interval-ms", Long::parseLong),
                parse(values, "server.event-loops", Integer::parseInt),
                evaluationConfig(values),
                parse(values, "evaluations.max-image-bytes", Long::parseLong),
                parse(values, "history.queue-capacity", Integer::parseInt),
                parse(values, "history.flush-rows", Integer::parseInt),
                parse(values, "history.flush-interval-ms", Long::parseLong),
                monitorConfig(values));
    }

    private static EvaluationWorkerConfig evaluationConfig(Map<String, String> values) {
        int workers = parse(values, "evaluations.workers", Integer::parseInt);
        if (workers < 0) {
            throw new IllegalArgumentException("setting 'evaluations.workers' must not be negative, got " + workers);
        }
        long poll = parse(values, "evaluations.poll-interval-ms", Long::parseLong);
        long heartbeat = parse(values, "evaluations.heartbeat-ms", Long::parseLong);
        long stale = parse(values, "evaluations.stale-after-ms", Long::parseLong);
        int attempts = parse(values, "evaluations.max-attempts", Integer::parseInt);
        requirePositive("evaluations.poll-interval-ms", poll);
        requirePositive("evaluations.heartbeat-ms", heartbeat);
        requirePositive("evaluations.max-attempts", attempts);
        if (stale < 2 * heartbeat) {
            throw new IllegalArgumentException("setting 'evaluations.stale-after-ms' must be at least twice"
                    + " 'evaluations.heartbeat-ms' (" + 2 * heartbeat + "), got " + stale);
        }
        return new EvaluationWorkerConfig(
                workers, Duration.ofMillis(poll), Duration.ofMillis(heartbeat), Duration.ofMillis(stale), attempts);
    }

    private static MonitorConfig monitorConfig(Map<String, String> values) {
        long poll = parse(values, "monitors.poll-interval-ms", Long::parseLong);
        long timeout = parse(values, "webhooks.timeout-ms", Long::parseLong);
        int attempts = parse(values, "webhooks.max-attempts", Integer::parseInt);
        long backoff = parse(values, "webhooks.backoff-ms", Long::parseLong);
        long maxBackoff = parse(values, "webhooks.max-backoff-ms", Long::parseLong);
        requirePositive("monitors.poll-interval-ms", poll);
        requirePositive("webhooks.timeout-ms", timeout);
        requirePositive("webhooks.max-attempts", attempts);
        requirePositive("webhooks.backoff-ms", backoff);
        requirePositive("webhooks.max-backoff-ms", maxBackoff);
        if (maxBackoff < backoff) {
            throw new IllegalArgumentException("setting 'webhooks.max-backoff-ms' must be at least"
                    + " 'webhooks.backoff-ms' (" + backoff + "), got " + maxBackoff);
        }
        return new MonitorConfig(
                Duration.ofMillis(poll),
                Duration.ofMillis(timeout),
                attempts,
                Duration.ofMillis(backoff),
                Duration.ofMillis(maxBackoff));
    }

    /** The settings for the start-up log: everything but secrets. */
    public Map<String, Object> describe() {
        Map<String, Object> shown = new LinkedHashMap<>();
        shown.put("server.host", host);
        shown.put("server.port", port);
        shown.put("data-dir", dataDir);
        shown.put("store.jdbc-url", jdbcUrl);
        shown.put("store.username", jdbcUsername.orElse(""));
        shown.put("store.password", jdbcPassword.isPresent() ? "(set)" : "");
        shown.put("store.pool-size", poolSize);
        shown.put("server.max-json-bytes", maxJsonBytes);
        shown.put("registry.max-upload-bytes", maxUploadBytes);
        shown.put("server.worker-threads", workerThreads);
        shown.put("deployments.poll-interval-ms", pollIntervalMillis);
        shown.put("server.event-loops", eventLoops);
        shown.put("evaluations.workers", evaluation.workers());
        shown.put("evaluations.poll-interval-ms", evaluation.pollInterval().toMillis());
        shown.put("evaluations.heartbeat-ms", evaluation.heartbeatInterval().toMillis());
        shown.put("evaluations.stale-after-ms", evaluation.staleAfter().toMillis());
        shown.put("evaluations.max-attempts", evaluation.maxAttempts());
        shown.put("evaluations.max-image-bytes", maxImageBytes);
        shown.put("history.queue-capacity", historyQueueCapacity);
        shown.put("history.flush-rows", historyFlushRows);
        shown.put("history.flush-interval-ms", historyFlushIntervalMillis);
        shown.put("monitors.poll-interval-ms", monitors.pollInterval().toMillis());
        shown.put("webhooks.timeout-ms", monitors.webhookTimeout().toMillis());
        shown.put("webhooks.max-attempts", monitors.webhookMaxAttempts());
        shown.put("webhooks.backoff-ms", monitors.webhookBackoff().toMillis());
        shown.put("webhooks.max-backoff-ms", monitors.webhookMaxBackoff().toMillis());
        return shown;
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(
                host,
                newPort,
                dataDir,
                jdbcUrl,
                jdbcUsername,
                jdbcPassword,
                poolSize,
                maxJsonBytes,
                maxUploadBytes,
                workerThreads,
                pollIntervalMillis,
                eventLoops,
                evaluation,
                maxImageBytes,
                historyQueueCapacity,
                historyFlushRows,
                historyFlushIntervalMillis,
                monitors);
    }

    private static Map<String, String> checkedKeys(Map<String, String> given, String source) {
        for (String name : given.keySet()) {
            if (KEYS.stream().noneMatch(key -> key.name().equals(name))) {
                throw new IllegalArgumentException("unknown setting '" + name + "' in " + source + "; known settings: "
                        + KEYS.stream().map(Key::name).toList());
            }
        }
        return given;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
        Map<String, String> values = new LinkedHashMap<>();
        properties
                .stringPropertyNames()
                .forEach(name -> values.put(name, properties.getProperty(name).strip()));
        return values;
    }

    private static <T> T parse(Map<String, String> values, String key, Function<String, T> parser) {
        String value = values.get(key);
        try {
            return parser.apply(value.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting '" + key + "' has a bad value '" + value + "'", e);
        }
    }

    private static void requirePositive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException("setting '" + key + "' must be positive, got " + value);
        }
    }
}
