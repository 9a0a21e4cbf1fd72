package dev.modelyard.api;

/** A monitor's webhook as the API shows it: never its secret. */
public record WebhookResponse(String id, String url, boolean includeWarnings) {}
