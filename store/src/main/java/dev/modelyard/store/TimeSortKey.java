package dev.modelyard.store;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sort key of lists paged newest first, {@code <epochSecond>.<9-digit nanos>:<id>} (as {@link
 * dev.modelyard.core.audit.AuditEvent#sortKey()} and {@link dev.modelyard.core.release.Release#sortKey()}
 * write it), parsed back from a page token.
 */
record TimeSortKey(Instant at, String id) {
    private static final Pattern FORMAT = Pattern.compile("(-?[0-9]{1,19})\\.([0-9]{9}):(.+)", Pattern.DOTALL);

    /** Parses a key; throws {@link ErrorCode#INVALID_PAGE_TOKEN} for anything else. */
    static TimeSortKey parse(String key) {
        Matcher matcher = FORMAT.matcher(key);
        if (matcher.matches()) {
            try {
                Instant at =
                        Instant.ofEpochSecond(Long.parseLong(matcher.group(1)), Integer.parseInt(matcher.group(2)));
                EpochMicros.toMicros(at); // within the range the column can hold
                return new TimeSortKey(at, matcher.group(3));
            } catch (NumberFormatException | DateTimeException | ArithmeticException e) {
                // fall through to the error below
            }
        }
        throw new ModelyardException(
                ErrorCode.INVALID_PAGE_TOKEN,
                "page_token is not one this server handed out; start again without it",
                Map.of("parameter", "page_token"));
    }
}
