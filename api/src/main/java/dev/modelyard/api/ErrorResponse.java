package dev.modelyard.api;

import java.util.Map;

/** The one error shape: {@code {"error": {"code", "message", "details"}}}. */
public record ErrorResponse(Error error) {
    public record Error(String code, String message, Map<String, Object> details) {}
}
