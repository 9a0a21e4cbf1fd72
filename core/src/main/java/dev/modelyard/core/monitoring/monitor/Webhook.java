package dev.modelyard.core.monitoring.monitor;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a monitor's alerts go: an HTTP(S) URL that receives a signed JSON POST.
 *
 * @param id stable within the monitor, so a delivery finds its webhook's secret at each attempt
 * @param secret the HMAC-SHA256 key of the {@code X-Modelyard-Signature} header; never shown again
 * @param includeWarnings whether warnings are sent too (alerts always are)
 */
public record Webhook(String id, String url, String secret, boolean includeWarnings) {
    public Webhook {
        requireNonNull(id, "id is null");
        requireNonNull(url, "url is null");
        requireNonNull(secret, "secret is null");
    }

    /** Whether a result with this status is sent to this webhook. */
    public boolean wants(MonitorStatus status) {
        return switch (status) {
            case ALERT -> true;
            case WARNING -> includeWarnings;
            case OK, NO_DATA, ERROR -> false;
        };
    }

    /** What the audit log and API show: everything but the secret. */
    public Map<String, Object> describe() {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("id", id);
        described.put("url", url);
        described.put("include_warnings", includeWarnings);
        return described;
    }
}
