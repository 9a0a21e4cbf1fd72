package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.deployment.ApiKey;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentService;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserRef;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Monitors as people manage and read them. Owners create, change, delete and run monitors (each
 * change audited, webhook secrets left out of the audit log): a monitor makes the server send
 * requests to the URLs it names and holds the secrets that sign them, as much a project setting as
 * the inference history an owner turns on. Viewers read monitors (without secrets), their results
 * and delivery logs, and the deployment's usage.
 */
public final class MonitorService {
    public static final int MAX_WEBHOOKS = 10;
    public static final int MIN_SECRET_LENGTH = 16;
    public static final int MAX_SECRET_LENGTH = 256;
    public static final int MAX_URL_LENGTH = 2048;
    public static final Duration MAX_WINDOW = Duration.ofDays(31);
    public static final int MAX_RESULTS = 1000;
    public static final int MAX_DELIVERIES = 200;
    public static final int MAX_USAGE_BUCKETS = 1000;
    public static final Duration DEFAULT_USAGE_SPAN = Duration.ofDays(1);
    public static final Duration DEFAULT_USAGE_BUCKET = Duration.ofHours(1);

    private static final Set<String> DRIFT_PARAMETERS = Set.of(
            MonitorEvaluator.BASELINE_DATASET,
            MonitorEvaluator.BASELINE_VERSION,
            MonitorEvaluator.BASELINE_FROM,
            MonitorEvaluator.BASELINE_TO,
            MonitorEvaluator.FEATURE,
            MonitorEvaluator.STATISTIC);

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final MonitorRunner runner;
    private final MonitorEvaluator evaluator;
    private final Clock clock;

