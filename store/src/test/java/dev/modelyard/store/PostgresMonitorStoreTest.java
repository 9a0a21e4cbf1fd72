package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

class PostgresMonitorStoreTest extends AbstractMonitorStoreTest {
    private TestingPostgres postgres;

    @Override
    protected Database openDatabase() {
        if (postgres == null) {
            postgres = TestingDatabases.postgres();
        }
        return postgres.openDatabase();
    }

    @Override
    protected void releaseDatabase() {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void monitorTablesAreMigratedIntoTheSchemaOfTheUrl() {
        assertThat(database().jdbi().withHandle((Handle handle) -> handle.createQuery(
                                "SELECT table_name FROM information_schema.tables WHERE table_schema = :schema")
                        .bind("schema", postgres.schema())
                        .mapTo(String.class)
                        .list()))
                .contains("monitors", "monitor_results", "webhook_deliveries", "webhook_delivery_attempts");
    }
}
