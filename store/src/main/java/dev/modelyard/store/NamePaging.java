package dev.modelyard.store;

import dev.modelyard.core.PageRequest;
import java.util.Locale;
import org.jdbi.v3.core.statement.Query;

/**
 * The SQL that selects one page of rows sorted by a name column: names after {@code page.after()},
 * optionally only those containing {@code page.nameContains()} (case-insensitive, with {@code %}
 * and {@code _} matched literally), at most {@code maxResults + 1} rows.
 */
final class NamePaging {
    private NamePaging() {}

    /** {@code AND ...} conditions on {@code nameColumn}, to append to a WHERE clause. */
    static String conditions(String nameColumn, PageRequest page) {
        StringBuilder sql = new StringBuilder();
        if (page.after().isPresent()) {
            sql.append(" AND ").append(nameColumn).append(" > :page_after");
        }
        if (page.nameContains().isPresent()) {
            sql.append(" AND LOWER(").append(nameColumn).append(") LIKE :page_name_pattern ESCAPE '\\'");
        }
        return sql.toString();
    }

    /** {@code ORDER BY} and {@code LIMIT}, to append after the WHERE clause. */
    static String orderAndLimit(String nameColumn) {
        return " ORDER BY " + nameColumn + " LIMIT :page_limit";
    }

    static Query bind(Query query, PageRequest page) {
        page.after().ifPresent(after -> query.bind("page_after", after));
        page.nameContains().ifPresent(text -> query.bind("page_name_pattern", containsPattern(text)));
        return query.bind("page_limit", page.maxResults() + 1);
    }

    /** A LIKE pattern (escape character {@code \}) matching values that contain {@code text}, lowercased. */
    static String containsPattern(String text) {
        String escaped = text.toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\")
                .replace("%", "\\%")
                .replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
