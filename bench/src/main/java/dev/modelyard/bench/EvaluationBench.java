package dev.modelyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.core.dataset.ColumnBatch;
import dev.modelyard.core.dataset.DataFile;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.IngestRequest;
import dev.modelyard.core.dataset.IngestedTable;
import dev.modelyard.core.dataset.SourceFormat;
import dev.modelyard.core.dataset.VersionMode;
import dev.modelyard.core.evaluation.ChartThinning;
import dev.modelyard.core.evaluation.EvaluationDataset;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.evaluation.Evaluator;
import dev.modelyard.core.evaluation.ScoreMapping;
import dev.modelyard.core.evaluation.Subset;
import dev.modelyard.core.evaluation.VersionPolicy;
import dev.modelyard.core.evaluation.filter.RowFilter;
import dev.modelyard.core.evaluation.metrics.Chart;
import dev.modelyard.core.evaluation.metrics.MetricSet;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelArtifact;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.core.user.UserRef;
import dev.modelyard.runtime.onnx.OnnxRuntime;
import dev.modelyard.server.ModelyardServer;
import dev.modelyard.server.ServerConfig;
import dev.modelyard.store.blob.FileBlobStore;
import dev.modelyard.store.dataset.DuckDbTables;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Evaluation of a 1-million-row dataset with a tiny ONNX model, end to end and in pieces. It writes a seeded CSV
 * ({@link EvaluationData}) and a logistic-regression ONNX model ({@link LogisticOnnx}), starts a real Modelyard server
 * in this JVM (port 0, fresh data folder) and, over HTTP, uploads the dataset (timed: ingest), creates a binary
 * objective evaluating on it with two subsets, uploads the model and submits it {@code --runs} times, polling each
 * evaluation job until it succeeds. Then, without HTTP or the job queue, it times the pieces with the server's own
 * classes: the dataset engine's scan, scan plus tensors plus the model, and the full {@link Evaluator}. Prints
 * progress and {@code RESULT} lines, and writes a markdown report.
 *
 * <p>Options: {@code --rows 1000000 --runs 3 --seed 20261122 --work DIR --report FILE --profile-dir DIR} (JFR
 * recordings of 5 extra jobs and 5 extra in-process evaluations, not counted; none when empty).
 */
public final class EvaluationBench {
    private static final String PROJECT = "/api/v1/projects/bench";
    private static final String OBJECTIVE = PROJECT + "/objectives/evaluation";
    private static final List<String> METRICS =
            List.of("roc_auc", "accuracy", "log_loss", "average_precision", "brier_score", "f1");
    private static final Map<String, String> SUBSETS = Map.of("web", "channel = 'web'", "f0_positive", "f0 > 0");
    private static final Duration POLL = Duration.ofMillis(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    /** Jobs and in-process evaluations recorded with JFR: a 1-second evaluation gives only ~100 samples. */
    private static final int PROFILED_RUNS = 5;

    private final long rows;
    private final int runs;
    private final Path work;
    private final Optional<Path> profiles;
    private final StringBuilder report = new StringBuilder();

    private EvaluationBench(long rows, int runs, Path work, Optional<Path> profiles) {
        this.rows = rows;
        this.runs = runs;
        this.work = work;
        this.profiles = profiles;
    }

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        Path work = Path.of(args.text("work", "bench/target/evaluation-scratch/work"))
                .toAbsolutePath();
        String profileDir = args.text("profile-dir", "");
        EvaluationBench bench = new EvaluationBench(
                args.number("rows", 1_000_000),
                args.number("runs", 3),
                work,
                profileDir.isEmpty() ? Optional.empty() : Optional.of(Path.of(profileDir)));
        Files.createDirectories(work);
        bench.profiles.ifPresent(dir -> createDirectories(dir));
        bench.run(args.number("seed", 20261122));
        Path report =
                Path.of(args.text("report", work.resolve("evaluation-report.md").toString()));
        Files.writeString(report, bench.report);
        System.out.println("# report written to " + report);
        // ONNX Runtime's and DuckDB's native threads may keep the JVM alive
        System.exit(0);
    }

