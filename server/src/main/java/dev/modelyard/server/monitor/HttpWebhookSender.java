package dev.modelyard.server.monitor;

import dev.modelyard.core.monitoring.monitor.WebhookSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * {@link WebhookSender} on {@code java.net.http}: HTTP/1.1, no redirects followed, the timeout for
 * connecting and for the whole answer; the answer's body is read and dropped.
 */
public final class HttpWebhookSender implements WebhookSender {
    private static final String USER_AGENT = "Modelyard-Webhooks";

    private final HttpClient client;

    public HttpWebhookSender(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .build();
    }

    @Override
    public Answer post(String url, Map<String, String> headers, byte[] body, Duration timeout) {
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", USER_AGENT)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(request::header);
        } catch (IllegalArgumentException e) {
            return Answer.failure("bad URL: " + e.getMessage());
        }
        try {
            HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return Answer.status(response.statusCode());
        } catch (HttpConnectTimeoutException e) {
            return Answer.failure("could not connect within " + timeout.toMillis() + " ms");
        } catch (HttpTimeoutException e) {
            return Answer.failure("no answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return Answer.failure("could not send: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.failure("interrupted while sending (the server is stopping)");
        }
    }

    /** The reason in words, never a Java class name (the delivery log shows it). */
    private static String describe(IOException e) {
        if (e instanceof java.net.ConnectException) {
            return "the connection was refused or the host is unreachable";
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? "the connection failed" : message;
    }
}
