package dev.modelyard.api;

import java.time.Instant;

public record ReviewResponse(
        String id, String author, String verdict, String body, String inReplyTo, Instant createdAt) {}
