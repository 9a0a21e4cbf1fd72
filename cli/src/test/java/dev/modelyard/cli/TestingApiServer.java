package dev.modelyard.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hand-written stand-in for the Modelyard server: answers {@code "METHOD /path"} with canned
 * JSON and remembers the Authorization header of each request.
 */
final class TestingApiServer implements AutoCloseable {
    private record Canned(int status, String json) {}

    /** A request as received: method, path with raw query, body text, and headers (lower-case names). */
    record Received(String method, String pathAndQuery, String body, Map<String, String> headers) {
        /** The first value of a header, or null. */
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    TestingApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(String method, String path, int status, String json) {
        answers.put(method + " " + path, new Canned(status, json));
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    /** The last request with this method whose path starts with {@code pathPrefix}. */
    Received last(String method, String pathPrefix) {
        for (int i = received.size() - 1; i >= 0; i--) {
            Received request = received.get(i);
            if (request.method().equals(method) && request.pathAndQuery().startsWith(pathPrefix)) {
                return request;
            }
        }
        throw new AssertionError("no " + method + " " + pathPrefix + " among " + received);
    }

    List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        received.add(new Received(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getRawPath()
                        + (exchange.getRequestURI().getRawQuery() == null
                                ? ""
                                : "?" + exchange.getRequestURI().getRawQuery()),
                new String(requestBody, StandardCharsets.UTF_8),
                headers(exchange)));
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "" : authorization);
        Canned canned = answers.getOrDefault(
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                new Canned(404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no such endpoint\"}}"));
        byte[] body = canned.json().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (canned.status() == 204) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            exchange.sendResponseHeaders(canned.status(), body.length);
            exchange.getResponseBody().write(body);
        }
        exchange.close();
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new java.util.HashMap<>();
        exchange.getRequestHeaders()
                .forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        return Map.copyOf(headers);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