    private void run(long seed) throws Exception {
        Path csv = work.resolve("evaluation.csv");
        long started = System.nanoTime();
        EvaluationData.Written data = EvaluationData.write(csv, rows, seed);
        log(
                "wrote %,d rows (%,d positive, %,d web) to %s, %.1f MB, in %.1f s",
                data.rows(),
                data.positives(),
                data.webRows(),
                csv.getFileName(),
                data.bytes() / 1e6,
                seconds(System.nanoTime() - started));
        Path model = LogisticOnnx.write(
                work.resolve("logistic.onnx"), EvaluationData.FEATURES, EvaluationData.WEIGHTS, EvaluationData.BIAS);

        report.append(String.format(
                Locale.ROOT,
                "Dataset: %,d rows, 8 numeric features, `channel` (3 values), 0/1 `label` (%.1f%% positive); CSV"
                        + " %.1f MB. Model: ONNX Gemm(8→1) + Sigmoid, %d bytes. Evaluation: 8,192-row batches, all"
                        + " rows plus subsets `channel = 'web'` (%,d rows) and `f0 > 0`; metrics %s.%n%n",
                data.rows(),
                100.0 * data.positives() / data.rows(),
                data.bytes() / 1e6,
                Files.size(model),
                data.webRows(),
                String.join(", ", METRICS)));

        overHttp(csv, model);
        inProcess(csv, model);
    }

    // ---------------------------------------------------------------- over HTTP, through the job queue

    /**
     * One evaluation job as the poller saw it: seconds from the submission request to the job's {@code started_at},
     * from {@code started_at} to {@code finished_at}, and from {@code finished_at} until the poller saw it succeeded
     * (the metric sets are written in the transaction that makes the job succeeded, after {@code finished_at} was
     * taken), and from the submission request to that moment (end to end).
     */
    private record JobRun(
            int submission,
            double endToEnd,
            double job,
            double beforeStart,
            double afterFinish,
            long rowsDone,
            long rowsTotal) {}

