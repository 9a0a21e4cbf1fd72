package dev.modelyard.core.bundle;

import static dev.modelyard.core.bundle.BundleFormat.invalid;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelService;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.model.UploadedFile;
import dev.modelyard.core.modelpackage.InspectedModel;
import dev.modelyard.core.modelpackage.ModelPackageInspector;
import dev.modelyard.core.objective.MetadataField;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ObjectiveDefinition;
import dev.modelyard.core.objective.ObjectiveDefinition.MetricRequest;
import dev.modelyard.core.objective.ObjectiveService;
import dev.modelyard.core.objective.ReleaseCheck;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.release.CheckResult;
import dev.modelyard.core.release.Release;
import dev.modelyard.core.release.ReleaseService;
import dev.modelyard.core.release.ReleaseVersions;
import dev.modelyard.core.release.ReleaseView;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionService;
import dev.modelyard.core.submission.SubmissionStatus;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserRef;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Release bundles: one self-contained zip holding a release, its submission snapshot, the objective
 * it belongs to, the artifact and checksums ({@code bundle.json}, {@code artifact/<file>}, {@code
 * checksums.sha256}). Importing one into another instance recreates the release with the same
 * version string and the same artifact digest, carrying no tags.
 */
public final class BundleService {
    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final BlobStore blobs;
    private final ModelPackageInspector inspector;
    private final ModelService models;
    private final ObjectiveService objectives;
    private final ReleaseService releases;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public BundleService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            BlobStore blobs,
            ModelPackageInspector inspector,
            ModelService models,
            ObjectiveService objectives,
            ReleaseService releases,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.inspector = requireNonNull(inspector, "inspector is null");
        this.models = requireNonNull(models, "models is null");
        this.objectives = requireNonNull(objectives, "objectives is null");
        this.releases = requireNonNull(releases, "releases is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /** Writes the bundle of one release to {@code out}; the caller closes it. */
    public void export(Principal principal, String projectName, String objectiveName, String version, OutputStream out)
            throws IOException {
        ReleaseView view = releases.get(principal, projectName, objectiveName, version);
        Objective objective = objectives.get(principal, projectName, objectiveName);
        Submission submission = view.submission();
        String artifactPath = BundleFormat.ARTIFACT_FOLDER + artifactName(submission);
        byte[] descriptor = json.writeValueAsBytes(descriptor(projectName, objective, view, artifactPath));
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(BundleFormat.DESCRIPTOR));
            zip.write(descriptor);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(artifactPath));
            String copied;
            try (InputStream artifact = blobs.open(submission.digest())) {
                copied = copyHashing(artifact, zip);
            }
            zip.closeEntry();
            if (!copied.equals(submission.digest())) {
                throw new ModelyardException(
                        ErrorCode.INTERNAL,
                        "the stored artifact " + submission.digest() + " is corrupt (its content hashes to " + copied
                                + "); restore it from a backup",
                        Map.of("digest", submission.digest()));
            }
            zip.putNextEntry(new ZipEntry(BundleFormat.CHECKSUMS));
            String checksums = sha256(descriptor) + "  " + BundleFormat.DESCRIPTOR + "\n" + submission.digest() + "  "
                    + artifactPath + "\n";
            zip.write(checksums.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    /**
     * Imports a bundle (already on disk) into a project: creates the objective and the model when
     * they are missing, records the artifact as a model version (or reuses the model's version with
     * the same digest), and recreates the approved submission and the release, without tags.
     * Everything is checked before anything is written; the file is left for the caller to delete.
     */
    /** A release imported from a bundle, with the name of the objective it landed in. */
    public record ImportedRelease(String objective, ReleaseView release) {}

    public ImportedRelease importBundle(Principal principal, String projectName, Path bundleFile) {
        transactions.read(stores -> access.require(stores, principal, projectName, Role.EDITOR));
        Path staged = null;
        try (ZipFile zip = openZip(bundleFile)) {
            Map<String, ZipEntry> entries = entries(zip);
            byte[] descriptorBytes = readDescriptor(zip, entries);
            JsonNode descriptor = parse(descriptorBytes);
            Map<String, String> checksums = checksums(zip, entries);
            if (!sha256(descriptorBytes).equals(checksums.get(BundleFormat.DESCRIPTOR))) {
                throw invalid("bundle.json does not match its checksum in checksums.sha256");
            }
            JsonNode submissionNode = required(descriptor, "submission");
            JsonNode releaseNode = required(descriptor, "release");
            String digest = text(submissionNode, "digest");
            String artifactPath = text(required(descriptor, "artifact"), "path");
            ZipEntry artifactEntry = entries.get(artifactPath);
            if (artifactEntry == null || !digest.equals(checksums.get(artifactPath))) {
                throw invalid("the artifact " + artifactPath + " is missing or its checksum is not listed");
            }
            String version = ReleaseVersions.requireValid(text(releaseNode, "version"));
            String objectiveName = text(required(descriptor, "objective"), "name");
            ObjectiveDefinition definition = definition(required(descriptor, "objective"));
            String modelName = text(submissionNode, "model");

            staged = blobs.newStagingFile();
            long size;
            String stagedDigest;
            long declaredSize = submissionNode.path("size_bytes").asLong(-1);
            if (declaredSize < 0) {
                throw invalid("bundle.json lacks the artifact's size_bytes");
            }
            try (InputStream in = zip.getInputStream(artifactEntry);
                    OutputStream out = Files.newOutputStream(staged)) {
                stagedDigest = copyHashing(in, out, declaredSize);
            }
            size = Files.size(staged);
            if (!stagedDigest.equals(digest)) {
                throw invalid("the artifact's content does not match its digest " + digest);
            }
            String fileName = artifactPath.substring(BundleFormat.ARTIFACT_FOLDER.length());
            UploadedFile upload = new UploadedFile(staged, digest, size, fileName, Optional.empty());
            InspectedModel inspected = inspector.inspect(staged, fileName, Optional.empty());
            blobs.commit(staged, digest);
            return transactions.inTransaction(stores -> {
                Project project = access.require(stores, principal, projectName, Role.EDITOR);
                Objective objective = stores.objectives()
                        .findObjective(project.id(), objectiveName)
                        .orElseGet(() -> objectives.insertNew(stores, principal, project, objectiveName, definition));
                if (objective.archived()) {
                    throw new ModelyardException(
                            ErrorCode.CONFLICT,
                            "objective '" + objectiveName + "' is archived; unarchive it to import releases",
                            Map.of("objective", objectiveName));
                }
                if (stores.releases().findRelease(objective.id(), version).isPresent()) {
                    throw new ModelyardException(
                            ErrorCode.ALREADY_EXISTS,
                            "release " + version + " already exists in objective '" + objectiveName + "'",
                            Map.of("version", version));
                }
                Map<String, Object> metadata = SubmissionService.validMetadata(
                        objective, json.convertValue(submissionNode.path("metadata"), mapType()));
                Model model = stores.models().findModel(project.id(), modelName).orElseGet(() -> {
                    Model created = new Model(
                            UUID.randomUUID().toString(),
                            project.id(),
                            modelName,
                            "imported from a release bundle",
                            UserRef.of(principal),
                            clock.instant());
                    stores.models().insertModel(created);
                    audit.record(
                            stores,
                            principal,
                            Optional.of(project.id()),
                            new Change("model.create", "model", created.id(), modelName, null, created.auditState()));
                    return created;
                });
                ModelVersion modelVersion = existingVersionWithDigest(stores, model, digest)
                        .orElseGet(() -> models.recordVersion(stores, principal, project, model, upload, inspected));
                String origin =
                        "imported from release " + version + " of " + text(required(descriptor, "source"), "project")
                                + "/" + objectiveName + ", exported " + text(descriptor, "exported_at");
                Submission submission = new Submission(
                        UUID.randomUUID().toString(),
                        objective.id(),
                        stores.submissions().reserveNextSubmissionNumber(objective.id()),
                        model.id(),
                        model.name(),
                        modelVersion.id(),
                        modelVersion.number(),
                        modelVersion.digest(),
                        modelVersion.sizeBytes(),
                        modelVersion.runtime(),
                        modelVersion.format(),
                        modelVersion.fileName(),
                        modelVersion.signature(),
                        modelVersion.manifest(),
                        metadata,
                        submissionNode.path("description").asText(""),
                        SubmissionStatus.APPROVED,
                        UserRef.of(principal),
                        clock.instant(),
                        clock.instant());
                stores.submissions().insertSubmission(submission);
                audit.record(
                        stores,
                        principal,
                        Optional.of(project.id()),
                        new Change(
                                "submission.import",
                                "submission",
                                submission.id(),
                                objectiveName + "#" + submission.number(),
                                null,
                                submission.auditState()));
                Release release = new Release(
                        UUID.randomUUID().toString(),
                        objective.id(),
                        version,
                        submission.id(),
                        submission.number(),
                        releaseNode.path("note").asText(""),
                        checkResults(releaseNode.path("check_results")),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(origin),
                        UserRef.of(principal),
                        clock.instant());
                stores.releases().insertRelease(release);
                audit.record(
                        stores,
                        principal,
                        Optional.of(project.id()),
                        new Change(
                                "release.import",
                                "release",
                                release.id(),
                                objectiveName + "@" + version,
                                null,
                                release.auditState()));
                return new ImportedRelease(objective.name(), new ReleaseView(release, submission, List.of()));
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the bundle", e);
        } finally {
            if (staged != null) {
                try {
                    Files.deleteIfExists(staged);
                } catch (IOException ignored) {
                    // swept at the next start
                }
            }
        }
    }

    private Map<String, Object> descriptor(
            String projectName, Objective objective, ReleaseView view, String artifactPath) {
        Release release = view.release();
        Submission submission = view.submission();
        Map<String, Object> descriptor = new LinkedHashMap<>();
        descriptor.put("format", BundleFormat.FORMAT);
        descriptor.put("format_version", BundleFormat.VERSION);
        descriptor.put("exported_at", clock.instant().toString());
        descriptor.put("source", Map.of("project", projectName, "objective", objective.name()));

        Map<String, Object> objectiveNode = new LinkedHashMap<>();
        objectiveNode.put("name", objective.name());
        objectiveNode.put("description", objective.description());
        objectiveNode.put("task_type", objective.taskType().id());
        objectiveNode.put("label_column", objective.labelColumn());
        objectiveNode.put(
                "metrics",
                objective.metrics().stream()
                        .map(metric -> Map.of(
                                "name",
                                metric.name(),
                                "direction",
                                metric.direction().id(),
                                "primary",
                                metric.primary()))
                        .toList());
        objectiveNode.put("tags", objective.tags());
        objectiveNode.put("protected_tags", objective.protectedTags());
        objectiveNode.put(
                "metadata_fields",
                objective.metadataFields().stream().map(BundleService::field).toList());
        objectiveNode.put(
                "release_checks",
                objective.releaseChecks().stream().map(BundleService::check).toList());
        descriptor.put("objective", objectiveNode);

        Map<String, Object> releaseNode = new LinkedHashMap<>();
        releaseNode.put("version", release.version());
        releaseNode.put("note", release.note());
        releaseNode.put("created_by", release.createdBy().name());
        releaseNode.put("created_at", release.createdAt().toString());
        releaseNode.put(
                "check_results",
                release.checkResults().stream()
                        .map(result -> Map.of(
                                "kind", result.kind().id(),
                                "enforcement", result.enforcement().id(),
                                "outcome", result.outcome().id(),
                                "check", result.check(),
                                "message", result.message()))
                        .toList());
        release.deprecationReason().ifPresent(reason -> releaseNode.put("deprecation_reason", reason));
        descriptor.put("release", releaseNode);

        Map<String, Object> submissionNode = new LinkedHashMap<>();
        submissionNode.put("number", submission.number());
        submissionNode.put("model", submission.modelName());
        submissionNode.put("model_version", submission.modelVersionNumber());
        submissionNode.put("digest", submission.digest());
        submissionNode.put("size_bytes", submission.sizeBytes());
        submissionNode.put("runtime", submission.runtime());
        submissionNode.put("format", submission.format());
        submissionNode.put("file_name", submission.fileName());
        submissionNode.put(
                "signature",
                Map.of(
                        "inputs", submission.signature().inputs(),
                        "outputs", submission.signature().outputs(),
                        "feature_names", submission.signature().featureNames()));
        submissionNode.put("manifest", submission.manifest());
        submissionNode.put("metadata", submission.metadata());
        submissionNode.put("description", submission.description());
        submissionNode.put("submitted_by", submission.submittedBy().name());
        submissionNode.put("created_at", submission.createdAt().toString());
        descriptor.put("submission", submissionNode);
        descriptor.put("metric_sets", List.of());
        descriptor.put(
                "artifact",
                Map.of("path", artifactPath, "sha256", submission.digest(), "size_bytes", submission.sizeBytes()));
        return descriptor;
    }

    private static Map<String, Object> field(MetadataField field) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("name", field.name());
        node.put("type", field.type().id());
        node.put("required", field.required());
        node.put("description", field.description());
        node.put("allowed_values", field.allowedValues());
        return node;
    }

    private static Map<String, Object> check(ReleaseCheck check) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("kind", check.kind().id());
        node.put("enforcement", check.enforcement().id());
        check.minApprovals().ifPresent(value -> node.put("min_approvals", value));
        check.threshold().ifPresent(value -> node.put("threshold", value));
        check.tag().ifPresent(value -> node.put("tag", value));
        check.maxRegression().ifPresent(value -> node.put("max_regression", value));
        return node;
    }

    private static ObjectiveDefinition definition(JsonNode node) {
        List<MetricRequest> metrics = new ArrayList<>();
        node.path("metrics")
                .forEach(metric -> metrics.add(new MetricRequest(
                        text(metric, "name"),
                        Optional.of(MetricDirection.fromId(text(metric, "direction"))),
                        Optional.of(metric.path("primary").asBoolean(false)))));
        List<MetadataField> fields = new ArrayList<>();
        node.path("metadata_fields").forEach(field -> {
            List<String> allowed = new ArrayList<>();
            field.path("allowed_values").forEach(value -> allowed.add(value.asText()));
            fields.add(new MetadataField(
                    text(field, "name"),
                    MetadataField.Type.fromId(text(field, "type")),
                    field.path("required").asBoolean(false),
                    field.path("description").asText(""),
                    allowed));
        });
        List<ReleaseCheck> checks = new ArrayList<>();
        node.path("release_checks")
                .forEach(check -> checks.add(new ReleaseCheck(
                        ReleaseCheck.Kind.fromId(text(check, "kind")),
                        ReleaseCheck.Enforcement.fromId(text(check, "enforcement")),
                        optionalInt(check, "min_approvals"),
                        optionalDouble(check, "threshold"),
                        check.hasNonNull("tag") ? Optional.of(check.get("tag").asText()) : Optional.empty(),
                        optionalDouble(check, "max_regression"))));
        return new ObjectiveDefinition(
                Optional.of(node.path("description").asText("")),
                Optional.of(TaskType.fromId(text(node, "task_type"))),
                Optional.of(node.path("label_column").asText("")),
                Optional.of(metrics),
                Optional.of(strings(node.path("tags"))),
                Optional.of(strings(node.path("protected_tags"))),
                Optional.of(fields),
                Optional.of(checks),
                // evaluation datasets belong to the exporting project; the importer adds its own
                Optional.empty(),
                Optional.empty());
    }

    private static List<CheckResult> checkResults(JsonNode node) {
        List<CheckResult> results = new ArrayList<>();
        node.forEach(result -> results.add(new CheckResult(
                ReleaseCheck.Kind.fromId(text(result, "kind")),
                ReleaseCheck.Enforcement.fromId(text(result, "enforcement")),
                CheckResult.Outcome.valueOf(text(result, "outcome").toUpperCase(java.util.Locale.ROOT)),
                text(result, "check"),
                text(result, "message"))));
        return results;
    }

    private static Optional<ModelVersion> existingVersionWithDigest(
            dev.modelyard.core.tx.Stores stores, Model model, String digest) {
        return stores.models().listVersions(model.id(), dev.modelyard.core.PageRequest.all()).stream()
                .filter(version -> version.digest().equals(digest))
                .findFirst();
    }

    private static String artifactName(Submission submission) {
        String name = submission.fileName().replaceAll("[^A-Za-z0-9._-]", "_");
        return name.isBlank() || name.startsWith(".") ? submission.digest() : name;
    }

    private static ZipFile openZip(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw invalid("the file is not a zip archive");
        }
    }

