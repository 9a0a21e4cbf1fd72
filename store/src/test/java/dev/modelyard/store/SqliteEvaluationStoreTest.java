package dev.modelyard.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteEvaluationStoreTest extends AbstractEvaluationStoreTest {
    @TempDir
    static Path dataDir;

    @Override
    protected Database openDatabase() {
        return TestingDatabases.sqlite(dataDir);
    }
}