    public MonitorService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            MonitorRunner runner,
            MonitorEvaluator evaluator,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.runner = requireNonNull(runner, "runner is null");
        this.evaluator = requireNonNull(evaluator, "evaluator is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** A delivery with its attempts, first first. */
    public record DeliveryLog(WebhookDelivery delivery, List<DeliveryAttempt> attempts) {}

    public Monitor create(
            Principal principal, String projectName, String deploymentName, String name, MonitorSpec spec) {
        Names.requireValid("monitor", name);
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.OWNER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            Draft draft = draft(stores, project, spec, Optional.empty());
            Instant now = clock.instant();
            Monitor monitor = new Monitor(
                    UUID.randomUUID().toString(),
                    project.id(),
                    deployment.id(),
                    name,
                    draft.kind(),
                    draft.schedule(),
                    draft.window(),
                    draft.step(),
                    draft.parameters(),
                    draft.thresholds(),
                    draft.webhooks(),
                    draft.enabled(),
                    draft.schedule().nextAfter(now),
                    UserRef.of(principal),
                    now,
                    now);
            stores.monitors().insertMonitor(monitor);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("monitor.create", "monitor", monitor.id(), name, null, monitor.auditState()));
            return monitor;
        });
    }

    public Monitor update(
            Principal principal, String projectName, String deploymentName, String name, MonitorSpec spec) {
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.OWNER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            Monitor before = requireMonitor(stores, deployment, name);
            Draft draft = draft(stores, project, spec, Optional.of(before));
            Instant now = clock.instant();
            boolean reschedule = !draft.schedule().equals(before.schedule()) || draft.enabled() && !before.enabled();
            Monitor after = new Monitor(
                    before.id(),
                    before.projectId(),
                    before.deploymentId(),
                    before.name(),
                    draft.kind(),
                    draft.schedule(),
                    draft.window(),
                    draft.step(),
                    draft.parameters(),
                    draft.thresholds(),
                    draft.webhooks(),
                    draft.enabled(),
                    reschedule ? draft.schedule().nextAfter(now) : before.nextRunAt(),
                    before.createdBy(),
                    before.createdAt(),
                    now);
            stores.monitors().updateMonitor(after);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("monitor.update", "monitor", after.id(), name, before.auditState(), after.auditState()));
            return after;
        });
    }

    /** Deletes a monitor with its results and delivery log; pending deliveries are not sent. */
    public Monitor delete(Principal principal, String projectName, String deploymentName, String name) {
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.OWNER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            Monitor monitor = requireMonitor(stores, deployment, name);
            stores.monitors().deleteMonitor(monitor.id());
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("monitor.delete", "monitor", monitor.id(), name, monitor.auditState(), null));
            return monitor;
        });
    }

    public Monitor get(Principal principal, String projectName, String deploymentName, String name) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            return requireMonitor(stores, deployment, name);
        });
    }

    public List<Monitor> list(Principal principal, String projectName, String deploymentName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            return stores.monitors().listMonitors(deployment.id());
        });
    }

    /** Results whose window ends at or after {@code from} and before {@code to}: the latest {@code limit}, oldest first. */
    public List<MonitorResult> results(
            Principal principal,
            String projectName,
            String deploymentName,
            String name,
            Optional<Instant> from,
            Optional<Instant> to,
            int limit) {
        if (limit < 1 || limit > MAX_RESULTS) {
            throw invalid("max_results must be between 1 and " + MAX_RESULTS, "max_results");
        }
        if (from.isPresent() && to.isPresent() && !from.get().isBefore(to.get())) {
            throw invalid("from must be before to", "from");
        }
        return transactions.read(stores -> {
            Monitor monitor = readable(stores, principal, projectName, deploymentName, name);
            return stores.monitors().listResults(monitor.id(), from, to, limit);
        });
    }

    /** The monitor's deliveries, newest first, each with its attempts. */
    public List<DeliveryLog> deliveries(
            Principal principal, String projectName, String deploymentName, String name, int limit) {
        if (limit < 1 || limit > MAX_DELIVERIES) {
            throw invalid("max_results must be between 1 and " + MAX_DELIVERIES, "max_results");
        }
        return transactions.read(stores -> {
            Monitor monitor = readable(stores, principal, projectName, deploymentName, name);
            List<DeliveryLog> logs = new ArrayList<>();
            for (WebhookDelivery delivery : stores.monitors().listDeliveries(monitor.id(), limit)) {
                logs.add(new DeliveryLog(delivery, stores.monitors().listAttempts(delivery.id())));
            }
            return logs;
        });
    }

    /**
     * Computes the monitor over the window ending now, stores the result and notifies its webhooks
     * (owners; enabled or not). The schedule is not moved.
     */
    public MonitorResult run(Principal principal, String projectName, String deploymentName, String name) {
        Monitor monitor = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.OWNER);
            Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
            return requireMonitor(stores, deployment, name);
        });
        return runner.runNow(monitor);
    }

    /**
     * The deployment's usage from {@code from} (default: a day before {@code to}) to {@code to}
     * (default: now) in buckets (default {@code 1h}), callers named.
     */
    public UsageReport usage(
            Principal principal,
            String projectName,
            String deploymentName,
            Optional<Instant> from,
            Optional<Instant> to,
            Optional<String> bucket) {
        Deployment deployment = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return DeploymentService.requireDeployment(stores, project, deploymentName);
        });
        Instant end = to.orElseGet(clock::instant);
        Instant start = from.orElse(end.minus(DEFAULT_USAGE_SPAN));
        if (!start.isBefore(end)) {
            throw invalid("from (" + start + ") must be before to (" + end + ")", "from");
        }
        Duration width;
        try {
            width = bucket.map(text -> MonitorDurations.parse("bucket", text)).orElse(DEFAULT_USAGE_BUCKET);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage(), "bucket");
        }
        long span = Duration.between(start, end).getSeconds();
        long buckets = span / width.getSeconds() + (span % width.getSeconds() == 0 ? 0 : 1);
        if (buckets > MAX_USAGE_BUCKETS) {
            throw invalid(
                    "from " + start + " to " + end + " in buckets of " + MonitorDurations.format(width) + " makes "
                            + buckets + " buckets; at most " + MAX_USAGE_BUCKETS
                            + ": widen the bucket or narrow the span",
                    "bucket");
        }
        UsageReport report = evaluator.usage(deployment.id(), start, end, width);
        return transactions.read(stores -> {
            Map<String, Optional<String>> names = new HashMap<>();
            List<UsageReport.Bucket> named = new ArrayList<>();
            for (UsageReport.Bucket each : report.buckets()) {
                named.add(withNames(stores, deployment, each, names));
            }
            return new UsageReport(
                    report.from(),
                    report.to(),
                    report.bucket(),
                    withNames(stores, deployment, report.total(), names),
                    named);
        });
    }

    private static UsageReport.Bucket withNames(
            Stores stores, Deployment deployment, UsageReport.Bucket bucket, Map<String, Optional<String>> names) {
        List<UsageReport.Caller> callers = new ArrayList<>();
        for (UsageReport.Caller caller : bucket.callers()) {
            if (caller.id().isEmpty()) {
                callers.add(caller);
                continue;
            }
            String id = caller.id().get();
            Optional<String> name = names.computeIfAbsent(
                    caller.kind() + ":" + id,
                    key -> caller.kind().equals(UsageReport.Caller.USER)
                            ? stores.users().findUserById(id).map(User::name)
                            : stores.deployments()
                                    .findApiKey(deployment.id(), id)
                                    .map(ApiKey::name));
            callers.add(caller.withName(name));
        }
        return bucket.withCallers(callers);
    }

    // ---------------------------------------------------------------- validation

    /** A monitor's settings, checked. */
    private record Draft(
            MonitorKind kind,
            CronSchedule schedule,
            Duration window,
            Duration step,
            Map<String, String> parameters,
            Thresholds thresholds,
            List<Webhook> webhooks,
            boolean enabled) {}

    /** Checks the spec, completed from {@code existing} on a change; every problem is a 400 naming the field. */
    private Draft draft(Stores stores, Project project, MonitorSpec spec, Optional<Monitor> existing) {
        MonitorKind kind = spec.kind()
                .map(MonitorKind::fromId)
                .or(() -> existing.map(Monitor::kind))
                .orElseThrow(() -> required("kind"));
        CronSchedule schedule = spec.schedule()
                .map(text -> {
                    try {
                        return CronSchedule.parse(text);
                    } catch (IllegalArgumentException e) {
                        throw invalid("schedule: " + e.getMessage(), "schedule");
                    }
                })
                .or(() -> existing.map(Monitor::schedule))
                .orElseThrow(() -> required("schedule"));
        Duration window = spec.window()
                .map(text -> duration("window", text))
                .or(() -> existing.map(Monitor::window))
                .orElseThrow(() -> required("window"));
        Duration step = spec.step()
                .map(text -> duration("step", text))
                .or(() -> existing.map(Monitor::step))
                .orElse(window);
        Thresholds thresholds = spec.thresholds()
                .map(MonitorService::thresholds)
                .or(() -> existing.map(Monitor::thresholds))
                .orElse(Thresholds.none());
        List<Webhook> webhooks = spec.webhooks()
                .map(given -> webhooks(given, existing.map(Monitor::webhooks).orElse(List.of())))
                .or(() -> existing.map(Monitor::webhooks))
                .orElse(List.of());
        Map<String, String> parameters =
                spec.parameters().or(() -> existing.map(Monitor::parameters)).orElse(Map.of());
        parameters = parameters(stores, project, kind, parameters);
        boolean enabled =
                spec.enabled().or(() -> existing.map(Monitor::enabled)).orElse(true);
        return new Draft(kind, schedule, window, step, parameters, thresholds, webhooks, enabled);
    }

    private static Duration duration(String field, String text) {
        Duration duration;
        try {
            duration = MonitorDurations.parse(field, text);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage(), field);
        }
        if (duration.compareTo(MAX_WINDOW) > 0) {
            throw invalid(field + " '" + text + "' is longer than " + MonitorDurations.format(MAX_WINDOW), field);
        }
        return duration;
    }

    private static Thresholds thresholds(MonitorSpec.ThresholdsSpec spec) {
        ThresholdDirection direction =
                spec.direction().map(ThresholdDirection::fromId).orElse(ThresholdDirection.ABOVE);
        try {
            return new Thresholds(direction, spec.warning(), spec.alert());
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage(), "thresholds");
        }
    }

    private static List<Webhook> webhooks(List<MonitorSpec.WebhookSpec> given, List<Webhook> existing) {
        if (given.size() > MAX_WEBHOOKS) {
            throw invalid("a monitor has at most " + MAX_WEBHOOKS + " webhooks", "webhooks");
        }
        Set<String> urls = new HashSet<>();
        List<Webhook> webhooks = new ArrayList<>();
        for (int index = 0; index < given.size(); index++) {
            MonitorSpec.WebhookSpec spec = given.get(index);
            String field = "webhooks[" + index + "]";
            if (spec == null) {
                throw invalid(field + " is null", field);
            }
            String url = spec.url().orElseThrow(() -> required(field + ".url"));
            checkUrl(url, field + ".url");
            if (!urls.add(url)) {
                throw invalid("webhook URL " + url + " is listed twice", field + ".url");
            }
            Optional<Webhook> same = existing.stream()
                    .filter(webhook -> webhook.url().equals(url))
                    .findFirst();
            String secret = spec.secret()
                    .or(() -> same.map(Webhook::secret))
                    .orElseThrow(() -> invalid(
                            field + ".secret is required: at least " + MIN_SECRET_LENGTH
                                    + " characters the receiver uses to check the X-Modelyard-Signature header",
                            field + ".secret"));
            if (secret.length() < MIN_SECRET_LENGTH || secret.length() > MAX_SECRET_LENGTH) {
                throw invalid(
                        field + ".secret must be " + MIN_SECRET_LENGTH + " to " + MAX_SECRET_LENGTH
                                + " characters long, not " + secret.length(),
                        field + ".secret");
            }
            webhooks.add(new Webhook(
                    same.map(Webhook::id).orElseGet(() -> UUID.randomUUID().toString()),
                    url,
                    secret,
                    spec.includeWarnings().orElse(false)));
        }
        return webhooks;
    }

    private static void checkUrl(String url, String field) {
        if (url.length() > MAX_URL_LENGTH) {
            throw invalid(field + " is longer than " + MAX_URL_LENGTH + " characters", field);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw invalid(field + " '" + url + "' is not a URL: " + e.getReason(), field);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw invalid(field + " '" + url + "' must be an http:// or https:// URL", field);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw invalid(field + " '" + url + "' has no host", field);
        }
        if (uri.getRawUserInfo() != null) {
            throw invalid(field + " must not hold credentials; the receiver checks the signature instead", field);
        }
    }

    /** The kind's parameters, checked; a drift baseline dataset without a version gets its latest. */
    private static Map<String, String> parameters(
            Stores stores, Project project, MonitorKind kind, Map<String, String> given) {
        Map<String, String> parameters = new TreeMap<>();
        for (Map.Entry<String, String> entry : given.entrySet()) {
            if (entry.getValue() == null || entry.getValue().isBlank()) {
                throw invalid("parameter '" + entry.getKey() + "' is empty", "parameters." + entry.getKey());
            }
            parameters.put(entry.getKey(), entry.getValue().strip());
        }
        return switch (kind) {
            case ERROR_RATE, LATENCY_P50, LATENCY_P99, CALLS -> {
                if (!parameters.isEmpty()) {
                    throw invalid(
                            "monitor kind '" + kind.id() + "' takes no parameters; got "
                                    + String.join(", ", parameters.keySet()),
                            "parameters");
                }
                yield parameters;
            }
            case DRIFT -> driftParameters(stores, project, parameters);
        };
    }

    private static Map<String, String> driftParameters(Stores stores, Project project, Map<String, String> parameters) {
        for (String key : parameters.keySet()) {
            if (!DRIFT_PARAMETERS.contains(key)) {
                throw invalid(
                        "unknown drift parameter '" + key + "'; known: " + new TreeSet<>(DRIFT_PARAMETERS),
                        "parameters." + key);
            }
        }
        boolean dataset = parameters.containsKey(MonitorEvaluator.BASELINE_DATASET);
        boolean span = parameters.containsKey(MonitorEvaluator.BASELINE_FROM)
                || parameters.containsKey(MonitorEvaluator.BASELINE_TO);
        if (dataset == span) {
            throw invalid(
                    "a drift monitor needs one baseline: 'baseline_dataset' (and optionally 'baseline_version'),"
                            + " or 'baseline_from' and 'baseline_to' (a span of the history)",
                    "parameters");
        }
        if (parameters.containsKey(MonitorEvaluator.STATISTIC)) {
            if (!parameters.containsKey(MonitorEvaluator.FEATURE)) {
                throw invalid("parameter 'statistic' needs 'feature'", "parameters.statistic");
            }
            if (!MonitorEvaluator.STATISTICS.contains(parameters.get(MonitorEvaluator.STATISTIC))) {
                throw invalid(
                        "unknown statistic '" + parameters.get(MonitorEvaluator.STATISTIC) + "'; known: "
                                + MonitorEvaluator.STATISTICS,
                        "parameters.statistic");
            }
        }
        if (span) {
            if (parameters.containsKey(MonitorEvaluator.BASELINE_VERSION)) {
                throw invalid("'baseline_version' goes with 'baseline_dataset'", "parameters.baseline_version");
            }
            Instant from = instant(parameters, MonitorEvaluator.BASELINE_FROM);
            Instant to = instant(parameters, MonitorEvaluator.BASELINE_TO);
            if (!from.isBefore(to)) {
                throw invalid("baseline_from must be before baseline_to", "parameters.baseline_from");
            }
            parameters.put(MonitorEvaluator.BASELINE_FROM, from.toString());
            parameters.put(MonitorEvaluator.BASELINE_TO, to.toString());
            return parameters;
        }
        String name = parameters.get(MonitorEvaluator.BASELINE_DATASET);
        Dataset found = stores.datasets()
                .findDataset(project.id(), name)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.DATASET_NOT_FOUND,
                        "baseline dataset '" + name + "' does not exist in project '" + project.name() + "'",
                        Map.of("dataset", name)));
        Optional<DatasetVersion> version;
        if (parameters.containsKey(MonitorEvaluator.BASELINE_VERSION)) {
            int number;
            try {
                number = Integer.parseInt(parameters.get(MonitorEvaluator.BASELINE_VERSION));
            } catch (NumberFormatException e) {
                throw invalid("baseline_version must be a whole number", "parameters.baseline_version");
            }
            version = number < 1 ? Optional.empty() : stores.datasets().findVersion(found.id(), number);
            if (version.isEmpty()) {
                throw new ModelyardException(
                        ErrorCode.DATASET_VERSION_NOT_FOUND,
                        "baseline dataset '" + name + "' has no version "
                                + parameters.get(MonitorEvaluator.BASELINE_VERSION),
                        Map.of("dataset", name));
            }
        } else {
            version = stores.datasets().findLatestVersion(found.id());
            if (version.isEmpty()) {
                throw invalid(
                        "baseline dataset '" + name + "' has no version yet; upload one first",
                        "parameters.baseline_dataset");
            }
        }
        parameters.put(
                MonitorEvaluator.BASELINE_VERSION,
                Integer.toString(version.get().number()));
        return parameters;
    }

    private static Instant instant(Map<String, String> parameters, String key) {
        String value = parameters.get(key);
        if (value == null) {
            throw required("parameters." + key);
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(
                    key + " '" + value + "' is not an ISO-8601 instant such as 2026-01-31T12:00:00Z",
                    "parameters." + key);
        }
    }

    private Monitor readable(
            Stores stores, Principal principal, String projectName, String deploymentName, String name) {
        Project project = access.require(stores, principal, projectName, Role.VIEWER);
        Deployment deployment = DeploymentService.requireDeployment(stores, project, deploymentName);
        return requireMonitor(stores, deployment, name);
    }

    private static Monitor requireMonitor(Stores stores, Deployment deployment, String name) {
        return stores.monitors()
                .findMonitor(deployment.id(), name)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.NOT_FOUND,
                        "monitor '" + name + "' does not exist on deployment '" + deployment.name() + "'",
                        Map.of("monitor", String.valueOf(name))));
    }

    private static ModelyardException required(String field) {
        return invalid("field '" + field + "' is required", field);
    }

    private static ModelyardException invalid(String message, String field) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }
}
