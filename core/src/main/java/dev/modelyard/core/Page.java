package dev.modelyard.core;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One page of a list, and the token that fetches the next one (absent on the last page). */
public record Page<T>(List<T> items, Optional<String> nextPageToken) {
    public Page {
        items = List.copyOf(requireNonNull(items, "items is null"));
        requireNonNull(nextPageToken, "nextPageToken is null");
    }

    /**
     * Builds a page from rows fetched with {@code limit + 1}: the extra row only tells that another
     * page exists, and the token is the sort key of the last row returned.
     */
    public static <T> Page<T> fromOverfetch(List<T> rows, PageRequest request, Function<T, String> sortKey) {
        if (rows.size() <= request.maxResults()) {
            return new Page<>(rows, Optional.empty());
        }
        List<T> items = rows.subList(0, request.maxResults());
        return new Page<>(items, Optional.of(PageRequest.encodeToken(sortKey.apply(items.get(items.size() - 1)))));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), nextPageToken);
    }
}
