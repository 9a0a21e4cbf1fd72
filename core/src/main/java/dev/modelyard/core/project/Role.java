package dev.modelyard.core.project;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** A member's role in a project, ordered from least to most power. */
public enum Role {
    VIEWER,
    EDITOR,
    OWNER;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean includes(Role required) {
        return compareTo(required) >= 0;
    }

    public static Role fromId(String id) {
        for (Role role : values()) {
            if (role.id().equals(id)) {
                return role;
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "role '" + id + "' is not one of "
                        + Arrays.stream(values()).map(Role::id).toList(),
                Map.of("field", "role"));
    }
}
