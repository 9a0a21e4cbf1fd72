package dev.modelyard.api;

import java.time.Instant;

public record MemberResponse(String userId, String user, String role, Instant addedAt) {}
