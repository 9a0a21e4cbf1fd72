package dev.modelyard.core;

import java.util.Map;
import java.util.regex.Pattern;

/** The rule every human-readable name follows: users, projects, models, tokens. */
public final class Names {
    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_.-]*");

    private Names() {}

    /** Returns the name when valid; throws {@link ErrorCode#INVALID_NAME} saying what is wrong otherwise. */
    public static String requireValid(String kind, String name) {
        if (name == null || name.isEmpty()) {
            throw invalid(kind, name, kind + " name is missing; give a name like 'churn-model'");
        }
        if (name.length() > MAX_LENGTH) {
            throw invalid(
                    kind, name, kind + " name is " + name.length() + " characters long; the limit is " + MAX_LENGTH);
        }
        if (!VALID.matcher(name).matches()) {
            throw invalid(
                    kind,
                    name,
                    kind + " name '" + name + "' is not valid: use lowercase letters, digits and '-', '_' or '.',"
                            + " starting with a letter or digit");
        }
        return name;
    }

    private static ModelyardException invalid(String kind, String name, String message) {
        return new ModelyardException(
                ErrorCode.INVALID_NAME,
                message,
                Map.of("kind", kind, "name", name == null ? "" : name, "pattern", VALID.pattern()));
    }
}
