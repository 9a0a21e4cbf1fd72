package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Which page of a list to ask for: at most {@code maxResults} items, starting at {@code pageToken}
 * (from the previous page's {@code next_page_token}), optionally only names containing {@code
 * nameContains}. Absent values leave the server's defaults.
 */
public record PageOptions(Optional<Integer> maxResults, Optional<String> pageToken, Optional<String> nameContains) {
    public PageOptions {
        requireNonNull(maxResults, "maxResults is null");
        requireNonNull(pageToken, "pageToken is null");
        requireNonNull(nameContains, "nameContains is null");
        maxResults.ifPresent(max -> {
            if (max < 1) {
                throw new IllegalArgumentException("maxResults must be at least 1, got " + max);
            }
        });
    }

    /** The first page with the server's default size. */
    public static PageOptions firstPage() {
        return new PageOptions(Optional.empty(), Optional.empty(), Optional.empty());
    }

    public PageOptions withMaxResults(int maxResults) {
        return new PageOptions(Optional.of(maxResults), pageToken, nameContains);
    }

    public PageOptions withPageToken(String pageToken) {
        return new PageOptions(
                maxResults, Optional.ofNullable(pageToken).filter(token -> !token.isEmpty()), nameContains);
    }

    public PageOptions withNameContains(String nameContains) {
        return new PageOptions(
                maxResults, pageToken, Optional.ofNullable(nameContains).filter(name -> !name.isEmpty()));
    }
}
