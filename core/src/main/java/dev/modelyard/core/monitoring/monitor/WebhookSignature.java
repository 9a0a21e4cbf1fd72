package dev.modelyard.core.monitoring.monitor;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a webhook request: {@code sha256=} and the lowercase hex HMAC-SHA256, keyed with
 * the webhook's secret (UTF-8), of {@code <timestamp>.<body>} where the timestamp is the {@code
 * X-Modelyard-Timestamp} header (Unix seconds) and the body the exact bytes sent. Receivers
 * recompute it, compare in constant time, and refuse old timestamps to stop replays.
 */
public final class WebhookSignature {
    public static final String EVENT_HEADER = "X-Modelyard-Event";
    public static final String DELIVERY_HEADER = "X-Modelyard-Delivery";
    public static final String TIMESTAMP_HEADER = "X-Modelyard-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Modelyard-Signature";

    private WebhookSignature() {}

    public static String sign(String secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether {@code signature} is the one {@link #sign} makes, compared in constant time. */
    public static boolean verify(String secret, String timestamp, byte[] body, String signature) {
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(
                sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
