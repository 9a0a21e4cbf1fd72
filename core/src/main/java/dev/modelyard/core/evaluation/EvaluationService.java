package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.evaluation.EvaluationDefinition.DatasetChoice;
import dev.modelyard.core.evaluation.EvaluationDefinition.SubsetDefinition;
import dev.modelyard.core.evaluation.filter.FilterSyntaxException;
import dev.modelyard.core.evaluation.filter.RowFilter;
import dev.modelyard.core.evaluation.metrics.Chart;
import dev.modelyard.core.evaluation.metrics.MetricSet;
import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.objective.MetricCatalog;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ObjectiveService;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionService;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Evaluation as people use it: the objective's evaluation settings, evaluations on demand and
 * their jobs, ad hoc metric sets, metric sets of submissions, the leaderboard and comparisons.
 * The jobs themselves run in an {@link EvaluationWorker}.
 */
public final class EvaluationService {
    public static final int MAX_IMAGES = 10;
    public static final int MAX_CHARTS = 50;
    public static final int MAX_CHART_POINTS = 200_000;
    public static final int MAX_METRICS = 200;
    private static final Pattern METRIC_NAME = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final byte[] PNG_MAGIC = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int MAX_JOBS_LISTED = 1000;

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final BlobStore blobs;
    private final EvaluationQueue queue;
    private final long maxImageBytes;
    private final Clock clock;

