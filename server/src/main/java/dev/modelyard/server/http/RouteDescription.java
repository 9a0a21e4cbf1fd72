package dev.modelyard.server.http;

/** A registered route as the API document names it: method and path with {@code {param}}s. */
public record RouteDescription(String method, String path) {}
