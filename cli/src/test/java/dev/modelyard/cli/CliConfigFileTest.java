package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigFileTest {
    @TempDir
    Path directory;

    private final Path home = Path.of("/home/someone");

    @Test
    void prefersModelyardConfigDirThenXdgConfigHomeThenTheHomeFolder() {
        assertThat(CliConfigFile.locate(
                        Map.of("MODELYARD_CONFIG_DIR", "/etc/my-modelyard", "XDG_CONFIG_HOME", "/xdg"), home))
                .isEqualTo(Path.of("/etc/my-modelyard/config.json"));
        assertThat(CliConfigFile.locate(Map.of("XDG_CONFIG_HOME", "/xdg"), home))
                .isEqualTo(Path.of("/xdg/modelyard/config.json"));
        assertThat(CliConfigFile.locate(Map.of(), home))
                .isEqualTo(Path.of("/home/someone/.config/modelyard/config.json"));
    }

    @Test
    void ignoresARelativeXdgConfigHomeAsTheSpecificationSays() {
        assertThat(CliConfigFile.locate(Map.of("XDG_CONFIG_HOME", "relative/dir"), home))
                .isEqualTo(Path.of("/home/someone/.config/modelyard/config.json"));
    }

    @Test
    void savesTheLoginReadableOnlyByItsOwnerAndReadsItBack() throws IOException {
        Path file = directory.resolve("new-folder/config.json");
        CliConfigFile configFile = new CliConfigFile(file);

        configFile.write(new CliConfig(URI.create("http://localhost:8080"), "secret-token"));

        assertThat(configFile.read()).contains(new CliConfig(URI.create("http://localhost:8080"), "secret-token"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(Files.readString(file)).contains("\"url\"").contains("\"token\"");
        try (var entries = Files.list(file.getParent())) {
            assertThat(entries).containsExactly(file);
        }
    }

    @Test
    void replacesAnEarlierLoginAndForgetsItOnDelete() {
        CliConfigFile configFile = new CliConfigFile(directory.resolve("config.json"));
        configFile.write(new CliConfig(URI.create("http://old:8080"), "old"));

        configFile.write(new CliConfig(URI.create("http://new:8080"), "new"));

        assertThat(configFile.read()).contains(new CliConfig(URI.create("http://new:8080"), "new"));
        assertThat(configFile.delete()).isTrue();
        assertThat(configFile.read()).isEmpty();
        assertThat(configFile.delete()).isFalse();
    }

    @Test
    void explainsAConfigFileThatIsNotJson() throws IOException {
        Path file = Files.writeString(directory.resolve("config.json"), "url=http://x");

        assertThatThrownBy(() -> new CliConfigFile(file).read())
                .isInstanceOf(CliUsageException.class)
                .hasMessageContaining("not valid JSON")
                .hasMessageContaining("logout");
    }
}
