package dev.modelyard.server;

import dev.modelyard.store.TestingDatabases;
import dev.modelyard.store.TestingPostgres;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;

class PostgresEvaluationFlowTest extends AbstractEvaluationFlowTest {
    private TestingPostgres postgres;

    @Override
    protected Map<String, String> databaseSettings() {
        postgres = TestingDatabases.postgres();
        return Map.of("store.jdbc-url", postgres.jdbcUrl());
    }

    @AfterAll
    void dropSchema() {
        if (postgres != null) {
            postgres.close();
        }
    }
}
