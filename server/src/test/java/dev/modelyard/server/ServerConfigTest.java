package dev.modelyard.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @Test
    void defaultsAreTheEmbeddedSetUp() {
        ServerConfig config = ServerConfig.resolve(Map.of(), Map.of(), Optional.empty());
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(Path.of("modelyard-data").toAbsolutePath());
        assertThat(config.jdbcUrl()).isEqualTo("jdbc:sqlite:" + config.dataDir().resolve("modelyard.db"));
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("modelyard.properties");
        Files.writeString(file, "server.port=7000\nstore.pool-size=3\nserver.worker-threads=4\n");
        ServerConfig config = ServerConfig.resolve(
                Map.of("server.port", "9000"),
                Map.of("MODELYARD_PORT", "8000", "MODELYARD_STORE_POOL_SIZE", "5", "MODELYARD_DATA_DIR", "/srv/yard"),
                Optional.of(file));
        assertThat(config.port()).isEqualTo(9000);
        assertThat(config.poolSize()).isEqualTo(5);
        assertThat(config.workerThreads()).isEqualTo(4);
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/yard"));
    }

    @Test
    void unknownKeysAndBadValuesFailWithTheKeyNamed(@TempDir Path dir) throws IOException {
        assertThatThrownBy(() -> ServerConfig.resolve(Map.of("server.prot", "1"), Map.of(), Optional.empty()))
                .hasMessageContaining("unknown setting 'server.prot'");
        assertThatThrownBy(() -> ServerConfig.resolve(Map.of("server.port", "eighty"), Map.of(), Optional.empty()))
                .hasMessageContaining("'server.port' has a bad value 'eighty'");
        Path file = dir.resolve("bad.properties");
        Files.writeString(file, "store.pool=3\n");
        assertThatThrownBy(() -> ServerConfig.resolve(Map.of(), Map.of(), Optional.of(file)))
                .hasMessageContaining("unknown setting 'store.pool' in config file");
    }

    @Test
    void thePasswordIsNeverShown() {
        ServerConfig config = ServerConfig.resolve(Map.of("store.password", "hunter2"), Map.of(), Optional.empty());
        assertThat(config.describe().toString()).doesNotContain("hunter2").contains("(set)");
    }
}
