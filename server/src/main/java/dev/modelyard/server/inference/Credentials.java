package dev.modelyard.server.inference;

import java.util.Optional;

/**
 * What an inference caller presented: a bearer secret (a personal token or a deployment API key,
 * from {@code Authorization: Bearer …}) and/or a key in {@code x-api-key}. Both may be absent.
 */
public record Credentials(Optional<String> bearer, Optional<String> apiKey) {
    public static final Credentials NONE = new Credentials(Optional.empty(), Optional.empty());

    public Credentials {
        bearer = bearer == null ? Optional.empty() : bearer.filter(value -> !value.isBlank());
        apiKey = apiKey == null ? Optional.empty() : apiKey.filter(value -> !value.isBlank());
    }

    /** Parses the two headers as HTTP and gRPC send them. */
    public static Credentials fromHeaders(String authorization, String apiKey) {
        Optional<String> bearer = Optional.ofNullable(authorization)
                .filter(value -> value.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(value -> value.substring(7).strip());
        return new Credentials(bearer, Optional.ofNullable(apiKey).map(String::strip));
    }
}
