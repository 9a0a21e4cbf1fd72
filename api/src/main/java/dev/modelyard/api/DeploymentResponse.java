package dev.modelyard.api;

import java.time.Instant;
import java.util.List;

/**
 * A deployment: its configuration, status ({@code deploying}, {@code ready}, {@code failed},
 * {@code stopped}) with the reason when failed, the release it serves now ({@code release}), the
 * release its target resolves to ({@code target_release}), the releases it has loaded, where to
 * call it, and its challenger (absent without one).
 */
public record DeploymentResponse(
        String id,
        String project,
        String name,
        String objective,
        TrackSpec track,
        PinSpec pin,
        String access,
        ResourcesSpec resources,
        boolean stopped,
        int revision,
        String status,
        String statusReason,
        String release,
        String targetRelease,
        List<LoadedReleaseResponse> loadedReleases,
        String inferenceUrl,
        String predictUrl,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        ChallengerResponse challenger) {}
