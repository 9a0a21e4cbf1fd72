package dev.modelyard.core.release;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.Map;
import java.util.regex.Pattern;

/** The release version string rule: SemVer-like {@code MAJOR.MINOR.PATCH[-pre]}. */
public final class ReleaseVersions {
    private static final Pattern VERSION = Pattern.compile(
            "(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})\\.(0|[1-9]\\d{0,8})(-[0-9A-Za-z][0-9A-Za-z.-]{0,63})?");

    private ReleaseVersions() {}

    public static String requireValid(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_RELEASE_VERSION,
                    "release version '" + version + "' is not of the form MAJOR.MINOR.PATCH[-pre], for example"
                            + " 1.4.0 or 2.0.0-rc.1",
                    Map.of("version", String.valueOf(version)));
        }
        return version;
    }
}