    private static Map<String, ZipEntry> entries(ZipFile zip) {
        Map<String, ZipEntry> entries = new LinkedHashMap<>();
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
            ZipEntry entry = all.nextElement();
            String name = entry.getName();
            boolean artifact = name.startsWith(BundleFormat.ARTIFACT_FOLDER)
                    && name.indexOf('/', BundleFormat.ARTIFACT_FOLDER.length()) < 0
                    && name.length() > BundleFormat.ARTIFACT_FOLDER.length()
                    && !name.contains("..");
            if (!artifact && !name.equals(BundleFormat.DESCRIPTOR) && !name.equals(BundleFormat.CHECKSUMS)) {
                throw invalid("unexpected entry '" + name + "'; a bundle holds bundle.json, checksums.sha256 and"
                        + " one file under artifact/");
            }
            if (entries.put(name, entry) != null) {
                throw invalid("entry '" + name + "' appears twice");
            }
        }
        if (entries.keySet().stream()
                        .filter(name -> name.startsWith(BundleFormat.ARTIFACT_FOLDER))
                        .count()
                != 1) {
            throw invalid("a bundle holds exactly one file under artifact/");
        }
        return entries;
    }

    private static byte[] readDescriptor(ZipFile zip, Map<String, ZipEntry> entries) throws IOException {
        ZipEntry entry = entries.get(BundleFormat.DESCRIPTOR);
        if (entry == null) {
            throw invalid("bundle.json is missing");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) BundleFormat.MAX_DESCRIPTOR_BYTES + 1);
            if (bytes.length > BundleFormat.MAX_DESCRIPTOR_BYTES) {
                throw invalid("bundle.json is larger than " + BundleFormat.MAX_DESCRIPTOR_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private JsonNode parse(byte[] descriptorBytes) {
        JsonNode descriptor;
        try {
            descriptor = json.readTree(descriptorBytes);
        } catch (IOException e) {
            throw invalid("bundle.json is not valid JSON");
        }
        if (!BundleFormat.FORMAT.equals(descriptor.path("format").asText())) {
            throw invalid("bundle.json does not say it is a " + BundleFormat.FORMAT);
        }
        if (descriptor.path("format_version").asInt() != BundleFormat.VERSION) {
            throw invalid(
                    "bundle format version " + descriptor.path("format_version").asText()
                            + " is not supported; this server reads version " + BundleFormat.VERSION);
        }
        return descriptor;
    }

    private static Map<String, String> checksums(ZipFile zip, Map<String, ZipEntry> entries) throws IOException {
        ZipEntry entry = entries.get(BundleFormat.CHECKSUMS);
        if (entry == null) {
            throw invalid("checksums.sha256 is missing");
        }
        Map<String, String> checksums = new LinkedHashMap<>();
        try (InputStream in = zip.getInputStream(entry)) {
            String text = new String(in.readNBytes(1024 * 1024), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                String[] parts = line.strip().split("\\s+", 2);
                if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                    throw invalid("checksums.sha256 has a malformed line: " + line);
                }
                checksums.put(parts[1], parts[0]);
            }
        }
        return checksums;
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw invalid("bundle.json lacks '" + field + "'");
        }
        return value;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = required(node, field);
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw invalid("bundle.json field '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static List<String> strings(JsonNode node) {
        List<String> values = new ArrayList<>();
        node.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static Optional<Integer> optionalInt(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asInt()) : Optional.empty();
    }

    private static Optional<Double> optionalDouble(JsonNode node, String field) {
        return node.hasNonNull(field) ? Optional.of(node.get(field).asDouble()) : Optional.empty();
    }

    private static com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>> mapType() {
        return new com.fasterxml.jackson.core.type.TypeReference<>() {};
    }

    private static String copyHashing(InputStream in, OutputStream out) throws IOException {
        return copyHashing(in, out, Long.MAX_VALUE);
    }

    /** Copies at most {@code limit} bytes; a longer stream is refused (a forged entry cannot fill the disk). */
    private static String copyHashing(InputStream in, OutputStream out, long limit) throws IOException {
        MessageDigest digest = sha256Digest();
        byte[] buffer = new byte[64 * 1024];
        long copied = 0;
        int read;
        while ((read = in.read(buffer)) > 0) {
            copied += read;
            if (copied > limit) {
                throw invalid("the artifact is larger than the " + limit + " bytes bundle.json declares");
            }
            digest.update(buffer, 0, read);
            out.write(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
