package dev.modelyard.server.monitor;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on a free local port: answers each path's scripted statuses in turn (then
 * 200) and keeps every request it got.
 */
final class TestingWebhookReceiver implements AutoCloseable {
    /** One request as it arrived: when, its headers (first values, names lowercased), its body. */
    record Received(Instant at, String path, Map<String, String> headers, byte[] body, int answered) {
        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final Map<String, Deque<Integer>> statuses = new java.util.HashMap<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();

    TestingWebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders()
                    .forEach((name, values) -> headers.put(
                            name.toLowerCase(java.util.Locale.ROOT), values.isEmpty() ? "" : values.get(0)));
            int status;
            synchronized (statuses) {
                Deque<Integer> scripted = statuses.get(exchange.getRequestURI().getPath());
                status = scripted == null || scripted.isEmpty() ? 200 : scripted.poll();
            }
            received.add(new Received(Instant.now(), exchange.getRequestURI().getPath(), headers, body, status));
            byte[] answer = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    /** The statuses requests to {@code path} are answered with, in turn; 200 once they are used up. */
    void script(String path, int... scripted) {
        synchronized (statuses) {
            Deque<Integer> queue = statuses.computeIfAbsent(path, key -> new ArrayDeque<>());
            for (int status : scripted) {
                queue.add(status);
            }
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
