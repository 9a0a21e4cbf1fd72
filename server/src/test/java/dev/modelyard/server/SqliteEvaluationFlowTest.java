package dev.modelyard.server;

import java.util.Map;

class SqliteEvaluationFlowTest extends AbstractEvaluationFlowTest {
    @Override
    protected Map<String, String> databaseSettings() {
        return Map.of();
    }
}
