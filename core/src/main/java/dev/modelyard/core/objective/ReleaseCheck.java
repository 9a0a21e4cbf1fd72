package dev.modelyard.core.objective;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A rule a release must satisfy, stored on the objective and enforced at release time. A {@code
 * BLOCK} check that fails refuses the release; a {@code WARN} check that fails is recorded on it.
 *
 * <ul>
 *   <li>{@code MIN_APPROVALS}: approved by at least {@code minApprovals} reviewers other than the
 *       submitter;
 *   <li>{@code PRIMARY_METRIC_AT_LEAST}: the primary metric is at least {@code threshold} (for a
 *       metric to minimise: at most);
 *   <li>{@code PRIMARY_METRIC_NOT_WORSE_THAN_TAG}: the primary metric is not worse than that of the
 *       release currently tagged {@code tag} by more than {@code maxRegression}.
 * </ul>
 */
public record ReleaseCheck(
        Kind kind,
        Enforcement enforcement,
        Optional<Integer> minApprovals,
        Optional<Double> threshold,
        Optional<String> tag,
        Optional<Double> maxRegression) {

    public enum Kind {
        MIN_APPROVALS,
        PRIMARY_METRIC_AT_LEAST,
        PRIMARY_METRIC_NOT_WORSE_THAN_TAG;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id().equals(id)) {
                    return kind;
                }
            }
            throw invalid("release check kind '" + id + "' is not one of [min_approvals, primary_metric_at_least,"
                    + " primary_metric_not_worse_than_tag]");
        }
    }

    public enum Enforcement {
        BLOCK,
        WARN;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Enforcement fromId(String id) {
            for (Enforcement enforcement : values()) {
                if (enforcement.id().equals(id)) {
                    return enforcement;
                }
            }
            throw invalid("release check enforcement '" + id + "' is not one of [block, warn]");
        }
    }

    public ReleaseCheck {
        requireNonNull(kind, "kind is null");
        requireNonNull(enforcement, "enforcement is null");
        requireNonNull(minApprovals, "minApprovals is null");
        requireNonNull(threshold, "threshold is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(maxRegression, "maxRegression is null");
        switch (kind) {
            case MIN_APPROVALS -> {
                if (minApprovals.isEmpty() || minApprovals.get() < 1) {
                    throw invalid("a min_approvals check needs min_approvals of at least 1");
                }
            }
            case PRIMARY_METRIC_AT_LEAST -> {
                if (threshold.isEmpty() || !Double.isFinite(threshold.get())) {
                    throw invalid("a primary_metric_at_least check needs a finite threshold");
                }
            }
            case PRIMARY_METRIC_NOT_WORSE_THAN_TAG -> {
                if (tag.isEmpty() || maxRegression.isEmpty() || maxRegression.get() < 0) {
                    throw invalid("a primary_metric_not_worse_than_tag check needs a tag and a max_regression ≥ 0");
                }
            }
        }
    }

    public static ReleaseCheck minApprovals(int count, Enforcement enforcement) {
        return new ReleaseCheck(
                Kind.MIN_APPROVALS,
                enforcement,
                Optional.of(count),
                Optional.empty(),
                Optional.empty(),
                Optional.empty());
    }

    /** What a person reads in a check list: "approved by at least 2 reviewers other than the submitter". */
    public String describe() {
        return switch (kind) {
            case MIN_APPROVALS ->
                "approved by at least " + minApprovals.orElseThrow() + " reviewer(s) other than the submitter";
            case PRIMARY_METRIC_AT_LEAST -> "primary metric at least " + threshold.orElseThrow();
            case PRIMARY_METRIC_NOT_WORSE_THAN_TAG ->
                "primary metric not worse than the release tagged " + tag.orElseThrow() + " by more than "
                        + maxRegression.orElseThrow();
        };
    }

    private static ModelyardException invalid(String message) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of("field", "release_checks"));
    }
}
