package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

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
 * A hand-written stand-in for the Modelyard server: answers each {@code "METHOD /path"} with a
 * canned response and records every request it received, body included.
 */
final class TestingApiServer implements AutoCloseable {
    record CannedResponse(int status, Map<String, String> headers, byte[] body) {
        CannedResponse {
            requireNonNull(headers, "headers is null");
            requireNonNull(body, "body is null");
        }

        static CannedResponse json(int status, String json) {
            return new CannedResponse(
                    status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
        }
    }

    record ReceivedRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                    .map(entry -> entry.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final Map<String, CannedResponse> responses = new ConcurrentHashMap<>();
    private final List<ReceivedRequest> received = new CopyOnWriteArrayList<>();

    TestingApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    void answer(String method, String path, CannedResponse response) {
        responses.put(method + " " + path, response);
    }

    List<ReceivedRequest> received() {
        return List.copyOf(received);
    }

    ReceivedRequest lastRequest() {
        return received.get(received.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        received.add(new ReceivedRequest(
                exchange.getRequestMethod(), exchange.getRequestURI(), Map.copyOf(exchange.getRequestHeaders()), body));
        CannedResponse response = responses.getOrDefault(
                exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(),
                CannedResponse.json(
                        404, "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no canned response\",\"details\":{}}}"));
        response.headers()
                .forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        if (response.status() == 204) {
            exchange.sendResponseHeaders(204, -1);
        } else {
            exchange.sendResponseHeaders(response.status(), response.body().length);
            exchange.getResponseBody().write(response.body());
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
