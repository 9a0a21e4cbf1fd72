package dev.modelyard.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** A real server on a free port with its own data folder, and a small HTTP client for it. */
public final class TestingServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ModelyardServer server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String adminToken;

    public TestingServer(Path dataDir, Map<String, String> settings) {
        this(dataDir, settings, null);
    }

    /** A server whose clock the test controls (null: the system clock). */
    public TestingServer(Path dataDir, Map<String, String> settings, java.time.Clock clock) {
        Map<String, String> flags = new java.util.HashMap<>(settings);
        flags.put("data-dir", dataDir.toString());
        flags.put("server.port", "0");
        flags.put("server.host", "127.0.0.1");
        ModelyardServer.Builder builder =
                ModelyardServer.builder(ServerConfig.resolve(flags, Map.of(), java.util.Optional.empty()));
        if (clock != null) {
            builder.clock(clock);
        }
        this.server = builder.start();
        try {
            this.adminToken = Files.readString(dataDir.resolve(ModelyardServer.ADMIN_TOKEN_FILE))
                    .strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ModelyardServer server() {
        return server;
    }

    public String adminToken() {
        return adminToken;
    }

    /** The answer to one request: status, headers and body. */
    public record Response(int status, HttpHeaders headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + text(), e);
            }
        }

        public String errorCode() {
            return json().path("error").path("code").asText();
        }

        public String errorMessage() {
            return json().path("error").path("message").asText();
        }
    }

    public Response send(String method, String path, String token, String body) {
        return token == null
                ? sendWithHeader(method, path, null, null, body)
                : sendWithHeader(method, path, "Authorization", "Bearer " + token, body);
    }

    /** A request with one extra header (none when {@code header} is null) and no token. */
    public Response sendWithHeader(String method, String path, String header, String value, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (header != null) {
            request.header(header, value);
        }
        return execute(request.build());
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Response post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    /** Uploads {@code content} as part {@code file}, with an optional manifest part. */
    public Response upload(String path, String token, String fileName, byte[] content, String manifest) {
        String boundary = "modelyard-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (manifest != null) {
            write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"manifest\"\r\n\r\n");
            write(body, manifest + "\r\n");
        }
        write(
                body,
                "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(content);
        write(body, "\r\n--" + boundary + "--\r\n");
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return execute(request.build());
    }

    /** Posts a body as it is, with the given content type. */
    public Response postRaw(String path, String token, String contentType, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return execute(request.build());
    }

    public static byte[] resource(String name) {
        try (InputStream in = TestingServer.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUri() {
        return server.baseUri();
    }

    private Response execute(HttpRequest request) {
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }
}
