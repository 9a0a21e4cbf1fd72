package dev.modelyard.core.deployment;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A second release called beside a deployment's own answer (the champion's), off the request
 * path, and recorded next to it in the inference history. It never changes or delays the
 * champion's answer.
 *
 * @param target the release it calls: one release ({@code pin}), or the newest release carrying a
 *     tag ({@code track})
 * @param samplingRate the share of calls also sent to the challenger, in (0, 1]
 * @param timeoutMillis how long a challenger call may wait and run; a slower one is recorded as
 *     timed out
 */
public record Challenger(DeploymentTarget target, double samplingRate, long timeoutMillis) {
    public static final double DEFAULT_SAMPLING_RATE = 1.0;
    public static final long DEFAULT_TIMEOUT_MILLIS = 10_000;
    public static final long MAX_TIMEOUT_MILLIS = 600_000;

    public Challenger {
        requireNonNull(target, "target is null");
        if (!(samplingRate > 0 && samplingRate <= 1)) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "challenger.sampling_rate must be more than 0 and at most 1, got " + samplingRate,
                    Map.of("field", "challenger.sampling_rate"));
        }
        if (timeoutMillis < 1 || timeoutMillis > MAX_TIMEOUT_MILLIS) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "challenger.timeout_ms must be between 1 and " + MAX_TIMEOUT_MILLIS + ", got " + timeoutMillis,
                    Map.of("field", "challenger.timeout_ms"));
        }
    }

    /**
     * A challenger calling {@code release} or following {@code tag}: exactly one of the two, or
     * {@link ErrorCode#INVALID_REQUEST}.
     */
    public static Challenger of(
            Optional<String> release, Optional<String> tag, double samplingRate, long timeoutMillis) {
        if (release.isPresent() == tag.isPresent()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "a challenger names either a release ({\"challenger\": {\"release\": \"1.4.0\"}}) or a tag to"
                            + " follow ({\"challenger\": {\"tag\": \"Staging\"}}), not both or neither",
                    Map.of("field", "challenger"));
        }
        DeploymentTarget target =
                release.map(DeploymentTarget::pin).orElseGet(() -> DeploymentTarget.track(tag.orElseThrow()));
        return new Challenger(target, samplingRate, timeoutMillis);
    }

    /** In words, for revisions: {@code pin 1.1.0 (sampling 0.5, timeout 2000 ms)}. */
    public String describe() {
        return target.describe() + " (sampling " + samplingRate + ", timeout " + timeoutMillis + " ms)";
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("target", target.describe());
        state.put("sampling_rate", samplingRate);
        state.put("timeout_ms", timeoutMillis);
        return state;
    }
}
