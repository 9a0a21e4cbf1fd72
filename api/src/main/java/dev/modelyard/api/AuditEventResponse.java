package dev.modelyard.api;

import java.time.Instant;
import java.util.Map;

public record AuditEventResponse(
        String id,
        Instant at,
        String actorId,
        String actor,
        String projectId,
        String action,
        String resourceType,
        String resourceId,
        String resourceName,
        Map<String, Object> before,
        Map<String, Object> after) {}
