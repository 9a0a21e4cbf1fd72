package dev.modelyard.core.deployment;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Locale;
import java.util.Map;

/**
 * Who may call a deployment's inference endpoints: anyone ({@code PUBLIC}), any signed-in user or a
 * key of the deployment ({@code INSTANCE}), or a project member or a key ({@code PROJECT}).
 */
public enum AccessLevel {
    PUBLIC,
    INSTANCE,
    PROJECT;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccessLevel fromId(String id) {
        for (AccessLevel level : values()) {
            if (level.id().equals(id)) {
                return level;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "access '" + id + "' is not one of [public, instance, project]",
                Map.of("field", "access"));
    }
}
