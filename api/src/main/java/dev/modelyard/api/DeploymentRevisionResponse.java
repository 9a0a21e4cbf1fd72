package dev.modelyard.api;

import java.time.Instant;

/**
 * One revision: what changed, the configuration it set (its challenger included), the release
 * serving then, who and when.
 */
public record DeploymentRevisionResponse(
        int number,
        String change,
        TrackSpec track,
        PinSpec pin,
        String access,
        ResourcesSpec resources,
        boolean stopped,
        String release,
        String actor,
        Instant at,
        ChallengerSpec challenger) {}
