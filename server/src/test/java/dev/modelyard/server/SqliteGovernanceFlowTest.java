package dev.modelyard.server;

import java.util.Map;

class SqliteGovernanceFlowTest extends AbstractGovernanceFlowTest {
    @Override
    protected Map<String, String> databaseSettings() {
        return Map.of();
    }
}
