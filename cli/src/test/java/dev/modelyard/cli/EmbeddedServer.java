package dev.modelyard.cli;

import dev.modelyard.client.ModelyardClient;
import dev.modelyard.server.ModelyardServer;
import dev.modelyard.server.ServerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The real Modelyard server in this JVM, on a free loopback port, over a given data folder. */
final class EmbeddedServer implements AutoCloseable {
    private final ModelyardServer server;

    private EmbeddedServer(ModelyardServer server) {
        this.server = server;
    }

    static EmbeddedServer start(Path dataDir) {
        ServerConfig config = ServerConfig.resolve(
                Map.of("server.port", "0", "server.host", "127.0.0.1", "data-dir", dataDir.toString()),
                Map.of(),
                Optional.empty());
        return new EmbeddedServer(ModelyardServer.start(config));
    }

    URI baseUri() {
        return server.baseUri();
    }

    /** The token the server wrote for {@code admin} on its first start. */
    String adminToken() {
        return readAdminToken(server.dataDir());
    }

    ModelyardClient clientFor(String token) {
        return ModelyardClient.builder()
                .baseUri(baseUri())
                .token(token)
                .requestTimeout(Duration.ofSeconds(30))
                .build();
    }

    static String readAdminToken(Path dataDir) {
        try {
            return Files.readString(dataDir.resolve("admin-token"), StandardCharsets.UTF_8)
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the server wrote no admin token in " + dataDir, e);
        }
    }

    /** Copies a fixture from the test resources into {@code directory} and returns its path. */
    static Path fixture(String name, Path directory) {
        try (InputStream in = EmbeddedServer.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name + " in the test resources");
            }
            Path copy = directory.resolve(name);
            Files.copy(in, copy);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