    private void overHttp(Path csv, Path model) throws Exception {
        Path dataDir = work.resolve("server-data");
        deleteRecursively(dataDir);
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("data-dir", dataDir.toString());
        flags.put("server.host", "127.0.0.1");
        flags.put("server.port", "0");
        log("starting Modelyard in-process (data in %s)", dataDir);
        try (ModelyardServer server = ModelyardServer.start(ServerConfig.resolve(flags, Map.of(), Optional.empty()))) {
            String admin = Files.readString(dataDir.resolve(ModelyardServer.ADMIN_TOKEN_FILE))
                    .strip();
            BenchHttp http = new BenchHttp(server.baseUri(), admin);
            http.post("/api/v1/projects", Map.of("name", "bench"));
            http.post(PROJECT + "/datasets", Map.of("name", "synthetic"));

            long before = System.nanoTime();
            JsonNode version = http.upload(PROJECT + "/datasets/synthetic/versions", csv);
            double ingest = seconds(System.nanoTime() - before);
            log(
                    "ingest over HTTP: %.2f s, %,d rows, Parquet %.1f MB, schema %s",
                    ingest,
                    version.path("row_count").asLong(),
                    version.path("size_bytes").asLong() / 1e6,
                    version.path("schema"));
            result("ingest-http", 1, ingest, version.path("row_count").asLong());

            http.post(PROJECT + "/models", Map.of("name", "logistic"));
            http.upload(PROJECT + "/models/logistic/versions", model);
            http.post(PROJECT + "/objectives", objectiveRequest());

            long databaseBefore = databaseBytes(dataDir);
            List<JobRun> timed = new ArrayList<>();
            String lastJobThreads = "";
            for (int run = 1; run <= runs; run++) {
                ThreadCpu cpu = ThreadCpu.start();
                JobRun job = submitAndWait(http);
                ThreadCpu.Result usage = cpu.stop();
                timed.add(job);
                log(
                        "run %d: submission %d, job %.2f s (finished_at - started_at), end to end %.2f s, submit to"
                                + " started_at %.3f s, finished_at to succeeded seen %.3f s, rows_done %d of %d",
                        run,
                        job.submission(),
                        job.job(),
                        job.endToEnd(),
                        job.beforeStart(),
                        job.afterFinish(),
                        job.rowsDone(),
                        job.rowsTotal());
                result("job", run, job.job(), rows);
                result("end-to-end", run, job.endToEnd(), rows);
                if (run == runs) {
                    lastJobThreads = "Threads of the whole JVM during the last timed job, submission to success (the"
                            + " job's model session and dataset engine threads end with the job):\n\n"
                            + ThreadCpu.table(usage, job.endToEnd(), 8) + "\n";
                }
            }
            long databaseGrowth = databaseBytes(dataDir) - databaseBefore;
            if (profiles.isPresent()) {
                try (Recording recording = startRecording()) {
                    for (int run = 1; run <= PROFILED_RUNS; run++) {
                        JobRun job = submitAndWait(http);
                        log("profiled job %d (not counted): %.2f s", run, job.job());
                    }
                    recording.dump(profiles.get().resolve("job.jfr"));
                }
            }
            long beforeSets = System.nanoTime();
            JsonNode sets = http.get(
                    OBJECTIVE + "/submissions/" + timed.get(timed.size() - 1).submission() + "/metric-sets");
            double setsSeconds = seconds(System.nanoTime() - beforeSets);
            long setsBytes = http.lastResponseBytes();
            log("GET metric-sets of one submission: %.2f s, %.1f MB", setsSeconds, setsBytes / 1e6);
            String metrics = metricsTable(sets);
            System.out.print(metrics);

            report.append(String.format(Locale.ROOT, "### Over HTTP, through the job queue%n%n"));
            report.append(String.format(
                    Locale.ROOT,
                    "Ingest (upload of the %.1f MB CSV to the stored Parquet version, one request): **%.2f s**.%n%n",
                    Files.size(csv) / 1e6,
                    ingest));
            report.append("| run | submission | end to end: submit → succeeded seen | job: started_at → finished_at"
                    + " | submit → started_at | finished_at → succeeded seen | rows/s (end to end) | rows/s (job) |"
                    + " job's rows_done / rows_total |\n"
                    + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (int index = 0; index < timed.size(); index++) {
                JobRun job = timed.get(index);
                report.append(String.format(
                        Locale.ROOT,
                        "| %d | %d | %.2f s | %.2f s | %.2f s | %.2f s | %,.0f | %,.0f | %d / %d |%n",
                        index + 1,
                        job.submission(),
                        job.endToEnd(),
                        job.job(),
                        job.beforeStart(),
                        job.afterFinish(),
                        rows / job.endToEnd(),
                        rows / job.job(),
                        job.rowsDone(),
                        job.rowsTotal()));
            }
            double medianJob = median(timed.stream().mapToDouble(JobRun::job).toArray());
            double medianEnd =
                    median(timed.stream().mapToDouble(JobRun::endToEnd).toArray());
            report.append(String.format(
                    Locale.ROOT,
                    "| median | | **%.2f s** | **%.2f s** | | | %,.0f | %,.0f | |%n%n",
                    medianEnd,
                    medianJob,
                    rows / medianEnd,
                    rows / medianJob));
            double worst = timed.stream().mapToDouble(JobRun::endToEnd).max().orElse(Double.NaN);
            report.append(String.format(
                    Locale.ROOT,
                    "Target (under 10 s end to end on %d cores): %s (median %.2f s, slowest %.2f s).%n%n",
                    CORES,
                    worst < 10 ? "met" : medianEnd < 10 ? "met by the median, missed by the slowest run" : "**missed**",
                    medianEnd,
                    worst));
            report.append(lastJobThreads);
            report.append(String.format(
                    Locale.ROOT,
                    "Reading them back (GET .../submissions/%d/metric-sets, 3 metric sets with their charts): %.2f s,"
                            + " %.1f MB of JSON.%n%n",
                    timed.get(timed.size() - 1).submission(),
                    setsSeconds,
                    setsBytes / 1e6));
            report.append(String.format(
                    Locale.ROOT,
                    "The server's database grew by %.1f MB over the %d jobs (%.1f MB a job).%n%n",
                    databaseGrowth / 1e6,
                    timed.size(),
                    databaseGrowth / 1e6 / timed.size()));
            report.append("Metrics of the last run (as the API returns them):\n\n")
                    .append(metrics)
                    .append('\n');
        }
    }

    private Map<String, Object> objectiveRequest() {
        List<Map<String, Object>> metrics = new ArrayList<>();
        for (String metric : METRICS) {
            metrics.add(metric.equals("roc_auc") ? Map.of("name", metric, "primary", true) : Map.of("name", metric));
        }
        List<Map<String, Object>> subsets = new ArrayList<>();
        SUBSETS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(subset -> subsets.add(Map.of("name", subset.getKey(), "filter", subset.getValue())));
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "evaluation");
        request.put("task_type", "binary_classification");
        request.put("label_column", "label");
        request.put("metrics", metrics);
        request.put(
                "evaluation",
                Map.of(
                        "datasets",
                        List.of(Map.of("dataset", "synthetic", "policy", "latest")),
                        "subsets",
                        subsets,
                        "score_mapping",
                        Map.of("feature_columns", EvaluationData.FEATURES)));
        return request;
    }

