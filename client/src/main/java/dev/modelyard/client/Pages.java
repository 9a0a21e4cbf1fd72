package dev.modelyard.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Walks a paginated listing from the first page to the last. */
public final class Pages {
    private Pages() {}

    /**
     * Fetches every page and returns all their items in order.
     *
     * @param firstPage the options of the first page (its page token is replaced as pages go by)
     * @param fetch fetches one page
     * @param items a page's items
     * @param nextPageToken a page's next token, {@code null} or empty on the last page
     */
    public static <R, T> List<T> collectAll(
            PageOptions firstPage,
            Function<PageOptions, R> fetch,
            Function<R, List<T>> items,
            Function<R, String> nextPageToken) {
        List<T> all = new ArrayList<>();
        PageOptions options = firstPage;
        while (true) {
            R page = fetch.apply(options);
            List<T> pageItems = items.apply(page);
            if (pageItems != null) {
                all.addAll(pageItems);
            }
            String token = nextPageToken.apply(page);
            if (token == null
                    || token.isEmpty()
                    || options.pageToken().filter(token::equals).isPresent()) {
                return all;
            }
            options = options.withPageToken(token);
        }
    }
}
