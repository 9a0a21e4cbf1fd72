package dev.modelyard.core.release;

import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.evaluation.EvaluationDataset;
import dev.modelyard.core.evaluation.EvaluationQueue;
import dev.modelyard.core.evaluation.EvaluationService;
import dev.modelyard.core.evaluation.MetricSetRecord;
import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ReleaseCheck;
import dev.modelyard.core.release.CheckResult.Outcome;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.tx.Stores;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Runs an objective's release checks against a submission about to be released. Metric checks
 * read the primary metric on all rows of the current version of the objective's first
 * evaluation dataset. Once an objective evaluates, a metric check that cannot be decided (the
 * submission is not evaluated yet, its evaluation failed, the metric is undefined) fails: a
 * release is never let through on a number nobody has. Only an objective with no evaluation
 * datasets reports its metric checks as not evaluable.
 */
final class ReleaseChecks {
    static final String NO_EVALUATIONS =
            "not evaluable: the objective names no evaluation datasets, so no" + " metrics are computed for it";

    private ReleaseChecks() {}

    static List<CheckResult> run(Stores stores, Objective objective, Submission submission, int approvals) {
        return objective.releaseChecks().stream()
                .map(check -> switch (check.kind()) {
                    case MIN_APPROVALS -> approvals(check, approvals);
                    case PRIMARY_METRIC_AT_LEAST -> atLeast(stores, objective, submission, check);
                    case PRIMARY_METRIC_NOT_WORSE_THAN_TAG -> notWorseThanTag(stores, objective, submission, check);
                })
                .toList();
    }

    private static CheckResult approvals(ReleaseCheck check, int approvals) {
        int needed = check.minApprovals().orElseThrow();
        return approvals >= needed
                ? result(check, Outcome.PASSED, "approved by " + approvals + " reviewer(s)")
                : result(
                        check,
                        Outcome.FAILED,
                        "approved by " + approvals + " reviewer(s) other than the submitter; " + needed + " needed");
    }

    /** The primary metric of a submission on the current primary evaluation version, or why not. */
    private record Evidence(Optional<Double> value, String where, String missing) {}

    private static Optional<Evidence> evidence(Stores stores, Objective objective, Submission submission) {
        Optional<EvaluationDataset> dataset = objective.evaluation().primaryDataset();
        if (dataset.isEmpty()) {
            return Optional.empty();
        }
        Metric primary = objective.primaryMetric().orElseThrow();
        Optional<DatasetVersion> version = EvaluationQueue.currentVersion(stores, dataset.get());
        if (version.isEmpty()) {
            return Optional.of(new Evidence(
                    Optional.empty(),
                    "dataset '" + dataset.get().datasetName() + "'",
                    "dataset '" + dataset.get().datasetName() + "' has no version to evaluate on yet"));
        }
        String where = "dataset '" + dataset.get().datasetName() + "' version "
                + version.get().number();
        Optional<MetricSetRecord> set = EvaluationService.metricSetFor(
                stores, objective, submission.id(), version.get().id(), Optional.empty());
        if (set.isEmpty()) {
            return Optional.of(new Evidence(
                    Optional.empty(),
                    where,
                    "submission " + submission.number() + " has no metrics on " + where + " ("
                            + EvaluationService.evaluationState(stores, objective, submission, version.get()) + ")"));
        }
        OptionalDouble value = set.get().metrics().value(primary.name());
        if (value.isEmpty()) {
            return Optional.of(new Evidence(
                    Optional.empty(),
                    where,
                    primary.name() + " of submission " + submission.number() + " on " + where + " is undefined: "
                            + set.get().metrics().undefined().getOrDefault(primary.name(), "not computed")));
        }
        return Optional.of(new Evidence(Optional.of(value.getAsDouble()), where, ""));
    }

    private static CheckResult atLeast(Stores stores, Objective objective, Submission submission, ReleaseCheck check) {
        Optional<Evidence> evidence = evidence(stores, objective, submission);
        if (evidence.isEmpty()) {
            return result(check, Outcome.NOT_EVALUABLE, NO_EVALUATIONS);
        }
        if (evidence.get().value().isEmpty()) {
            return result(check, Outcome.FAILED, evidence.get().missing());
        }
        Metric primary = objective.primaryMetric().orElseThrow();
        double value = evidence.get().value().get();
        double threshold = check.threshold().orElseThrow();
        boolean passes = primary.direction() == MetricDirection.MAXIMIZE ? value >= threshold : value <= threshold;
        String comparison = primary.direction() == MetricDirection.MAXIMIZE ? " ≥ " : " ≤ ";
        return result(
                check,
                passes ? Outcome.PASSED : Outcome.FAILED,
                primary.name() + " is " + value + " on " + evidence.get().where() + "; " + (passes ? "" : "not ")
                        + primary.name() + comparison + threshold);
    }

    private static CheckResult notWorseThanTag(
            Stores stores, Objective objective, Submission submission, ReleaseCheck check) {
        Optional<Evidence> mine = evidence(stores, objective, submission);
        if (mine.isEmpty()) {
            return result(check, Outcome.NOT_EVALUABLE, NO_EVALUATIONS);
        }
        String tag = check.tag().orElseThrow();
        String holderId = stores.releases().currentTags(objective.id()).get(tag);
        if (holderId == null) {
            return result(check, Outcome.PASSED, "no release is tagged " + tag + "; nothing to compare with");
        }
        Release holder = stores.releases().findReleaseById(holderId).orElseThrow();
        if (mine.get().value().isEmpty()) {
            return result(check, Outcome.FAILED, mine.get().missing());
        }
        Submission theirs =
                stores.submissions().findSubmissionById(holder.submissionId()).orElseThrow();
        Evidence reference = evidence(stores, objective, theirs).orElseThrow();
        if (reference.value().isEmpty()) {
            return result(
                    check,
                    Outcome.FAILED,
                    "cannot compare with release " + holder.version() + " (tagged " + tag + "): " + reference.missing()
                            + "; evaluate it on the same version first");
        }
        Metric primary = objective.primaryMetric().orElseThrow();
        double value = mine.get().value().get();
        double other = reference.value().get();
        double worseBy = primary.direction() == MetricDirection.MAXIMIZE ? other - value : value - other;
        double allowed = check.maxRegression().orElseThrow();
        boolean passes = worseBy <= allowed;
        return result(
                check,
                passes ? Outcome.PASSED : Outcome.FAILED,
                primary.name() + " is " + value + " against " + other + " of release " + holder.version()
                        + " (tagged " + tag + ") on " + mine.get().where() + "; "
                        + (worseBy > 0 ? "worse by " + worseBy : "not worse") + (passes ? ", within " : ", more than ")
                        + allowed);
    }

    private static CheckResult result(ReleaseCheck check, Outcome outcome, String message) {
        return new CheckResult(check.kind(), check.enforcement(), outcome, check.describe(), message);
    }
}
