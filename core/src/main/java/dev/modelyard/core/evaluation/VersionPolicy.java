package dev.modelyard.core.evaluation;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Locale;
import java.util.Map;

/**
 * Which version of an evaluation dataset an objective evaluates on: one pinned version, or always
 * the newest (a new version then re-evaluates the open submissions).
 */
public enum VersionPolicy {
    PINNED,
    LATEST;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static VersionPolicy fromId(String id) {
        for (VersionPolicy policy : values()) {
            if (policy.id().equals(id)) {
                return policy;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "version policy '" + id + "' is not one of [pinned, latest]",
                Map.of("field", "evaluation.datasets.policy"));
    }
}
