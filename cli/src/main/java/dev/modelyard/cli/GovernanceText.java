package dev.modelyard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.api.CheckResultResponse;
import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.api.ReviewResponse;
import dev.modelyard.api.SubmissionResponse;
import dev.modelyard.api.TagEventResponse;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/** How objectives, submissions, reviews, releases and tags read in human output. */
final class GovernanceText {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GovernanceText() {}

    static String objective(ObjectiveResponse objective) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Project", objective.project());
        fields.put("Objective", objective.name());
        fields.put("Description", objective.description());
        fields.put("Task type", objective.taskType());
        fields.put("Label column", objective.labelColumn());
        fields.put("Metrics", metrics(objective.metrics()));
        fields.put("Tags", tags(objective));
        fields.put(
                "Archived",
                objective.archived()
                        ? "yes"
                                + (objective.archivedAt() == null
                                        ? ""
                                        : " (" + Formats.instant(objective.archivedAt()) + ")")
                        : "no");
        fields.put("Created by", objective.createdBy());
        fields.put("Created at", Formats.instant(objective.createdAt()));
        fields.put("ID", objective.id());
        StringBuilder text = new StringBuilder(Table.keyValues(fields));

        text.append("\nCurrent tags:\n");
        Table tags = new Table("TAG", "PROTECTED", "RELEASE");
        Map<String, String> current = objective.currentTags() == null ? Map.of() : objective.currentTags();
        List<String> protectedTags = nullToEmpty(objective.protectedTags());
        for (String tag : tagNames(objective)) {
            tags.addRow(tag, protectedTags.contains(tag) ? "yes" : "no", current.get(tag));
        }
        text.append(indent(tags.render()));

        text.append("\nMetadata fields:\n");
        List<MetadataFieldSpec> metadataFields = nullToEmpty(objective.metadataFields());
        if (metadataFields.isEmpty()) {
            text.append("  none\n");
        } else {
            Table table = new Table("NAME", "TYPE", "REQUIRED", "VALUES", "DESCRIPTION");
            metadataFields.forEach(field -> table.addRow(
                    field.name(),
                    field.type(),
                    Boolean.TRUE.equals(field.required()) ? "yes" : "no",
                    field.allowedValues() == null ? null : String.join(", ", field.allowedValues()),
                    field.description()));
            text.append(indent(table.render()));
        }

