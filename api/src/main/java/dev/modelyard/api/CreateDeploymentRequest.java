package dev.modelyard.api;

/**
 * A live deployment: name (unique in the instance), objective, track or pin, access, resources,
 * and optionally a challenger.
 */
public record CreateDeploymentRequest(
        String name,
        String objective,
        TrackSpec track,
        PinSpec pin,
        String access,
        ResourcesSpec resources,
        ChallengerSpec challenger) {}
