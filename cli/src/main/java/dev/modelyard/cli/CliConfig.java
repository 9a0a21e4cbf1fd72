package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/** A saved login: which server, and the API token to use there. */
public record CliConfig(URI url, String token) {
    public CliConfig {
        requireNonNull(url, "url is null");
        requireNonNull(token, "token is null");
    }
}
