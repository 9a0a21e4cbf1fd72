package dev.modelyard.core.release;

import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ReleaseCheck;
import dev.modelyard.core.release.CheckResult.Outcome;
import java.util.List;

/** Runs an objective's release checks against a submission about to be released. */
final class ReleaseChecks {
    static final String NO_EVALUATIONS = "not evaluable yet: the objective has no evaluation results; metric"
            + " checks are enforced once submissions are evaluated";

    private ReleaseChecks() {}

    static List<CheckResult> run(Objective objective, int approvals) {
        return objective.releaseChecks().stream()
                .map(check -> switch (check.kind()) {
                    case MIN_APPROVALS -> approvals(check, approvals);
                    case PRIMARY_METRIC_AT_LEAST, PRIMARY_METRIC_NOT_WORSE_THAN_TAG ->
                        result(check, Outcome.NOT_EVALUABLE, NO_EVALUATIONS);
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

    private static CheckResult result(ReleaseCheck check, Outcome outcome, String message) {
        return new CheckResult(check.kind(), check.enforcement(), outcome, check.describe(), message);
    }
}
