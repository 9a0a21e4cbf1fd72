package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The login file {@code config.json}: {@code {"url": …, "token": …}}, readable only by its owner
 * (the token is a credential). It lives in {@code $MODELYARD_CONFIG_DIR}, else {@code
 * $XDG_CONFIG_HOME/modelyard}, else {@code ~/.config/modelyard}.
 */
public final class CliConfigFile {
    public static final String FILE_NAME = "config.json";

    private final Path file;
    private final ObjectMapper mapper = new ObjectMapper();

    public CliConfigFile(Path file) {
        this.file = requireNonNull(file, "file is null");
    }

    /** Where the login file is for this environment and home folder. */
    public static Path locate(Map<String, String> environment, Path homeDirectory) {
        requireNonNull(environment, "environment is null");
        requireNonNull(homeDirectory, "homeDirectory is null");
        String configDirectory = environment.get("MODELYARD_CONFIG_DIR");
        if (configDirectory != null && !configDirectory.isBlank()) {
            return Path.of(configDirectory).resolve(FILE_NAME);
        }
        String xdgConfigHome = environment.get("XDG_CONFIG_HOME");
        if (xdgConfigHome != null
                && !xdgConfigHome.isBlank()
                && Path.of(xdgConfigHome).isAbsolute()) {
            return Path.of(xdgConfigHome).resolve("modelyard").resolve(FILE_NAME);
        }
        return homeDirectory.resolve(".config").resolve("modelyard").resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The saved login, or empty when there is none. */
    public Optional<CliConfig> read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        JsonNode json;
        try {
            json = mapper.readTree(text);
        } catch (IOException e) {
            throw new CliUsageException(file + " is not valid JSON; run 'modelyard logout' and log in again");
        }
        String url = json == null ? "" : json.path("url").asText("");
        String token = json == null ? "" : json.path("token").asText("");
        if (url.isEmpty() || token.isEmpty()) {
            throw new CliUsageException(file + " lacks \"url\" or \"token\"; run 'modelyard login' again");
        }
        return Optional.of(new CliConfig(URI.create(url), token));
    }

    /**
     * Saves the login, replacing any earlier one. The file is written beside its final place with
     * owner-only permissions and then moved over, so it is never readable by others, not even
     * half-written.
     */
    public void write(CliConfig config) {
        requireNonNull(config, "config is null");
        ObjectNode json =
                mapper.createObjectNode().put("url", config.url().toString()).put("token", config.token());
        Path directory = file.toAbsolutePath().getParent();
        try {
            createPrivateDirectories(directory);
            Path temporary = posix()
                    ? Files.createTempFile(
                            directory,
                            "." + FILE_NAME + ".",
                            ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(directory, "." + FILE_NAME + ".", ".tmp");
            try {
                Files.writeString(
                        temporary,
                        mapper.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                        StandardCharsets.UTF_8);
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Forgets the login; tells whether there was one. */
    public boolean delete() {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file, e);
        }
    }

    private static void createPrivateDirectories(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            return;
        }
        Path parent = directory.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (posix()) {
            Files.createDirectory(
                    directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectory(directory);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