    /** Submits version 1 of the model and polls its evaluation job until it is done. */
    private JobRun submitAndWait(BenchHttp http) throws InterruptedException {
        long before = System.nanoTime();
        Instant submitted = Instant.now();
        int submission = http.post(OBJECTIVE + "/submissions", Map.of("model", "logistic", "version", 1))
                .path("number")
                .asInt();
        long deadline = before + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode jobs = http.get(OBJECTIVE + "/evaluations?submission=" + submission)
                    .path("jobs");
            if (!jobs.isEmpty()) {
                JsonNode job = jobs.get(0);
                String status = job.path("status").asText();
                if (status.equals("succeeded")) {
                    double endToEnd = seconds(System.nanoTime() - before);
                    Instant seen = Instant.now();
                    Instant startedAt = Instant.parse(job.path("started_at").asText());
                    Instant finished = Instant.parse(job.path("finished_at").asText());
                    return new JobRun(
                            submission,
                            endToEnd,
                            between(startedAt, finished),
                            between(submitted, startedAt),
                            between(finished, seen),
                            job.path("rows_done").asLong(),
                            job.path("rows_total").asLong());
                }
                if (status.equals("failed")) {
                    throw new IllegalStateException("evaluation job failed: " + job);
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        throw new IllegalStateException("evaluation of submission " + submission + " did not finish in 10 minutes");
    }

    private static String metricsTable(JsonNode sets) {
        StringBuilder out = new StringBuilder("| subset | rows |");
        for (String metric : METRICS) {
            out.append(' ').append(metric).append(" |");
        }
        out.append("\n|---|---:|").append("---:|".repeat(METRICS.size())).append('\n');
        for (JsonNode set : sets.path("metric_sets")) {
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d |",
                    set.path("subset").asText("").isEmpty()
                            ? "all rows"
                            : set.path("subset").asText(),
                    set.path("row_count").asLong()));
            for (String metric : METRICS) {
                JsonNode value = set.path("values").path(metric);
                out.append(value.isNumber() ? String.format(Locale.ROOT, " %.4f |", value.asDouble()) : " – |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    // ---------------------------------------------------------------- in-process pieces

    private void inProcess(Path csv, Path modelFile) throws Exception {
        Path root = work.resolve("in-process");
        deleteRecursively(root);
        FileBlobStore blobs = FileBlobStore.open(root.resolve("blobs"));
        DuckDbTables tables = DuckDbTables.open(blobs, DuckDbTables.Config.defaults(root.resolve("datasets")));
        report.append(String.format(
                Locale.ROOT,
                "### In-process pieces (the server's classes, no HTTP, no job queue)%n%n"
                        + "Each piece %d times on the same stored Parquet version; the dataset engine with the"
                        + " server's settings, the model loaded as evaluations load it (%d intra-op threads).%n%n"
                        + "| piece | runs (s) | median s | rows/s | CPU of the process during the median run |%n"
                        + "|---|---|---:|---:|---:|%n",
                runs,
                CORES));

        DatasetVersion version = null;
        List<Double> ingests = new ArrayList<>();
        List<Double> ingestCpu = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            Path staging = blobs.newStagingFile();
            ThreadCpu cpu = ThreadCpu.start();
            long before = System.nanoTime();
            IngestedTable table =
                    tables.ingest(new IngestRequest(csv, SourceFormat.CSV, Map.of(), Optional.empty(), staging));
            double took = seconds(System.nanoTime() - before);
            ingests.add(took);
            ingestCpu.add(cpu.stop().processNanos() / 1e9);
            String digest = sha256(staging);
            long size = Files.size(staging);
            blobs.commit(staging, digest);
            version = new DatasetVersion(
                    UUID.randomUUID().toString(),
                    "synthetic",
                    1,
                    VersionMode.SNAPSHOT,
                    table.schema(),
                    table.rowCount(),
                    digest,
                    size,
                    List.of(new DataFile(digest, size, table.rowCount())),
                    SourceFormat.CSV,
                    csv.getFileName().toString(),
                    "",
                    Files.size(csv),
                    new UserRef("bench", "bench"),
                    Instant.now());
            result("ingest-in-process", run, took, table.rowCount());
        }
        row("ingest: CSV → Parquet (dataset engine only)", ingests, ingestCpu);

        RuntimeOptions options = new RuntimeOptions(CORES);
        ModelArtifact artifact =
                new ModelArtifact("bench", modelFile.getParent(), modelFile, Signature.empty(), Map.of());
        measure("model load (ONNX Runtime session, as evaluations load it)", "model-load", () -> new OnnxRuntime()
                .load(artifact, options)
                .close());
        duckDbAlone(version, blobs);
        try (LoadedModel model = new OnnxRuntime().load(artifact, options)) {
            Objective objective = objective(version);
            List<String> columns = new ArrayList<>(EvaluationData.FEATURES);
            columns.add("label");
            columns.add("channel");
            DatasetVersion scanned = version;

            measure(
                    "dataset engine scan: 10 columns in 8,192-row batches (what evaluations read)",
                    "scan",
                    () -> tables.scan(scanned, columns, Evaluator.BATCH_ROWS, batch -> {}));
            measure(
                    "dataset engine scan, 65,536-row batches",
                    "scan-65536",
                    () -> tables.scan(scanned, columns, 65_536, batch -> {}));
            measure(
                    "scan + float tensor per batch",
                    "scan-tensor",
                    () -> tables.scan(scanned, columns, Evaluator.BATCH_ROWS, batch -> tensor(batch, model)));
            long[] modelNanos = new long[1];
            Measured scored = measure(
                    "scan + tensor + model",
                    "scan-tensor-model",
                    () -> tables.scan(scanned, columns, Evaluator.BATCH_ROWS, batch -> {
                        Tensor input = tensor(batch, model);
                        long before = System.nanoTime();
                        predict(model, input);
                        modelNanos[0] += System.nanoTime() - before;
                    }));
            double modelShare = modelNanos[0] / 1e9 / runs;
            Evaluator.Outcome[] outcome = new Evaluator.Outcome[1];
            Measured evaluated = measure(
                    "full evaluation (Evaluator.evaluate: scan, model, labels, 2 subsets, all metrics and curves)",
                    "evaluate",
                    () -> outcome[0] =
                            Evaluator.evaluate(objective, model.signature(), scanned, model, tables, done -> true));
            long[] jsonBytes = new long[1];
            long points = curvePoints(outcome[0]);
            measure(
                    "the 3 metric sets thinned as the worker stores them (ChartThinning), then to JSON",
                    "metric-sets-json",
                    () -> jsonBytes[0] = metricSetsJson(outcome[0], true));
            long[] unthinnedBytes = new long[1];
            measure(
                    "for comparison: the same JSON without thinning (every curve point)",
                    "metric-sets-json-unthinned",
                    () -> unthinnedBytes[0] = metricSetsJson(outcome[0], false));

            // Variants that show what a change in the server's settings would give.
            try (LoadedModel single = new OnnxRuntime().load(artifact, new RuntimeOptions(1))) {
                measure(
                        "variant: scan + tensor + model, model with 1 intra-op thread",
                        "scan-tensor-model-1-thread",
                        () -> tables.scan(
                                scanned,
                                columns,
                                Evaluator.BATCH_ROWS,
                                batch -> predict(single, tensor(batch, single))));
                measure(
                        "variant: full evaluation, model with 1 intra-op thread",
                        "evaluate-1-thread",
                        () -> Evaluator.evaluate(objective, single.signature(), scanned, single, tables, done -> true));
            }
            DuckDbTables oneThread = DuckDbTables.open(
                    blobs, new DuckDbTables.Config(root.resolve("datasets-1"), "1GB", 1, 2, 1_000_000));
            measure(
                    "variant: dataset engine scan, DuckDB with 1 thread",
                    "scan-duckdb-1-thread",
                    () -> oneThread.scan(scanned, columns, Evaluator.BATCH_ROWS, batch -> {}));
            report.append('\n');
            report.append(String.format(
                    Locale.ROOT,
                    "Of \"scan + tensor + model\", the model's own calls took %.2f s a run on average (%d calls of"
                            + " 8,192 rows). The evaluation's 3 metric sets hold %,d curve points (ROC, precision-recall,"
                            + " calibration and histogram series), %.1f MB as JSON; thinned to at most %,d points a"
                            + " curve as the worker stores them, %.2f MB.%n%n",
                    modelShare,
                    (rows + Evaluator.BATCH_ROWS - 1) / Evaluator.BATCH_ROWS,
                    points,
                    unthinnedBytes[0] / 1e6,
                    ChartThinning.MAX_STORED_POINTS,
                    jsonBytes[0] / 1e6));
            report.append("Threads during the median run of \"scan + tensor + model\":\n\n")
                    .append(ThreadCpu.table(scored.usage(), scored.median(), 8))
                    .append("\nThreads during the median run of the full evaluation:\n\n")
                    .append(ThreadCpu.table(evaluated.usage(), evaluated.median(), 8))
                    .append('\n');

            if (profiles.isPresent()) {
                try (Recording recording = startRecording()) {
                    for (int run = 1; run <= PROFILED_RUNS; run++) {
                        Evaluator.evaluate(objective, model.signature(), scanned, model, tables, done -> true);
                    }
                    recording.dump(profiles.get().resolve("evaluate.jfr"));
                }
                log("profiled %d in-process evaluations (not counted)", PROFILED_RUNS);
            }
        }
    }

    /** The embedded database's files: the database and its write-ahead log. */
    private static long databaseBytes(Path dataDir) throws IOException {
        long bytes = 0;
        try (var files = Files.list(dataDir)) {
            for (Path file : files.filter(path -> path.getFileName().toString().startsWith("modelyard.db"))
                    .toList()) {
                bytes += Files.size(file);
            }
        }
        return bytes;
    }

    private static long curvePoints(Evaluator.Outcome outcome) {
        long points = 0;
        for (Evaluator.SubsetResult result : outcome.results()) {
            for (Chart chart : result.metrics().charts().values()) {
                for (Chart.Series series : chart.series()) {
                    points += series.values().length;
                }
            }
        }
        return points;
    }

    /**
     * The metric sets' JSON documents as the store builds them (values; charts as lists of boxed doubles), optionally
     * thinned first as the evaluation worker does; their size in bytes.
     */
    private static long metricSetsJson(Evaluator.Outcome outcome, boolean thinned) throws IOException {
        long bytes = 0;
        for (Evaluator.SubsetResult result : outcome.results()) {
            MetricSet metrics =
                    thinned ? ChartThinning.thin(result.metrics(), ChartThinning.MAX_STORED_POINTS) : result.metrics();
            Map<String, Object> charts = new LinkedHashMap<>();
            metrics.charts().forEach((name, chart) -> {
                List<Object> series = new ArrayList<>();
                for (Chart.Series one : chart.series()) {
                    List<Object> values = new ArrayList<>(one.values().length);
                    for (double value : one.values()) {
                        values.add(Double.isFinite(value) ? (Object) value : Double.toString(value));
                    }
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("name", one.name());
                    entry.put("values", values);
                    series.add(entry);
                }
                charts.put(name, Map.of("kind", chart.kind(), "series", series));
            });
            Map<String, Object> document = new LinkedHashMap<>();
            document.put("values", metrics.values());
            document.put("undefined", metrics.undefined());
            document.put("charts", charts);
            document.put("confusion_matrix", metrics.confusionMatrix());
            bytes += JSON.writeValueAsString(document).length();
        }
        return bytes;
    }

    /**
     * The same query without the dataset engine: DuckDB aggregating the 10 columns itself (Parquet read and decode,
     * no rows handed to Java), and the JDBC result set read value by value without building batches.
     */
    private void duckDbAlone(DatasetVersion version, FileBlobStore blobs) throws Exception {
        Path parquet = blobs.localFile(version.digest()).orElseThrow();
        String source = "read_parquet('" + parquet.toString().replace("'", "''") + "')";
        String aggregate = "SELECT count(*), "
                + String.join(
                        ", ",
                        EvaluationData.FEATURES.stream()
                                .map(name -> "sum(" + name + ")")
                                .toList()) + ", sum(label), count(channel) FROM " + source;
        String select = "SELECT " + String.join(", ", EvaluationData.FEATURES) + ", label, channel FROM " + source;
        Properties settings = new Properties();
        settings.setProperty("threads", "2");
        settings.setProperty("memory_limit", "1GB");
        settings.setProperty("preserve_insertion_order", "true");
        settings.setProperty("jdbc_stream_results", "true");
        settings.setProperty("autoinstall_known_extensions", "false");
        settings.setProperty("autoload_known_extensions", "false");
        measure("DuckDB alone: aggregate the 10 columns inside DuckDB (no rows to Java)", "duckdb-aggregate", () -> {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", settings);
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(aggregate)) {
                result.next();
            }
        });
        jdbcRows(
                "DuckDB JDBC: read the rows value by value (getDouble/getString), no batches",
                "duckdb-jdbc-rows",
                select,
                settings);
        Properties materialized = new Properties();
        materialized.putAll(settings);
        materialized.setProperty("jdbc_stream_results", "false");
        jdbcRows(
                "DuckDB JDBC, the same with the result materialized first (jdbc_stream_results=false)",
                "duckdb-jdbc-rows-materialized",
                select,
                materialized);
    }

    private void jdbcRows(String what, String name, String select, Properties settings) throws Exception {
        measure(what, name, () -> {
            try (Connection connection = DriverManager.getConnection("jdbc:duckdb:", settings);
                    Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery(select)) {
                double sink = 0;
                while (result.next()) {
                    for (int column = 1; column <= 9; column++) {
                        sink += result.getDouble(column);
                    }
                    sink += result.getString(10).length();
                }
                if (Double.isNaN(sink)) {
                    log("NaN");
                }
            }
        });
    }

    @FunctionalInterface
    private interface Piece {
        void run() throws Exception;
    }

    /** A piece's runs: the median time and the threads of the median run. */
    private record Measured(double median, ThreadCpu.Result usage) {}

    private Measured measure(String what, String name, Piece piece) throws Exception {
        List<Double> took = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        List<ThreadCpu.Result> usages = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            ThreadCpu threads = ThreadCpu.start();
            long before = System.nanoTime();
            piece.run();
            double seconds = seconds(System.nanoTime() - before);
            ThreadCpu.Result usage = threads.stop();
            usages.add(usage);
            took.add(seconds);
            cpu.add(usage.processNanos() / 1e9);
            result(name, run, seconds, rows);
        }
        row(what, took, cpu);
        log("%s: %s s", what, took);
        double median = median(took.stream().mapToDouble(Double::doubleValue).toArray());
        return new Measured(median, usages.get(Math.max(0, took.indexOf(median))));
    }

    private void row(String what, List<Double> took, List<Double> cpu) {
        double[] values = took.stream().mapToDouble(Double::doubleValue).toArray();
        double median = median(values);
        int medianIndex = took.indexOf(median);
        double medianCpu = cpu.get(Math.max(0, medianIndex));
        boolean perRow = !what.startsWith("model load") && !what.contains("JSON");
        report.append(String.format(
                Locale.ROOT,
                "| %s | %s | %s | %s | %s s (%.0f%% of one core) |%n",
                what,
                String.join(
                        ", ", took.stream().map(EvaluationBench::secondsText).toList()),
                secondsText(median),
                perRow ? String.format(Locale.ROOT, "%,.0f", rows / median) : "–",
                secondsText(medianCpu),
                100 * medianCpu / median));
    }

    /** Two decimals, three below 0.1 s. */
    private static String secondsText(double seconds) {
        return String.format(Locale.ROOT, seconds < 0.1 ? "%.3f" : "%.2f", seconds);
    }

    /** The input tensor the Evaluator builds: features row-major as FP32 [rows, 8]. */
    private static Tensor tensor(ColumnBatch batch, LoadedModel model) {
        int rowCount = batch.rowCount();
        int width = EvaluationData.FEATURES.size();
        float[] values = new float[rowCount * width];
        for (int column = 0; column < width; column++) {
            double[] vector = ((ColumnBatch.DoubleVector) batch.vector(EvaluationData.FEATURES.get(column))).values();
            for (int row = 0; row < rowCount; row++) {
                values[row * width + column] = (float) vector[row];
            }
        }
        return Tensor.ofFloats(model.signature().inputs().get(0).name(), new long[] {rowCount, width}, values);
    }

    private static void predict(LoadedModel model, Tensor input) {
        try {
            model.predict(List.of(input), Set.of("probability"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Objective objective(DatasetVersion version) {
        List<Metric> metrics = new ArrayList<>();
        for (String metric : METRICS) {
            boolean minimize = metric.equals("log_loss") || metric.equals("brier_score");
            metrics.add(new Metric(
                    metric, minimize ? MetricDirection.MINIMIZE : MetricDirection.MAXIMIZE, metric.equals("roc_auc")));
        }
        List<Subset> subsets = SUBSETS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(subset -> new Subset(subset.getKey(), RowFilter.parse(subset.getValue())))
                .toList();
        ScoreMapping mapping = new ScoreMapping(
                EvaluationData.FEATURES,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
        Instant now = Instant.now();
        return new Objective(
                UUID.randomUUID().toString(),
                "bench",
                "evaluation",
                "",
                TaskType.BINARY_CLASSIFICATION,
                "label",
                metrics,
                Objective.DEFAULT_TAGS,
                Objective.DEFAULT_PROTECTED_TAGS,
                List.of(),
                List.of(),
                new EvaluationSettings(
                        List.of(new EvaluationDataset(
                                version.datasetId(), "synthetic", VersionPolicy.LATEST, Optional.empty())),
                        subsets,
                        mapping),
                Optional.empty(),
                new UserRef("bench", "bench"),
                now,
                now);
    }

    // ---------------------------------------------------------------- plumbing

    private static Recording startRecording() throws Exception {
        Recording recording = new Recording(Configuration.getConfiguration("profile"));
        recording.start();
        return recording;
    }

    private static void result(String name, int run, double seconds, long rowCount) {
        System.out.printf(
                Locale.ROOT,
                "RESULT name=%s run=%d seconds=%.3f rows=%d rows_per_s=%.0f%n",
                name,
                run,
                seconds,
                rowCount,
                rowCount / seconds);
    }

    private static void log(String format, Object... values) {
        System.out.printf(Locale.ROOT, "# " + format + "%n", values);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static double between(Instant first, Instant second) {
        return Duration.between(first, second).toNanos() / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of()
                    .formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void createDirectories(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        }
    }
}
