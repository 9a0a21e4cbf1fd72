package dev.modelyard.server;

import static java.util.Objects.requireNonNull;

import dev.modelyard.api.ApiJson;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditService;
import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.bundle.BundleService;
import dev.modelyard.core.dataset.DatasetService;
import dev.modelyard.core.dataset.TableEngine;
import dev.modelyard.core.deployment.DeploymentService;
import dev.modelyard.core.evaluation.EvaluationQueue;
import dev.modelyard.core.evaluation.EvaluationService;
import dev.modelyard.core.evaluation.EvaluationWorker;
import dev.modelyard.core.history.HistoryService;
import dev.modelyard.core.model.ModelService;
import dev.modelyard.core.modelpackage.ModelPackageInspector;
import dev.modelyard.core.modelpackage.PackageLimits;
import dev.modelyard.core.monitoring.drift.DriftSettings;
import dev.modelyard.core.monitoring.monitor.HistoryMonitorData;
import dev.modelyard.core.monitoring.monitor.MonitorEvaluator;
import dev.modelyard.core.monitoring.monitor.MonitorRunner;
import dev.modelyard.core.monitoring.monitor.MonitorService;
import dev.modelyard.core.monitoring.monitor.WebhookDeliveryWorker;
import dev.modelyard.core.objective.ObjectiveService;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.ProjectService;
import dev.modelyard.core.release.ReleaseService;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.submission.SubmissionService;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.TokenSecrets;
import dev.modelyard.core.user.UserService;
import dev.modelyard.engine.EngineConfig;
import dev.modelyard.engine.InferenceEngine;
import dev.modelyard.runtime.onnx.OnnxRuntime;
import dev.modelyard.runtime.xgboost.XgboostRuntime;
import dev.modelyard.server.audit.AuditRoutes;
import dev.modelyard.server.dataset.DatasetRoutes;
import dev.modelyard.server.deployment.DeploymentRoutes;
import dev.modelyard.server.evaluation.EvaluationRoutes;
import dev.modelyard.server.history.DatasetHistoryAppender;
import dev.modelyard.server.history.HistoryRecorder;
import dev.modelyard.server.history.HistoryRoutes;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.ErrorMapper;
import dev.modelyard.server.http.MultipartReceiver;
import dev.modelyard.server.http.RouteDescription;
import dev.modelyard.server.http.Uploads;
import dev.modelyard.server.inference.oip.GrpcOrHttp;
import dev.modelyard.server.inference.oip.OipGrpcService;
import dev.modelyard.server.inference.oip.OipRestRoutes;
import dev.modelyard.server.model.ModelRoutes;
import dev.modelyard.server.monitor.HttpWebhookSender;
import dev.modelyard.server.monitor.MonitorRoutes;
import dev.modelyard.server.objective.ObjectiveRoutes;
import dev.modelyard.server.openapi.OpenApiRoutes;
import dev.modelyard.server.project.ProjectRoutes;
import dev.modelyard.server.release.ReleaseRoutes;
import dev.modelyard.server.serving.CredentialCache;
import dev.modelyard.server.serving.DeploymentGateway;
import dev.modelyard.server.serving.MetricsRoutes;
import dev.modelyard.server.serving.ModelMaterializer;
import dev.modelyard.server.serving.PredictRoutes;
import dev.modelyard.server.serving.RuntimeModelSource;
import dev.modelyard.server.serving.ServingSupervisor;
import dev.modelyard.server.submission.SubmissionRoutes;
import dev.modelyard.server.user.UserRoutes;
import dev.modelyard.store.Database;
import dev.modelyard.store.DatabaseConfig;
import dev.modelyard.store.blob.FileBlobStore;
import dev.modelyard.store.dataset.DuckDbTables;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: configuration → database → stores → services → HTTP routes, wired with
 * constructors in this one file. {@link #start} returns once the server listens.
 */
public final class ModelyardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelyardServer.class);
    public static final String ADMIN_TOKEN_FILE = "admin-token";
    private static final long START_TIMEOUT_SECONDS = 60;

    /** The version this build reports (OIP server metadata, logs). */
    public static final String VERSION = "0.1.0";

    private final ServerConfig config;
    private final Database database;
    private final Vertx vertx;
    private final HttpServer http;
    private final List<HttpServer> servers;
    private final List<RouteDescription> routes;
    private final ServingSupervisor supervisor;
    private final InferenceEngine engine;
    private final EvaluationWorker evaluationWorker;
    private final HistoryRecorder historyRecorder;
    private final MonitorRunner monitorRunner;
    private final WebhookDeliveryWorker webhookWorker;
    /**
     * Evaluations run the model with one intra-op thread: the models evaluated are small next to
     * reading the dataset, and a second runtime thread spinning between batches took a core from
     * the reader (measured: 0.75 s instead of 0.94 s for 1 million rows, half the CPU).
     */
    private static final RuntimeOptions EVALUATION_RUNTIME = new RuntimeOptions(1);

    private ModelyardServer(
            ServerConfig config,
            Database database,
            Vertx vertx,
            List<HttpServer> servers,
            List<RouteDescription> routes,
            ServingSupervisor supervisor,
            InferenceEngine engine,
            EvaluationWorker evaluationWorker,
            HistoryRecorder historyRecorder,
            MonitorRunner monitorRunner,
            WebhookDeliveryWorker webhookWorker) {
        this.config = config;
        this.database = database;
        this.vertx = vertx;
        this.servers = List.copyOf(servers);
        this.http = servers.get(0);
        this.routes = routes;
        this.supervisor = supervisor;
        this.engine = engine;
        this.evaluationWorker = evaluationWorker;
        this.historyRecorder = historyRecorder;
        this.monitorRunner = monitorRunner;
        this.webhookWorker = webhookWorker;
    }

    public static ModelyardServer start(ServerConfig config) {
        return builder(config).start();
    }

    public static Builder builder(ServerConfig config) {
        return new Builder(config);
    }

    /** Lets tests and embedders swap a part; everything else is built from the configuration. */
    public static final class Builder {
        private final ServerConfig config;
        /** Microsecond ticks: what the database stores, so a returned time equals a re-read one. */
        private Clock clock = Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));

        private PackageLimits packageLimits = PackageLimits.defaults();

        private Builder(ServerConfig config) {
            this.config = requireNonNull(config, "config is null");
        }

        public Builder clock(Clock clock) {
            this.clock = requireNonNull(clock, "clock is null");
            return this;
        }

        public Builder packageLimits(PackageLimits packageLimits) {
            this.packageLimits = requireNonNull(packageLimits, "packageLimits is null");
            return this;
        }

        public ModelyardServer start() {
            log.info("Starting Modelyard with {}", config.describe());
            createDirectories(config.dataDir());
            Database database = Database.open(new DatabaseConfig(
                    config.jdbcUrl(),
                    config.jdbcUsername().orElse(null),
                    config.jdbcPassword().orElse(null),
                    config.poolSize()));
            Vertx vertx = null;
            InferenceEngine engine = null;
            ServingSupervisor supervisor = null;
            EvaluationWorker evaluationWorker = null;
            HistoryRecorder historyRecorder = null;
            MonitorRunner monitorRunner = null;
            WebhookDeliveryWorker webhookWorker = null;
            try {
                BlobStore blobs = FileBlobStore.open(config.dataDir().resolve("blobs"));
                int abandoned = blobs.deleteAbandonedStagingFiles();
                if (abandoned > 0) {
                    log.info("Removed {} unfinished upload(s) left by an earlier run", abandoned);
                }
                Transactions transactions = database.transactions();
                AuditRecorder audit = new AuditRecorder(clock);
                ProjectAccess access = new ProjectAccess();
                UserService users = new UserService(transactions, audit, new TokenSecrets(new SecureRandom()), clock);
                ProjectService projects = new ProjectService(transactions, access, audit, clock);
                ModelPackageInspector inspector = new ModelPackageInspector(packageLimits);
                ModelService models = new ModelService(transactions, access, audit, blobs, inspector, clock);
                AuditService auditLog = new AuditService(transactions, access);
                Optional<Path> adminTokenFile =
                        users.bootstrapAdmin().map(secret -> writeAdminToken(config.dataDir(), secret));

                vertx = Vertx.vertx(new VertxOptions()
                        .setWorkerPoolSize(config.workerThreads())
                        .setEventLoopPoolSize(config.eventLoops()));
                Router router = Router.router(vertx);
                ErrorMapper errors = new ErrorMapper();
                Endpoints endpoints =
                        new Endpoints(vertx, router, users, ApiJson.strictMapper(), errors, config.maxJsonBytes());
                endpoints.publicJson(
                        io.vertx.core.http.HttpMethod.GET, "/api/v1/health", call -> Map.of("status", "ok"));
                new UserRoutes(users).register(endpoints);
                new ProjectRoutes(projects).register(endpoints);
                Uploads uploads = new Uploads(endpoints, new MultipartReceiver(vertx), blobs, config.maxUploadBytes());
                new ModelRoutes(models, uploads).register(endpoints);
                EvaluationQueue evaluationQueue = new EvaluationQueue(clock);
                TableEngine tables = DuckDbTables.open(
                        blobs, DuckDbTables.Config.defaults(config.dataDir().resolve("datasets")));
                DatasetService datasets =
                        new DatasetService(transactions, access, audit, blobs, tables, evaluationQueue, clock);
                new DatasetRoutes(datasets, uploads).register(endpoints);
                RuntimeModelSource modelSource = new RuntimeModelSource(
                        new ModelMaterializer(blobs, config.dataDir().resolve("model-cache")),
                        List.of(new OnnxRuntime(), new XgboostRuntime()));
                evaluationWorker = new EvaluationWorker(
                        transactions,
                        tables,
                        submission -> modelSource.load(submission, EVALUATION_RUNTIME),
                        evaluationQueue,
                        config.evaluation(),
                        clock);
                engine = new InferenceEngine(EngineConfig.defaults(), modelSource);
                supervisor = new ServingSupervisor(
                        transactions, engine, modelSource, Duration.ofMillis(config.pollIntervalMillis()));
                ObjectiveService objectives = new ObjectiveService(transactions, access, audit, evaluationQueue, clock);
                SubmissionService submissions =
                        new SubmissionService(transactions, access, audit, evaluationQueue, clock);
                EvaluationService evaluations = new EvaluationService(
                        transactions, access, audit, blobs, evaluationQueue, config.maxImageBytes(), clock);
                ReleaseService releases = new ReleaseService(transactions, access, audit, supervisor, clock);
                DeploymentService deployments = new DeploymentService(
                        transactions, access, audit, new TokenSecrets(new SecureRandom()), supervisor, releases, clock);
                BundleService bundles = new BundleService(
                        transactions, access, audit, blobs, inspector, models, objectives, releases, clock);
                new ObjectiveRoutes(objectives, releases).register(endpoints);
                new SubmissionRoutes(submissions).register(endpoints);
                new EvaluationRoutes(evaluations, config.maxImageBytes()).register(endpoints);
                new ReleaseRoutes(releases, bundles, uploads).register(endpoints);
                Vertx workers = vertx;
                CredentialCache credentials = new CredentialCache(
                        transactions,
                        users,
                        command -> workers.executeBlocking(
                                () -> {
                                    command.run();
                                    return null;
                                },
                                false));
                supervisor.afterSync(credentials::forgetAll);
                historyRecorder = new HistoryRecorder(
                        () -> transactions.read(stores -> stores.histories().listCurrentHistories()),
                        new DatasetHistoryAppender(datasets, tables, transactions),
                        new HistoryRecorder.Config(
                                config.historyQueueCapacity(),
                                config.historyFlushRows(),
                                Duration.ofMillis(config.historyFlushIntervalMillis()),
                                Duration.ofMillis(config.pollIntervalMillis()),
                                config.dataDir().resolve("history-spool")));
                HistoryService histories =
                        new HistoryService(transactions, access, audit, historyRecorder, tables, clock);
                new HistoryRoutes(histories, historyRecorder).register(endpoints);
                new DeploymentRoutes(deployments, supervisor, histories).register(endpoints);

                // monitors: scheduled checks of the histories, alerts to webhooks
                webhookWorker = new WebhookDeliveryWorker(
                        transactions,
                        new HttpWebhookSender(config.monitors().webhookTimeout()),
                        config.monitors(),
                        clock);
                MonitorEvaluator monitorEvaluator =
                        new MonitorEvaluator(new HistoryMonitorData(transactions, tables), DriftSettings.defaults());
                monitorRunner = new MonitorRunner(
                        transactions, monitorEvaluator, webhookWorker::wakeUp, config.monitors(), clock);
                new MonitorRoutes(
                                new MonitorService(transactions, access, audit, monitorRunner, monitorEvaluator, clock))
                        .register(endpoints);

                DeploymentGateway gateway =
                        new DeploymentGateway(supervisor, engine, credentials, historyRecorder, VERSION, clock);
                new PredictRoutes(gateway, ApiJson.strictMapper()).register(endpoints);
                new MetricsRoutes(engine, historyRecorder, supervisor).register(endpoints);
                new OipRestRoutes(gateway, config.maxJsonBytes()).register(router);
                GrpcServer grpc =
                        GrpcServer.server(vertx, new GrpcServerOptions().setMaxMessageSize(config.maxJsonBytes()));
                new OipGrpcService(gateway).register(grpc);
                supervisor.start();
                historyRecorder.start();
                webhookWorker.start();
                monitorRunner.start();
                evaluationWorker.start();
                gateway.markReady(true);
                new AuditRoutes(auditLog).register(endpoints);
                new OpenApiRoutes().register(endpoints, router);
                registerErrorHandlers(router, endpoints);

                // one server per event loop, all on the one port: servers created in verticle instances
                // share the port and Vert.x spreads connections across them, so HTTP and gRPC work is
                // not confined to a single core
                GrpcOrHttp handler = new GrpcOrHttp(grpc, router);
                List<HttpServer> servers = new java.util.concurrent.CopyOnWriteArrayList<>();
                HttpServerOptions options = new HttpServerOptions()
                        .setMaxFormAttributeSize(MultipartReceiver.MAX_MANIFEST_BYTES)
                        .setCompressionSupported(true);
                int port = config.port() == 0 ? freePort(config.host()) : config.port();
                listenInVerticles(vertx, config.eventLoops(), options, handler, port, config.host(), servers);
                if (servers.stream().mapToInt(HttpServer::actualPort).distinct().count() != 1) {
                    throw new IllegalStateException("the HTTP server instances did not share one port");
                }
                HttpServer http = servers.get(0);
                ModelyardServer server = new ModelyardServer(
                        config.withPort(http.actualPort()),
                        database,
                        vertx,
                        servers,
                        endpoints.routes(),
                        supervisor,
                        engine,
                        evaluationWorker,
                        historyRecorder,
                        monitorRunner,
                        webhookWorker);
                log.info("Modelyard listening on http://{}:{}", config.host(), http.actualPort());
                adminTokenFile.ifPresent(file -> log.info(
                        "First start: created user '{}'. Its API token is in {} (readable only by this OS user);"
                                + " sign in with: modelyard login --url http://localhost:{} --token \"$(cat {})\"",
                        UserService.ADMIN_NAME,
                        file,
                        http.actualPort(),
                        file));
                return server;
            } catch (Exception e) {
                if (evaluationWorker != null) {
                    evaluationWorker.close();
                }
                if (historyRecorder != null) {
                    historyRecorder.close();
                }
                if (monitorRunner != null) {
                    monitorRunner.close();
                }
                if (webhookWorker != null) {
                    webhookWorker.close();
                }
                if (supervisor != null) {
                    supervisor.close();
                }
                if (engine != null) {
                    engine.close();
                }
                if (vertx != null) {
                    vertx.close();
                }
                database.close();
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException("Modelyard could not start: " + e.getMessage(), e);
            }
        }
    }

    public int port() {
        return http.actualPort();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    public Path dataDir() {
        return config.dataDir();
    }

    public ServerConfig config() {
        return config;
    }

    /** Every API route the server registered, as method and path. */
    public List<RouteDescription> routes() {
        return routes;
    }

    @Override
    public void close() {
        try {
            for (HttpServer server : servers) {
                server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            evaluationWorker.close();
            historyRecorder.close();
            monitorRunner.close();
            webhookWorker.close();
            supervisor.close();
            engine.close();
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            log.warn("Modelyard did not stop cleanly", e);
        } finally {
            database.close();
        }
        log.info("Modelyard stopped");
    }

    private static void registerErrorHandlers(Router router, Endpoints endpoints) {
        router.errorHandler(
                404,
                context -> endpoints.sendError(
                        context,
                        new dev.modelyard.core.ModelyardException(
                                ErrorCode.NOT_FOUND,
                                "no such endpoint: " + context.request().method() + " "
                                        + context.request().path() + "; the API is described at /api/v1/docs",
                                Map.of()),
                        true));
        router.errorHandler(
                405,
                context -> endpoints.sendError(
                        context,
                        new dev.modelyard.core.ModelyardException(
                                ErrorCode.METHOD_NOT_ALLOWED,
                                context.request().method() + " is not allowed on "
                                        + context.request().path(),
                                Map.of()),
                        true));
        router.errorHandler(
                500,
                (RoutingContext context) -> endpoints.sendError(
                        context,
                        context.failure() == null ? new IllegalStateException("routing failed") : context.failure(),
                        true));
    }

    /** A port free now, for "any free port": instances can only share a port that is named. */
    private static int freePort(String host) throws IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** Deploys {@code instances} verticles, each listening with its own server on the port. */
    private static void listenInVerticles(
            Vertx vertx,
            int instances,
            HttpServerOptions options,
            io.vertx.core.Handler<io.vertx.core.http.HttpServerRequest> handler,
            int port,
            String host,
            List<HttpServer> servers)
            throws Exception {
        if (instances < 1) {
            return;
        }
        vertx.deployVerticle(
                        () -> new VerticleBase() {
                            @Override
                            public io.vertx.core.Future<?> start() {
                                return vertx.createHttpServer(options)
                                        .requestHandler(handler)
                                        .listen(port, host)
                                        .onSuccess(servers::add);
                            }
                        },
                        new DeploymentOptions().setInstances(instances))
                .toCompletionStage()
                .toCompletableFuture()
                .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    private static void createDirectories(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
    }

    /** Writes the first admin token where only this OS user can read it. */
    private static Path writeAdminToken(Path dataDir, String secret) {
        Path file = dataDir.resolve(ADMIN_TOKEN_FILE);
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, secret + System.lineSeparator(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin token to " + file, e);
        }
    }
}
