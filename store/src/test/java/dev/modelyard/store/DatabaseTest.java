package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    @Test
    void dialectIsTakenFromTheUrl() {
        assertThat(Dialect.ofJdbcUrl("jdbc:sqlite:/var/lib/modelyard/modelyard.db"))
                .isEqualTo(Dialect.SQLITE);
        assertThat(Dialect.ofJdbcUrl("jdbc:postgresql://db:5432/modelyard")).isEqualTo(Dialect.POSTGRESQL);
    }

    @Test
    void otherDatabasesAreRejectedWithoutEchoingCredentials() {
        DatabaseConfig mysql = new DatabaseConfig("jdbc:mysql://db/registry?password=secret", null, null, 10);

        assertThatThrownBy(() -> Database.open(mysql))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'jdbc:sqlite:'")
                .hasMessageContaining("'jdbc:postgresql:'")
                .hasMessageContaining("'jdbc:mysql:'")
                .hasMessageNotContaining("secret");
    }

    @Test
    void defaultDatabaseIsSqliteInTheDataDirectory() {
        DatabaseConfig config = DatabaseConfig.sqliteIn(Path.of("/srv/modelyard"));

        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:/srv/modelyard/modelyard.db");
        assertThat(config.maxPoolSize()).isEqualTo(DatabaseConfig.DEFAULT_POOL_SIZE);
    }

    @Test
    void configNeverPrintsThePassword() {
        assertThat(new DatabaseConfig("jdbc:postgresql://db/m", "modelyard", "hunter2", 10).toString())
                .contains("modelyard")
                .doesNotContain("hunter2");
    }

    @Test
    void poolNeedsAtLeastOneConnection() {
        assertThatThrownBy(() -> new DatabaseConfig("jdbc:sqlite:x.db", null, null, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store.pool-size");
    }

    @Test
    void sqliteFileIsFoundInFileAndPlainUrls() {
        assertThat(Database.sqliteFile("jdbc:sqlite:/var/lib/m.db")).contains(Path.of("/var/lib/m.db"));
        assertThat(Database.sqliteFile("jdbc:sqlite:file:/var/lib/m.db?cache=shared"))
                .contains(Path.of("/var/lib/m.db"));
        assertThat(Database.sqliteFile("jdbc:sqlite::memory:")).isEmpty();
        assertThat(Database.sqliteFile("jdbc:sqlite:")).isEmpty();
    }

    @Test
    void postgresSchemaIsTheFirstCurrentSchemaOfTheUrl() {
        assertThat(Database.postgresSchema("jdbc:postgresql://db/m?user=x&currentSchema=registry"))
                .contains("registry");
        assertThat(Database.postgresSchema("jdbc:postgresql://db/m?currentSchema=one,two"))
                .contains("one");
        assertThat(Database.postgresSchema("jdbc:postgresql://db/m")).isEmpty();
    }
}
