package dev.modelyard.server;

import java.util.Map;

class SqliteRegistryFlowTest extends AbstractRegistryFlowTest {
    @Override
    protected Map<String, String> databaseSettings() {
        return Map.of();
    }
}
