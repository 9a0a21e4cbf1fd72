package dev.modelyard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.jdbi.v3.core.argument.AbstractArgumentFactory;
import org.jdbi.v3.core.argument.Argument;
import org.jdbi.v3.core.config.ConfigRegistry;
import org.jdbi.v3.core.mapper.ColumnMapper;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Instants as BIGINT microseconds since the epoch: portable, sortable, and precise enough for every
 * timestamp the registry keeps (finer digits are truncated).
 */
final class EpochMicros {
    private EpochMicros() {}

    static long toMicros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }

    static Instant toInstant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** The instant in a NOT NULL column. */
    static Instant column(ResultSet row, String column) throws SQLException {
        return toInstant(row.getLong(column));
    }

    /** The instant in a nullable column. */
    static Optional<Instant> optionalColumn(ResultSet row, String column) throws SQLException {
        long micros = row.getLong(column);
        return row.wasNull() ? Optional.empty() : Optional.of(toInstant(micros));
    }

    /** Binds {@link Instant} arguments as epoch microseconds (null as a BIGINT null). */
    static final class ArgumentFactory extends AbstractArgumentFactory<Instant> {
        ArgumentFactory() {
            super(Types.BIGINT);
        }

        @Override
        protected Argument build(Instant value, ConfigRegistry config) {
            long micros = toMicros(value);
            return (position, statement, context) -> statement.setLong(position, micros);
        }
    }

    /** Reads epoch-microsecond columns as {@link Instant}, SQL NULL as {@code null}. */
    static final class Mapper implements ColumnMapper<Instant> {
        @Override
        public Instant map(ResultSet row, int column, StatementContext context) throws SQLException {
            long micros = row.getLong(column);
            return row.wasNull() ? null : toInstant(micros);
        }
    }
}
