package dev.modelyard.client;

import java.util.Arrays;
import java.util.Locale;

/** A member's role in a project, from least to most power. */
public enum MemberRole {
    VIEWER,
    EDITOR,
    OWNER;

    /** The wire name: {@code viewer}, {@code editor} or {@code owner}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MemberRole fromId(String id) {
        return Arrays.stream(values())
                .filter(role -> role.id().equalsIgnoreCase(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("role '" + id + "' is not one of "
                        + Arrays.stream(values()).map(MemberRole::id).toList()));
    }
}
