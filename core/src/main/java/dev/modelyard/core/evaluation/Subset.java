package dev.modelyard.core.evaluation;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.Names;
import dev.modelyard.core.evaluation.filter.RowFilter;

/**
 * A named share of an evaluation dataset's rows: those for which the filter holds. Every
 * evaluation also computes the metrics on all rows, under no subset name.
 */
public record Subset(String name, RowFilter filter) {
    public Subset {
        Names.requireValid("subset", name);
        requireNonNull(filter, "filter is null");
    }
}
