package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The port that POSTs a webhook body over HTTP; the server implements it. Blocks; thread-safe. */
@FunctionalInterface
public interface WebhookSender {
    /**
     * Sends {@code body} as {@code application/json} with {@code headers} to {@code url}, giving up
     * after {@code timeout}. Never throws for network failures: they are an {@link Answer} with an
     * error.
     */
    Answer post(String url, Map<String, String> headers, byte[] body, Duration timeout);

    /**
     * What came back.
     *
     * @param statusCode the HTTP status, when the receiver answered
     * @param error why no answer came (timeout, refused connection, bad address)
     */
    record Answer(Optional<Integer> statusCode, Optional<String> error) {
        public Answer {
            requireNonNull(statusCode, "statusCode is null");
            requireNonNull(error, "error is null");
        }

        public static Answer status(int code) {
            return new Answer(Optional.of(code), Optional.empty());
        }

        public static Answer failure(String reason) {
            return new Answer(Optional.empty(), Optional.of(reason));
        }

        public boolean succeeded() {
            return statusCode.map(code -> code >= 200 && code < 300).orElse(false);
        }
    }
}
