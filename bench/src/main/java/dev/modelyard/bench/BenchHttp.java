package dev.modelyard.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/** Plain HTTP calls to a Modelyard server with one bearer token; any status other than 2xx stops the benchmark. */
final class BenchHttp {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final String token;
    private long lastResponseBytes;

    BenchHttp(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** The size of the body of the last answer. */
    long lastResponseBytes() {
        return lastResponseBytes;
    }

    JsonNode get(String path) {
        return send("GET", path, BodyPublishers.noBody(), null);
    }

    JsonNode post(String path, Object body) {
        try {
            return send("POST", path, BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)), "application/json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends {@code file} as part {@code file} of a multipart/form-data POST, streamed from disk. */
    JsonNode upload(String path, Path file) {
        String boundary = "modelyard-bench-" + UUID.randomUUID();
        try {
            BodyPublisher body = BodyPublishers.concat(
                    BodyPublishers.ofString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\";"
                            + " filename=\"" + file.getFileName() + "\"\r\nContent-Type: application/octet-stream"
                            + "\r\n\r\n"),
                    BodyPublishers.ofFile(file),
                    BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
            return send("POST", path, body, "multipart/form-data; boundary=" + boundary);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private JsonNode send(String method, String path, BodyPublisher body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMinutes(10))
                .header("Authorization", "Bearer " + token)
                .method(method, body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        lastResponseBytes = response.body().length;
        String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + ": " + text);
        }
        try {
            return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " answered no JSON: " + text, e);
        }
    }
}
