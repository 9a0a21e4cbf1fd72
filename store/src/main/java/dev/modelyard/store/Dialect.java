package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

/** The SQL databases the registry runs on, told apart by their JDBC URL. */
public enum Dialect {
    SQLITE("jdbc:sqlite:", "COLLATE BINARY"),
    POSTGRESQL("jdbc:postgresql:", "COLLATE \"C\"");

    private final String urlPrefix;
    private final String keyCollation;

    Dialect(String urlPrefix, String keyCollation) {
        this.urlPrefix = urlPrefix;
        this.keyCollation = keyCollation;
    }

    /** The dialect of a JDBC URL; throws {@link IllegalArgumentException} for any other database. */
    public static Dialect ofJdbcUrl(String jdbcUrl) {
        requireNonNull(jdbcUrl, "jdbcUrl is null");
        for (Dialect dialect : values()) {
            if (jdbcUrl.startsWith(dialect.urlPrefix)) {
                return dialect;
            }
        }
        throw new IllegalArgumentException("store.jdbc-url must start with 'jdbc:sqlite:' (for example"
                + " jdbc:sqlite:/var/lib/modelyard/modelyard.db) or 'jdbc:postgresql:' (for example"
                + " jdbc:postgresql://db.example.com:5432/modelyard); got a URL starting with '"
                + scheme(jdbcUrl) + "'");
    }

    String urlPrefix() {
        return urlPrefix;
    }

    /** The collation of name and key columns, so that they sort in byte order on every database. */
    String keyCollation() {
        return keyCollation;
    }

    /** The URL up to its second colon: enough to name the database without echoing credentials. */
    private static String scheme(String jdbcUrl) {
        int firstColon = jdbcUrl.indexOf(':');
        int secondColon = firstColon < 0 ? -1 : jdbcUrl.indexOf(':', firstColon + 1);
        return secondColon < 0
                ? jdbcUrl.substring(0, Math.min(jdbcUrl.length(), 16))
                : jdbcUrl.substring(0, secondColon + 1);
    }
}