        text.append("\nRelease checks:\n");
        List<ReleaseCheckSpec> checks = nullToEmpty(objective.releaseChecks());
        if (checks.isEmpty()) {
            text.append("  none\n");
        } else {
            Table table = new Table("CHECK", "ENFORCEMENT", "RULE");
            checks.forEach(check -> table.addRow(check.kind(), check.enforcement(), GovernanceSpecs.describe(check)));
            text.append(indent(table.render()));
        }
        text.append(EvaluationText.settings(objective.evaluation()));
        return text.toString();
    }

    /** {@code roc_auc (maximize, primary), accuracy (maximize)}. */
    static String metrics(List<MetricSpec> metrics) {
        return nullToEmpty(metrics).stream()
                .map(metric -> metric.name() + " ("
                        + (metric.direction() == null ? "default direction" : metric.direction())
                        + (Boolean.TRUE.equals(metric.primary()) ? ", primary" : "") + ")")
                .collect(Collectors.joining(", "));
    }

    static String primaryMetric(ObjectiveResponse objective) {
        return nullToEmpty(objective.metrics()).stream()
                .filter(metric -> Boolean.TRUE.equals(metric.primary()))
                .map(MetricSpec::name)
                .findFirst()
                .orElse(null);
    }

    /** {@code Staging, Production (protected)}. */
    static String tags(ObjectiveResponse objective) {
        List<String> protectedTags = nullToEmpty(objective.protectedTags());
        return tagNames(objective).stream()
                .map(tag -> protectedTags.contains(tag) ? tag + " (protected)" : tag)
                .collect(Collectors.joining(", "));
    }

    /** {@code Production=1.0.0, Staging=1.1.0}, in the objective's tag order. */
    static String currentTags(ObjectiveResponse objective) {
        Map<String, String> current = objective.currentTags() == null ? Map.of() : objective.currentTags();
        return tagNames(objective).stream()
                .filter(current::containsKey)
                .map(tag -> tag + "=" + current.get(tag))
                .collect(Collectors.joining(", "));
    }

    private static List<String> tagNames(ObjectiveResponse objective) {
        List<String> names = new ArrayList<>(nullToEmpty(objective.tags()));
        if (objective.currentTags() != null) {
            objective.currentTags().keySet().stream()
                    .filter(tag -> !names.contains(tag))
                    .sorted()
                    .forEach(names::add);
        }
        return names;
    }

    static String submission(SubmissionResponse submission) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Objective", submission.objective());
        fields.put("Submission", "#" + submission.number());
        fields.put("Model", submission.model() + " version " + submission.modelVersion());
        fields.put("Status", submission.status());
        fields.put("Approvals", submission.approvals());
        fields.put("Release", submission.release());
        fields.put("Description", submission.description());
        fields.put("Runtime", submission.runtime());
        fields.put("File", submission.fileName());
        fields.put("SHA-256", submission.digest());
        fields.put("Submitted by", submission.submittedBy());
        fields.put("Submitted at", Formats.instant(submission.createdAt()));
        fields.put("Updated at", Formats.instant(submission.updatedAt()));
        fields.put("ID", submission.id());
        StringBuilder text = new StringBuilder(Table.keyValues(fields));
        text.append("\nMetadata:\n");
        if (submission.metadata() == null || submission.metadata().isEmpty()) {
            text.append("  none\n");
        } else {
            text.append(indent(Table.keyValues(submission.metadata().entrySet().stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, entry -> value(entry.getValue()), (a, b) -> a, LinkedHashMap::new)))));
        }
        text.append("\nReviews:\n");
        List<ReviewResponse> reviews = nullToEmpty(submission.reviews());
        text.append(reviews.isEmpty() ? "  none\n" : thread(reviews));
        return text.toString();
    }

    /**
     * Reviews as a thread: each review under the one it answers, indented; top-level reviews (and
     * replies to reviews not in the list) in the order given.
     */
    static String thread(List<ReviewResponse> reviews) {
        Set<String> ids = new HashSet<>();
        reviews.forEach(review -> ids.add(review.id()));
        Map<String, List<ReviewResponse>> replies = new LinkedHashMap<>();
        List<ReviewResponse> roots = new ArrayList<>();
        for (ReviewResponse review : reviews) {
            if (review.inReplyTo() != null && ids.contains(review.inReplyTo())) {
                replies.computeIfAbsent(review.inReplyTo(), key -> new ArrayList<>())
                        .add(review);
            } else {
                roots.add(review);
            }
        }
        StringBuilder text = new StringBuilder();
        Set<String> printed = new HashSet<>();
        roots.forEach(review -> appendReview(text, review, replies, 1, printed));
        return text.toString();
    }

    private static void appendReview(
            StringBuilder text,
            ReviewResponse review,
            Map<String, List<ReviewResponse>> replies,
            int depth,
            Set<String> printed) {
        if (!printed.add(review.id())) {
            return;
        }
        String indent = "  ".repeat(depth);
        text.append(indent)
                .append(Formats.instant(review.createdAt()))
                .append("  ")
                .append(review.author())
                .append("  ")
                .append(verdictText(review.verdict()))
                .append("  [")
                .append(review.id())
                .append("]\n");
        if (review.body() != null && !review.body().isBlank()) {
            review.body()
                    .lines()
                    .forEach(line ->
                            text.append(indent).append("  ").append(line).append('\n'));
        }
        for (ReviewResponse reply : replies.getOrDefault(review.id(), List.of())) {
            appendReview(text, reply, replies, depth + 1, printed);
        }
    }

    /** {@code approved}, {@code requested changes}, {@code rejected}, {@code commented}. */
    /** {@code approved}, {@code requested changes on}, {@code rejected}, {@code commented on}: before an object. */
    static String verdictVerb(String verdict) {
        return switch (Objects.requireNonNullElse(verdict, "")) {
            case "approve" -> "approved";
            case "request_changes" -> "requested changes on";
            case "reject" -> "rejected";
            case "comment" -> "commented on";
            default -> verdict;
        };
    }

    /** {@code approved}, {@code requested changes}, {@code rejected}, {@code commented}. */
    static String verdictText(String verdict) {
        return switch (Objects.requireNonNullElse(verdict, "")) {
            case "approve" -> "approved";
            case "request_changes" -> "requested changes";
            case "reject" -> "rejected";
            case "comment" -> "commented";
            default -> verdict;
        };
    }

    static String release(ReleaseResponse release) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Objective", release.objective());
        fields.put("Release", release.version());
        fields.put("Submission", release.submission() > 0 ? "#" + release.submission() : null);
        fields.put("Model", release.model() + " version " + release.modelVersion());
        fields.put("SHA-256", release.digest());
        fields.put("Runtime", release.runtime());
        fields.put("Tags", String.join(", ", nullToEmpty(release.tags())));
        fields.put("Note", release.note());
        fields.put(
                "Deprecated",
                release.deprecated()
                        ? "yes"
                                + (release.deprecatedAt() == null
                                        ? ""
                                        : " (" + Formats.instant(release.deprecatedAt()) + ")")
                                + (release.deprecationReason() == null ? "" : ": " + release.deprecationReason())
                        : "no");
        fields.put("Origin", release.origin());
        fields.put("Created by", release.createdBy());
        fields.put("Created at", Formats.instant(release.createdAt()));
        fields.put("ID", release.id());
        return Table.keyValues(fields) + "\nRelease checks:\n" + checks(release.checkResults());
    }

    static String checks(List<CheckResultResponse> results) {
        if (results == null || results.isEmpty()) {
            return "  none\n";
        }
        Table table = new Table("CHECK", "ENFORCEMENT", "OUTCOME", "DETAIL");
        results.forEach(result -> table.addRow(
                result.kind(),
                result.enforcement(),
                result.outcome(),
                result.message() == null || result.message().isBlank() ? result.check() : result.message()));
        return indent(table.render());
    }

    /** One {@code warning: …} line on {@code err} for each check that did not pass. */
    static void printWarnings(PrintStream err, List<CheckResultResponse> results) {
        for (CheckResultResponse result : nullToEmpty(results)) {
            if (!"passed".equals(result.outcome())) {
                err.println("warning: release check " + result.kind() + " (" + result.enforcement() + ") "
                        + result.outcome() + ": " + checkMessage(result));
            }
        }
        err.flush();
    }

    private static String checkMessage(CheckResultResponse result) {
        if (result.message() != null && !result.message().isBlank()) {
            return result.check() == null || result.check().isBlank()
                    ? result.message()
                    : result.check() + " — " + result.message();
        }
        return result.check();
    }

    /** {@code put on 1.1.0 (was on 1.0.0)}, {@code removed (was on 1.0.0)}. */
    static String tagMove(TagEventResponse event) {
        String was = event.previous() == null ? "" : " (was on " + event.previous() + ")";
        return (event.release() == null ? "removed" : "put on " + event.release()) + was;
    }

    /** A metadata value as text: strings as they are, anything else as JSON. */
    static String value(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return value.toString();
        }
    }

    static String indent(String lines) {
        return lines.lines().map(line -> "  " + line + "\n").collect(Collectors.joining());
    }

    private static <T> List<T> nullToEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