    public EvaluationService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            BlobStore blobs,
            EvaluationQueue queue,
            long maxImageBytes,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.queue = requireNonNull(queue, "queue is null");
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be positive");
        }
        this.maxImageBytes = maxImageBytes;
        this.clock = requireNonNull(clock, "clock is null");
    }

    public long maxImageBytes() {
        return maxImageBytes;
    }

    /** A job with the names people know its submission and dataset by. */
    public record JobView(EvaluationJob job, int submissionNumber, String datasetName) {}

    /** A metric set with the names people know its submission and dataset by. */
    public record MetricSetView(MetricSetRecord metricSet, int submissionNumber, String datasetName) {}

    private static JobView view(Stores stores, EvaluationJob job) {
        return new JobView(job, submissionNumber(stores, job.submissionId()), datasetName(stores, job.datasetId()));
    }

    private static MetricSetView view(Stores stores, MetricSetRecord set) {
        return new MetricSetView(
                set, submissionNumber(stores, set.submissionId()), datasetName(stores, set.datasetId()));
    }

    private static int submissionNumber(Stores stores, String submissionId) {
        return stores.submissions()
                .findSubmissionById(submissionId)
                .map(Submission::number)
                .orElseThrow();
    }

    private static String datasetName(Stores stores, String datasetId) {
        return stores.datasets().findDatasetById(datasetId).map(Dataset::name).orElseThrow();
    }

    /**
     * Turns requested evaluation settings into settings an objective can hold: the datasets exist
     * (a pinned version too), the filters parse and fit the schema of each dataset's current
     * version, and the label and feature columns exist there.
     */
    public static EvaluationSettings resolveSettings(
            Stores stores, Project project, TaskType taskType, String labelColumn, EvaluationDefinition definition) {
        if (definition.datasets().size() > EvaluationSettings.MAX_DATASETS) {
            throw invalid(
                    "an objective evaluates on at most " + EvaluationSettings.MAX_DATASETS + " datasets",
                    "evaluation.datasets");
        }
        if (definition.subsets().size() > EvaluationSettings.MAX_SUBSETS) {
            throw invalid(
                    "an objective has at most " + EvaluationSettings.MAX_SUBSETS + " subsets", "evaluation.subsets");
        }
        ScoreMapping mapping = validMapping(taskType, definition.scoreMapping());
        List<Subset> subsets = new ArrayList<>();
        Set<String> subsetNames = new LinkedHashSet<>();
        for (SubsetDefinition subset : definition.subsets()) {
            try {
                Names.requireValid("subset", subset.name());
            } catch (ModelyardException e) {
                throw invalid(e.getMessage(), "evaluation.subsets");
            }
            if (!subsetNames.add(subset.name().toLowerCase(java.util.Locale.ROOT))) {
                throw invalid("subset '" + subset.name() + "' is listed twice", "evaluation.subsets");
            }
            try {
                subsets.add(new Subset(subset.name(), RowFilter.parse(subset.filter())));
            } catch (FilterSyntaxException e) {
                throw invalidFilter(subset.name(), e);
            }
        }
        if (!definition.datasets().isEmpty() && labelColumn.isBlank()) {
            throw invalid("label_column is required to evaluate on datasets", "label_column");
        }
        List<EvaluationDataset> datasets = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (DatasetChoice choice : definition.datasets()) {
            Dataset dataset = stores.datasets()
                    .findDataset(project.id(), choice.dataset())
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.DATASET_NOT_FOUND,
                            "dataset '" + choice.dataset() + "' does not exist in project '" + project.name() + "'",
                            Map.of("field", "evaluation.datasets", "dataset", choice.dataset())));
            if (!seen.add(dataset.id())) {
                throw invalid("dataset '" + dataset.name() + "' is listed twice", "evaluation.datasets");
            }
            VersionPolicy policy =
                    choice.policy().orElse(choice.version().isPresent() ? VersionPolicy.PINNED : VersionPolicy.LATEST);
            Optional<DatasetVersion> current;
            Optional<Integer> pinned = Optional.empty();
            switch (policy) {
                case LATEST -> {
                    if (choice.version().isPresent()) {
                        throw invalid(
                                "dataset '" + dataset.name() + "' follows the latest version; drop its version or pin"
                                        + " it",
                                "evaluation.datasets");
                    }
                    current = stores.datasets().findLatestVersion(dataset.id());
                }
                case PINNED -> {
                    current = choice.version().isPresent()
                            ? stores.datasets()
                                    .findVersion(dataset.id(), choice.version().get())
                            : stores.datasets().findLatestVersion(dataset.id());
                    if (current.isEmpty()) {
                        throw new ModelyardException(
                                ErrorCode.DATASET_VERSION_NOT_FOUND,
                                choice.version()
                                        .map(number -> "dataset '" + dataset.name() + "' has no version " + number)
                                        .orElse("dataset '" + dataset.name() + "' has no version to pin yet"),
                                Map.of("field", "evaluation.datasets", "dataset", dataset.name()));
                    }
                    pinned = Optional.of(current.get().number());
                }
                default -> throw new IllegalStateException("unknown policy " + policy);
            }
            datasets.add(new EvaluationDataset(dataset.id(), dataset.name(), policy, pinned));
            if (current.isPresent()) {
                requireFits(dataset, current.get(), labelColumn, taskType, subsets, mapping);
            }
        }
        return new EvaluationSettings(datasets, subsets, mapping);
    }

    /** Asks for evaluations: of one submission or all open ones, on one dataset or all. */
    public List<JobView> requestEvaluation(
            Principal principal,
            String projectName,
            String objectiveName,
            Optional<Integer> submissionNumber,
            Optional<String> datasetName,
            Optional<Integer> datasetVersion) {
        List<JobView> jobs = transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            List<EvaluationDataset> datasets = objective.evaluation().datasets();
            if (datasets.isEmpty()) {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "objective '" + objectiveName + "' names no evaluation datasets; add one to its evaluation"
                                + " settings first",
                        Map.of("objective", objectiveName));
            }
            if (datasetName.isPresent()) {
                datasets = List.of(evaluationDataset(objective, datasetName.get()));
            } else if (datasetVersion.isPresent()) {
                throw invalid("a dataset version needs the dataset", "version");
            }
            List<Submission> submissions = submissionNumber
                    .map(number -> List.of(SubmissionService.requireSubmission(stores, objective, number)))
                    .orElseGet(() -> openSubmissions(stores, objective));
            for (Submission submission : submissions) {
                if (submission.status().terminal()) {
                    throw new ModelyardException(
                            ErrorCode.CONFLICT,
                            "submission " + submission.number() + " is "
                                    + submission.status().id() + "; it is no longer evaluated",
                            Map.of(
                                    "submission",
                                    submission.number(),
                                    "status",
                                    submission.status().id()));
                }
            }
            List<JobView> queued = new ArrayList<>();
            for (EvaluationDataset dataset : datasets) {
                DatasetVersion version = versionOf(stores, dataset, datasetVersion);
                for (Submission submission : submissions) {
                    queued.add(view(
                            stores,
                            queue.enqueue(
                                    stores,
                                    objective,
                                    submission,
                                    version,
                                    JobTrigger.ON_DEMAND,
                                    UserRef.of(principal))));
                }
            }
            return queued;
        });
        queue.wakeUp();
        return jobs;
    }

    public List<JobView> listJobs(
            Principal principal, String projectName, String objectiveName, Optional<Integer> submissionNumber) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Optional<String> submissionId =
                    submissionNumber.map(number -> SubmissionService.requireSubmission(stores, objective, number)
                            .id());
            return stores.evaluations().listJobs(objective.id(), submissionId, MAX_JOBS_LISTED).stream()
                    .map(job -> view(stores, job))
                    .toList();
        });
    }

    public JobView getJob(Principal principal, String projectName, String objectiveName, String jobId) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            return stores.evaluations()
                    .findJob(jobId)
                    .filter(job -> job.objectiveId().equals(objective.id()))
                    .map(job -> view(stores, job))
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.NOT_FOUND,
                            "evaluation job '" + jobId + "' does not exist in objective '" + objectiveName + "'",
                            Map.of("job", jobId)));
        });
    }

    /** A submission's metric sets, newest first. */
    public List<MetricSetView> listMetricSets(
            Principal principal, String projectName, String objectiveName, int submissionNumber) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Submission submission = SubmissionService.requireSubmission(stores, objective, submissionNumber);
            return stores.evaluations().listMetricSets(submission.id()).stream()
                    .map(set -> view(stores, set))
                    .toList();
        });
    }

    public MetricSetView getMetricSet(
            Principal principal, String projectName, String objectiveName, int submissionNumber, String metricSetId) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Submission submission = SubmissionService.requireSubmission(stores, objective, submissionNumber);
            return view(stores, requireMetricSet(stores, submission, metricSetId));
        });
    }

    /** An image of a metric set; the caller closes the stream. */
    public InputStream openImage(
            Principal principal,
            String projectName,
            String objectiveName,
            int submissionNumber,
            String metricSetId,
            String imageName) {
        MetricImage image =
                getMetricSet(principal, projectName, objectiveName, submissionNumber, metricSetId)
                        .metricSet()
                        .images()
                        .stream()
                        .filter(one -> one.name().equals(imageName))
                        .findFirst()
                        .orElseThrow(() -> new ModelyardException(
                                ErrorCode.NOT_FOUND,
                                "metric set " + metricSetId + " has no image '" + imageName + "'",
                                Map.of("image", String.valueOf(imageName))));
        try {
            return blobs.open(image.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("could not read image " + image.digest(), e);
        }
    }

    /** Stores a metric set computed elsewhere for a submission and dataset version. */
    public MetricSetView postMetricSet(
            Principal principal,
            String projectName,
            String objectiveName,
            int submissionNumber,
            AdHocMetricSet posted) {
        MetricSet metrics = validMetrics(posted);
        validImages(posted.images());
        List<MetricImage> images = new ArrayList<>();
        for (Map.Entry<String, byte[]> image : posted.images().entrySet()) {
            images.add(storeImage(image.getKey(), image.getValue()));
        }
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Submission submission = SubmissionService.requireSubmission(stores, objective, submissionNumber);
            Dataset dataset = stores.datasets()
                    .findDataset(project.id(), posted.dataset())
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.DATASET_NOT_FOUND,
                            "dataset '" + posted.dataset() + "' does not exist in project '" + projectName + "'",
                            Map.of("dataset", posted.dataset())));
            DatasetVersion version = stores.datasets()
                    .findVersion(dataset.id(), posted.version())
                    .orElseThrow(() -> versionNotFound(dataset.name(), posted.version()));
            Optional<String> subset = posted.subset().map(name -> objective
                    .evaluation()
                    .subset(name)
                    .map(Subset::name)
                    .orElseThrow(() -> invalid(
                            "objective '" + objectiveName + "' has no subset '" + name + "'; it has "
                                    + objective.evaluation().subsets().stream()
                                            .map(Subset::name)
                                            .toList(),
                            "subset")));
            if (subset.isPresent() && posted.rowCount().isEmpty()) {
                throw invalid("row_count is required with a subset: how many rows the subset held", "row_count");
            }
            long rows = posted.rowCount().orElse(version.rowCount());
            if (rows < 0 || rows > version.rowCount()) {
                throw invalid(
                        "row_count " + rows + " is outside 0.." + version.rowCount() + " (the version's rows)",
                        "row_count");
            }
            MetricSetRecord record = new MetricSetRecord(
                    UUID.randomUUID().toString(),
                    objective.id(),
                    submission.id(),
                    dataset.id(),
                    version.id(),
                    version.number(),
                    subset,
                    MetricSource.AD_HOC,
                    Optional.empty(),
                    rows,
                    metrics,
                    images,
                    UserRef.of(principal),
                    clock.instant());
            stores.evaluations().insertMetricSet(record);
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("submission", submission.number());
            state.put("dataset", dataset.name());
            state.put("version", version.number());
            state.put("subset", subset.orElse(null));
            state.put("values", metrics.values());
            state.put("images", images.stream().map(MetricImage::name).toList());
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change(
                            "metric_set.create",
                            "metric_set",
                            record.id(),
                            objective.name() + "#" + submission.number(),
                            null,
                            state));
            return new MetricSetView(record, submission.number(), dataset.name());
        });
    }

    /**
     * Ranks the objective's submissions by its primary metric on a dataset (default: the first
     * evaluation dataset), a version (default: its current one) and a subset (default: all rows).
     */
    public Leaderboard leaderboard(
            Principal principal,
            String projectName,
            String objectiveName,
            Optional<String> datasetName,
            Optional<Integer> datasetVersion,
            Optional<String> subsetName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Scope scope = scope(stores, objective, datasetName, datasetVersion, subsetName);
            Metric primary = objective.primaryMetric().orElseThrow();
            List<MetricSetRecord> sets = stores.evaluations()
                    .listMetricSets(objective.id(), scope.version().id(), scope.subset());
            Map<String, MetricSetRecord> bySubmission = new LinkedHashMap<>();
            for (MetricSetRecord set : sets) {
                bySubmission.merge(set.submissionId(), set, EvaluationService::preferred);
            }
            Map<String, Submission> submissions = new LinkedHashMap<>();
            for (Submission submission : openSubmissions(stores, objective)) {
                submissions.put(submission.id(), submission);
            }
            for (String submissionId : bySubmission.keySet()) {
                if (!submissions.containsKey(submissionId)) {
                    stores.submissions()
                            .findSubmissionById(submissionId)
                            .ifPresent(found -> submissions.put(found.id(), found));
                }
            }
            List<Leaderboard.Entry> ranked = new ArrayList<>();
            List<Leaderboard.Entry> unranked = new ArrayList<>();
            for (Submission submission : submissions.values()) {
                Optional<MetricSetRecord> set = Optional.ofNullable(bySubmission.get(submission.id()));
                Optional<String> release = stores.releases()
                        .findReleaseOfSubmission(submission.id())
                        .map(found -> found.version());
                if (set.isPresent() && set.get().metrics().value(primary.name()).isPresent()) {
                    ranked.add(new Leaderboard.Entry(OptionalInt.empty(), submission, release, set, "evaluated"));
                } else {
                    String state = set.isPresent()
                            ? "evaluated; " + primary.name() + " is undefined: "
                                    + set.get().metrics().undefined().getOrDefault(primary.name(), "not computed")
                            : evaluationState(stores, objective, submission, scope.version());
                    unranked.add(new Leaderboard.Entry(OptionalInt.empty(), submission, release, set, state));
                }
            }
            Comparator<Leaderboard.Entry> byPrimary = Comparator.comparingDouble(entry -> entry.metricSet()
                    .orElseThrow()
                    .metrics()
                    .value(primary.name())
                    .getAsDouble());
            if (primary.direction() == MetricDirection.MAXIMIZE) {
                byPrimary = byPrimary.reversed();
            }
            ranked.sort(byPrimary.thenComparingInt(entry -> entry.submission().number()));
            List<Leaderboard.Entry> entries = new ArrayList<>();
            double previous = Double.NaN;
            int rank = 0;
            for (int i = 0; i < ranked.size(); i++) {
                Leaderboard.Entry entry = ranked.get(i);
                double value = entry.metricSet()
                        .orElseThrow()
                        .metrics()
                        .value(primary.name())
                        .getAsDouble();
                if (i == 0 || Double.compare(value, previous) != 0) {
                    rank = i + 1;
                }
                previous = value;
                entries.add(new Leaderboard.Entry(
                        OptionalInt.of(rank), entry.submission(), entry.release(), entry.metricSet(), "evaluated"));
            }
            unranked.sort(Comparator.comparingInt(entry -> entry.submission().number()));
            entries.addAll(unranked);
            return new Leaderboard(
                    objective.name(),
                    scope.dataset().datasetName(),
                    scope.version().number(),
                    scope.subset(),
                    primary,
                    objective.metrics(),
                    entries);
        });
    }

    /** Two submissions metric by metric, on the same scope as the leaderboard. */
    public Comparison compare(
            Principal principal,
            String projectName,
            String objectiveName,
            int firstNumber,
            int secondNumber,
            Optional<String> datasetName,
            Optional<Integer> datasetVersion,
            Optional<String> subsetName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Objective objective = ObjectiveService.requireObjective(stores, project, objectiveName);
            Scope scope = scope(stores, objective, datasetName, datasetVersion, subsetName);
            MetricSetRecord first = metricSetIn(stores, objective, firstNumber, scope);
            MetricSetRecord second = metricSetIn(stores, objective, secondNumber, scope);
            Set<String> names = new LinkedHashSet<>();
            objective.metrics().forEach(metric -> names.add(metric.name()));
            names.addAll(first.metrics().values().keySet());
            names.addAll(second.metrics().values().keySet());
            List<Comparison.Row> rows = new ArrayList<>();
            for (String name : names) {
                Optional<MetricDirection> direction = objective.metrics().stream()
                        .filter(metric -> metric.name().equals(name))
                        .map(Metric::direction)
                        .findFirst()
                        .or(() -> MetricCatalog.direction(objective.taskType(), name));
                OptionalDouble a = first.metrics().value(name);
                OptionalDouble b = second.metrics().value(name);
                OptionalDouble difference = a.isPresent() && b.isPresent()
                        ? OptionalDouble.of(b.getAsDouble() - a.getAsDouble())
                        : OptionalDouble.empty();
                Optional<String> better = Optional.empty();
                if (difference.isPresent() && direction.isPresent()) {
                    better = Optional.of(
                            a.getAsDouble() == b.getAsDouble()
                                    ? "equal"
                                    : direction.get().better(b.getAsDouble(), a.getAsDouble()) ? "second" : "first");
                }
                rows.add(new Comparison.Row(name, direction.map(MetricDirection::id), a, b, difference, better));
            }
            return new Comparison(
                    scope.dataset().datasetName(), scope.version().number(), scope.subset(), first, second, rows);
        });
    }

    /**
     * The metric set the release checks and the leaderboard use for a submission on a version and
     * subset: the evaluated one, or the newest ad hoc one when no evaluation computed it.
     */
    public static Optional<MetricSetRecord> metricSetFor(
            Stores stores, Objective objective, String submissionId, String datasetVersionId, Optional<String> subset) {
        return stores.evaluations().listMetricSets(objective.id(), datasetVersionId, subset).stream()
                .filter(set -> set.submissionId().equals(submissionId))
                .reduce(EvaluationService::preferred);
    }

    /** What a submission's evaluation on a version is doing, for people. */
    public static String evaluationState(
            Stores stores, Objective objective, Submission submission, DatasetVersion version) {
        return stores.evaluations().listJobs(objective.id(), Optional.of(submission.id()), MAX_JOBS_LISTED).stream()
                .filter(job -> job.datasetVersionId().equals(version.id()))
                .findFirst()
                .map(job -> switch (job.status()) {
                    case QUEUED -> "queued";
                    case RUNNING -> "running (" + job.rowsDone() + " of " + job.rowsTotal() + " rows)";
                    case SUCCEEDED -> "evaluated";
                    case FAILED -> "failed: " + job.error().orElse("no reason recorded");
                })
                .orElse("not evaluated");
    }

    private record Scope(EvaluationDataset dataset, DatasetVersion version, Optional<String> subset) {}

    private Scope scope(
            Stores stores,
            Objective objective,
            Optional<String> datasetName,
            Optional<Integer> datasetVersion,
            Optional<String> subsetName) {
        EvaluationDataset dataset = datasetName
                .map(name -> evaluationDataset(objective, name))
                .orElseGet(() -> objective
                        .evaluation()
                        .primaryDataset()
                        .orElseThrow(() -> new ModelyardException(
                                ErrorCode.CONFLICT,
                                "objective '" + objective.name() + "' names no evaluation datasets",
                                Map.of("objective", objective.name()))));
        DatasetVersion version = versionOf(stores, dataset, datasetVersion);
        Optional<String> subset = subsetName.map(name -> objective
                .evaluation()
                .subset(name)
                .map(Subset::name)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.NOT_FOUND,
                        "objective '" + objective.name() + "' has no subset '" + name + "'",
                        Map.of("subset", name))));
        return new Scope(dataset, version, subset);
    }

    /** The asked version of an evaluation dataset, or the one it currently means. */
    private static DatasetVersion versionOf(Stores stores, EvaluationDataset dataset, Optional<Integer> number) {
        return number.isPresent()
                ? stores.datasets()
                        .findVersion(dataset.datasetId(), number.get())
                        .orElseThrow(() -> versionNotFound(dataset.datasetName(), number.get()))
                : EvaluationQueue.currentVersion(stores, dataset)
                        .orElseThrow(() -> new ModelyardException(
                                ErrorCode.CONFLICT,
                                "dataset '" + dataset.datasetName() + "' has no version yet",
                                Map.of("dataset", dataset.datasetName())));
    }

    private static MetricSetRecord metricSetIn(Stores stores, Objective objective, int number, Scope scope) {
        Submission submission = SubmissionService.requireSubmission(stores, objective, number);
        return metricSetFor(stores, objective, submission.id(), scope.version().id(), scope.subset())
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.CONFLICT,
                        "submission " + number + " has no metric set on dataset '"
                                + scope.dataset().datasetName()
                                + "' version " + scope.version().number()
                                + scope.subset()
                                        .map(name -> " subset '" + name + "'")
                                        .orElse("") + " ("
                                + evaluationState(stores, objective, submission, scope.version()) + ")",
                        Map.of("submission", number)));
    }

    private static MetricSetRecord preferred(MetricSetRecord one, MetricSetRecord other) {
        if (one.source() != other.source()) {
            return one.source() == MetricSource.EVALUATION ? one : other;
        }
        return one.createdAt().isAfter(other.createdAt()) ? one : other;
    }

    private static EvaluationDataset evaluationDataset(Objective objective, String datasetName) {
        return objective.evaluation().datasets().stream()
                .filter(dataset -> dataset.datasetName().equalsIgnoreCase(datasetName))
                .findFirst()
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.NOT_FOUND,
                        "dataset '" + datasetName + "' is not an evaluation dataset of objective '"
                                + objective.name() + "'; those are "
                                + objective.evaluation().datasets().stream()
                                        .map(EvaluationDataset::datasetName)
                                        .toList(),
                        Map.of("dataset", datasetName)));
    }

    private static List<Submission> openSubmissions(Stores stores, Objective objective) {
        return stores
                .submissions()
                .listSubmissions(
                        objective.id(),
                        new dev.modelyard.core.submission.SubmissionQuery(
                                Optional.empty(), Map.of(), dev.modelyard.core.PageRequest.all()))
                .stream()
                .filter(submission -> !submission.status().terminal())
                .toList();
    }

    private static MetricSetRecord requireMetricSet(Stores stores, Submission submission, String metricSetId) {
        return stores.evaluations()
                .findMetricSet(metricSetId)
                .filter(set -> set.submissionId().equals(submission.id()))
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.NOT_FOUND,
                        "submission " + submission.number() + " has no metric set '" + metricSetId + "'",
                        Map.of("metric_set", metricSetId)));
    }

    private static void requireFits(
            Dataset dataset,
            DatasetVersion version,
            String labelColumn,
            TaskType taskType,
            List<Subset> subsets,
            ScoreMapping mapping) {
        TableSchema schema = version.schema();
        if (schema.columns().stream().noneMatch(column -> column.name().equals(labelColumn))) {
            throw invalid(
                    "label column '" + labelColumn + "' is not a column of dataset '" + dataset.name() + "' version "
                            + version.number() + " " + schema.names(),
                    "label_column");
        }
        for (String feature : mapping.featureColumns()) {
            if (schema.columns().stream().noneMatch(column -> column.name().equals(feature))) {
                throw invalid(
                        "feature column '" + feature + "' is not a column of dataset '" + dataset.name() + "' version "
                                + version.number() + " " + schema.names(),
                        "evaluation.score_mapping.feature_columns");
            }
        }
        for (Subset subset : subsets) {
            try {
                subset.filter().validate(schema);
            } catch (FilterSyntaxException e) {
                throw invalidFilter(
                        subset.name(),
                        new FilterSyntaxException(
                                e.getMessage() + " (dataset '" + dataset.name() + "' version " + version.number() + ")",
                                e.position()));
            }
        }
        try {
            Evaluator.requireLabel(taskType, mapping, schema, labelColumn);
        } catch (EvaluationFailedException e) {
            throw invalid(e.getMessage() + " (dataset '" + dataset.name() + "')", "label_column");
        }
    }

    private static ScoreMapping validMapping(TaskType taskType, ScoreMapping mapping) {
        Set<String> features = new LinkedHashSet<>();
        for (String feature : mapping.featureColumns()) {
            if (feature == null || feature.isBlank() || !features.add(feature)) {
                throw invalid(
                        "feature column '" + feature + "' is blank or listed twice",
                        "evaluation.score_mapping.feature_columns");
            }
        }
        mapping.scoreColumn().ifPresent(column -> {
            if (column < 0) {
                throw invalid("score_column must not be negative", "evaluation.score_mapping.score_column");
            }
        });
        mapping.threshold().ifPresent(threshold -> {
            if (!Double.isFinite(threshold)) {
                throw invalid("threshold must be a finite number", "evaluation.score_mapping.threshold");
            }
        });
        Set<String> classes = new LinkedHashSet<>();
        for (String label : mapping.classLabels()) {
            if (label == null || !classes.add(label)) {
                throw invalid(
                        "class label '" + label + "' is null or listed twice", "evaluation.score_mapping.class_labels");
            }
        }
        String wrongTask =
                switch (taskType) {
                    case BINARY_CLASSIFICATION -> mapping.classLabels().isEmpty() ? null : "class_labels";
                    case MULTICLASS_CLASSIFICATION ->
                        mapping.threshold().isPresent()
                                ? "threshold"
                                : mapping.positiveLabel().isPresent()
                                        ? "positive_label"
                                        : mapping.scoreColumn().isPresent() ? "score_column" : null;
                    case REGRESSION ->
                        mapping.threshold().isPresent()
                                ? "threshold"
                                : mapping.positiveLabel().isPresent()
                                        ? "positive_label"
                                        : mapping.classLabels().isEmpty() ? null : "class_labels";
                };
        if (wrongTask != null) {
            throw invalid(
                    "score_mapping." + wrongTask + " does not apply to " + taskType.id(),
                    "evaluation.score_mapping." + wrongTask);
        }
        if (taskType == TaskType.MULTICLASS_CLASSIFICATION && classes.size() == 1) {
            throw invalid(
                    "class_labels names one class; list one per output column",
                    "evaluation.score_mapping.class_labels");
        }
        return mapping;
    }

    private static MetricSet validMetrics(AdHocMetricSet posted) {
        if (posted.values().isEmpty()
                && posted.charts().isEmpty()
                && posted.images().isEmpty()) {
            throw invalid("a metric set holds at least one value, chart or image", "values");
        }
        if (posted.values().size() > MAX_METRICS) {
            throw invalid("a metric set holds at most " + MAX_METRICS + " values", "values");
        }
        for (Map.Entry<String, Double> value : posted.values().entrySet()) {
            requireMetricName(value.getKey(), "values");
            if (value.getValue() == null || !Double.isFinite(value.getValue())) {
                throw invalid("metric '" + value.getKey() + "' must be a finite number", "values");
            }
        }
        if (posted.charts().size() > MAX_CHARTS) {
            throw invalid("a metric set holds at most " + MAX_CHARTS + " charts", "charts");
        }
        long points = 0;
        for (Map.Entry<String, Chart> chart : posted.charts().entrySet()) {
            requireMetricName(chart.getKey(), "charts");
            String kind = chart.getValue().kind();
            if (!List.of(Chart.LINE, Chart.HISTOGRAM, Chart.SCATTER).contains(kind)) {
                throw invalid(
                        "chart '" + chart.getKey() + "' has kind '" + kind + "'; use line, histogram or scatter",
                        "charts");
            }
            if (chart.getValue().series().isEmpty()) {
                throw invalid("chart '" + chart.getKey() + "' has no series", "charts");
            }
            for (Chart.Series series : chart.getValue().series()) {
                double[] values = series.values();
                points += values.length;
                for (double value : values) {
                    if (!Double.isFinite(value)) {
                        throw invalid(
                                "series '" + series.name() + "' of chart '" + chart.getKey()
                                        + "' holds a non-finite number",
                                "charts");
                    }
                }
            }
        }
        if (points > MAX_CHART_POINTS) {
            throw invalid("the charts hold " + points + " numbers; the limit is " + MAX_CHART_POINTS, "charts");
        }
        List<List<Long>> matrix = posted.confusionMatrix();
        long[][] confusion = new long[matrix.size()][];
        for (int row = 0; row < matrix.size(); row++) {
            List<Long> cells = matrix.get(row);
            if (cells == null || cells.size() != matrix.size()) {
                throw invalid(
                        "confusion_matrix must be square: one row per class, one count per class", "confusion_matrix");
            }
            confusion[row] = new long[cells.size()];
            for (int column = 0; column < cells.size(); column++) {
                Long cell = cells.get(column);
                if (cell == null || cell < 0) {
                    throw invalid("confusion_matrix counts must be whole numbers ≥ 0", "confusion_matrix");
                }
                confusion[row][column] = cell;
            }
        }
        return new MetricSet(posted.values(), Map.of(), posted.charts(), confusion);
    }

    private void validImages(Map<String, byte[]> images) {
        if (images.size() > MAX_IMAGES) {
            throw invalid("a metric set holds at most " + MAX_IMAGES + " images", "images");
        }
        for (Map.Entry<String, byte[]> image : images.entrySet()) {
            try {
                Names.requireValid("image", image.getKey());
            } catch (ModelyardException e) {
                throw invalid(e.getMessage(), "images");
            }
            byte[] bytes = image.getValue();
            if (bytes == null || bytes.length == 0) {
                throw invalid("image '" + image.getKey() + "' is empty", "images");
            }
            if (bytes.length > maxImageBytes) {
                throw new ModelyardException(
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        "image '" + image.getKey() + "' is " + bytes.length + " bytes; the limit is " + maxImageBytes,
                        Map.of("field", "images", "image", image.getKey(), "limit_bytes", maxImageBytes));
            }
            if (bytes.length < PNG_MAGIC.length || !Arrays.equals(Arrays.copyOf(bytes, PNG_MAGIC.length), PNG_MAGIC)) {
                throw invalid("image '" + image.getKey() + "' is not a PNG file", "images");
            }
        }
    }

    private MetricImage storeImage(String name, byte[] bytes) {
        try {
            Path staged = blobs.newStagingFile();
            try {
                Files.write(staged, bytes);
                String digest = HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
                blobs.commit(staged, digest);
                return new MetricImage(name, digest, bytes.length);
            } finally {
                Files.deleteIfExists(staged);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not store image " + name, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java", e);
        }
    }

    private static void requireMetricName(String name, String field) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw invalid(
                    "name '" + name + "' is not valid: lowercase letters, digits and '_', starting with a letter, at"
                            + " most 64 characters",
                    field);
        }
    }

    private static ModelyardException versionNotFound(String datasetName, int number) {
        return new ModelyardException(
                ErrorCode.DATASET_VERSION_NOT_FOUND,
                "dataset '" + datasetName + "' has no version " + number,
                Map.of("dataset", datasetName, "version", number));
    }

    private static ModelyardException invalidFilter(String subset, FilterSyntaxException e) {
        return new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "subset '" + subset + "': " + e.getMessage(),
                Map.of("field", "evaluation.subsets", "subset", subset, "position", e.position()));
    }

    private static ModelyardException invalid(String message, String field) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }
}
