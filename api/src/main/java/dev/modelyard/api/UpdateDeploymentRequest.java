package dev.modelyard.api;

/**
 * Changes a deployment; absent fields stay. Give track or pin to change the target; a challenger
 * to set or change it (remove it with {@code DELETE …/challenger}).
 */
public record UpdateDeploymentRequest(
        TrackSpec track,
        PinSpec pin,
        String access,
        ResourcesSpec resources,
        Boolean stopped,
        ChallengerSpec challenger) {}
