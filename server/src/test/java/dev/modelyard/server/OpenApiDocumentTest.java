package dev.modelyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served API document describes exactly the routes the server registers. */
class OpenApiDocumentTest {
    @Test
    void documentMatchesTheRegisteredRoutes(@TempDir Path dataDir) {
        try (TestingServer server = new TestingServer(dataDir, Map.of())) {
            JsonNode document = server.get("/api/v1/openapi.json", null).json();
            Set<String> documented = new HashSet<>();
            document.path("paths").properties().forEach(path -> path.getValue()
                    .fieldNames()
                    .forEachRemaining(method -> documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
            Set<String> registered = server.server().routes().stream()
                    .map(route -> route.method() + " " + route.path())
                    .collect(Collectors.toSet());
            assertThat(documented).containsExactlyInAnyOrderElementsOf(registered);
            assertThat(registered).contains("POST /api/v1/projects/{project}/models/{model}/versions");
        }
    }

    @Test
    void browsableDocsAreServedFromTheJar(@TempDir Path dataDir) {
        try (TestingServer server = new TestingServer(dataDir, Map.of())) {
            assertThat(server.get("/api/v1/docs", null).text()).contains("/api/v1/openapi.json");
            TestingServer.Response script = server.get("/api/v1/docs/assets/swagger-ui-bundle.js", null);
            assertThat(script.status()).isEqualTo(200);
            assertThat(script.body().length).isGreaterThan(100_000);
        }
    }
}
