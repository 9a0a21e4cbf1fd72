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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The real server in this JVM for the evaluation tests: like {@link EmbeddedServer}, with evaluation
 * workers that poll often, beat their heart often and take small images, so tests need not wait.
 */
final class EvaluationServer implements AutoCloseable {
    /** The largest image an ad hoc metric set may hold on this server. */
    static final int MAX_IMAGE_BYTES = 16 * 1024;

    private final ModelyardServer server;

    private EvaluationServer(ModelyardServer server) {
        this.server = server;
    }

    static EvaluationServer start(Path dataDir) {
        Map<String, String> flags = new LinkedHashMap<>();
        flags.put("server.port", "0");
        flags.put("server.host", "127.0.0.1");
        flags.put("data-dir", dataDir.toString());
        flags.put("evaluations.workers", "1");
        flags.put("evaluations.poll-interval-ms", "200");
        flags.put("evaluations.heartbeat-ms", "200");
        flags.put("evaluations.stale-after-ms", "2000");
        flags.put("evaluations.max-image-bytes", Integer.toString(MAX_IMAGE_BYTES));
        return new EvaluationServer(ModelyardServer.start(ServerConfig.resolve(flags, Map.of(), Optional.empty())));
    }

    URI baseUri() {
        return server.baseUri();
    }

    String adminToken() {
        return EmbeddedServer.readAdminToken(server.dataDir());
    }

    ModelyardClient clientFor(String token) {
        return ModelyardClient.builder()
                .baseUri(baseUri())
                .token(token)
                .requestTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** The header and the first {@code rows} rows of a CSV fixture, written to {@code target}. */
    static Path head(String fixture, int rows, Path target) {
        try (InputStream in = EvaluationServer.class.getResourceAsStream("/fixtures/" + fixture)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + fixture + " in the test resources");
            }
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            return Files.write(target, lines.subList(0, Math.min(lines.size(), rows + 1)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
