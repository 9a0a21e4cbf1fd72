package dev.modelyard.core;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Which page of a list to return: at most {@code maxResults} items sorted by their key, starting
 * after {@code after} (decoded from the opaque page token), optionally only those whose name
 * contains {@code nameContains}.
 */
public record PageRequest(int maxResults, Optional<String> after, Optional<String> nameContains) {
    public static final int DEFAULT_MAX_RESULTS = 100;
    public static final int MAX_MAX_RESULTS = 1000;
    private static final String TOKEN_PREFIX = "v1:";

    public PageRequest {
        if (maxResults < 1 || maxResults > MAX_MAX_RESULTS) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "max_results must be between 1 and " + MAX_MAX_RESULTS + ", got " + maxResults,
                    Map.of("parameter", "max_results"));
        }
        after = after == null ? Optional.empty() : after;
        nameContains = nameContains == null ? Optional.empty() : nameContains.filter(s -> !s.isEmpty());
    }

    public static PageRequest first(int maxResults) {
        return new PageRequest(maxResults, Optional.empty(), Optional.empty());
    }

    public static PageRequest all() {
        return first(MAX_MAX_RESULTS);
    }

    /** Parses the wire parameters; {@code null} means absent. */
    public static PageRequest of(Integer maxResults, String pageToken, String nameContains) {
        return new PageRequest(
                maxResults == null ? DEFAULT_MAX_RESULTS : maxResults,
                Optional.ofNullable(pageToken).filter(token -> !token.isEmpty()).map(PageRequest::decodeToken),
                Optional.ofNullable(nameContains));
    }

    static String encodeToken(String sortKey) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((TOKEN_PREFIX + sortKey).getBytes(StandardCharsets.UTF_8));
    }

    private static String decodeToken(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith(TOKEN_PREFIX)) {
                return decoded.substring(TOKEN_PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // fall through to the error below
        }
        throw new ModelyardException(
                ErrorCode.INVALID_PAGE_TOKEN,
                "page_token is not one this server handed out; start again without it",
                Map.of("parameter", "page_token"));
    }
}
