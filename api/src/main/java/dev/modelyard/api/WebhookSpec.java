package dev.modelyard.api;

/**
 * Where alerts go: an http(s) {@code url}, the {@code secret} (16 to 256 characters) that signs
 * each request, and whether warnings are sent too ({@code include_warnings}, default false).
 */
public record WebhookSpec(String url, String secret, Boolean includeWarnings) {}
