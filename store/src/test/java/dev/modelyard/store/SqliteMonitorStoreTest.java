package dev.modelyard.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class SqliteMonitorStoreTest extends AbstractMonitorStoreTest {
    @TempDir
    static Path dataDir;

    @Override
    protected Database openDatabase() {
        return TestingDatabases.sqlite(dataDir);
    }
}
