package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Filters for a submission listing: a status ({@code open}, {@code approved}, {@code
 * changes_requested}, {@code rejected}, {@code withdrawn}), metadata fields that must have given
 * values (sent as {@code metadata.<field>=<value>}), and which page.
 */
public record SubmissionQuery(Optional<String> status, Map<String, String> metadata, PageOptions page) {
    public SubmissionQuery {
        requireNonNull(status, "status is null");
        requireNonNull(page, "page is null");
        metadata = Map.copyOf(requireNonNull(metadata, "metadata is null"));
    }

    /** Every submission, first page. */
    public static SubmissionQuery everything() {
        return new SubmissionQuery(Optional.empty(), Map.of(), PageOptions.firstPage());
    }

    public SubmissionQuery withStatus(String status) {
        return new SubmissionQuery(Optional.ofNullable(status).filter(value -> !value.isEmpty()), metadata, page);
    }

    /** Only submissions whose metadata field {@code field} equals {@code value} (as text). */
    public SubmissionQuery withMetadata(String field, String value) {
        requireNonNull(field, "field is null");
        requireNonNull(value, "value is null");
        if (field.isEmpty()) {
            throw new IllegalArgumentException("a metadata filter needs a field name");
        }
        Map<String, String> filters = new LinkedHashMap<>(metadata);
        filters.put(field, value);
        return new SubmissionQuery(status, filters, page);
    }

    public SubmissionQuery withPage(PageOptions page) {
        return new SubmissionQuery(status, metadata, page);
    }
}
