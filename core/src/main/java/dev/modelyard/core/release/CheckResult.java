package dev.modelyard.core.release;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.objective.ReleaseCheck;
import java.util.Locale;

/** How one release check came out when a release was made. */
public record CheckResult(
        ReleaseCheck.Kind kind, ReleaseCheck.Enforcement enforcement, Outcome outcome, String check, String message) {

    public enum Outcome {
        PASSED,
        FAILED,
        /** The check cannot be decided yet (for example, no evaluation results exist). */
        NOT_EVALUABLE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public CheckResult {
        requireNonNull(kind, "kind is null");
        requireNonNull(enforcement, "enforcement is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(check, "check is null");
        requireNonNull(message, "message is null");
    }

    public boolean blocks() {
        return outcome == Outcome.FAILED && enforcement == ReleaseCheck.Enforcement.BLOCK;
    }
}
