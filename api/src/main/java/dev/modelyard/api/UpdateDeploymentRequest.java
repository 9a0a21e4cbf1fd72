package dev.modelyard.api;

/** Changes a deployment; absent fields stay. Give track or pin to change the target. */
public record UpdateDeploymentRequest(
        TrackSpec track, PinSpec pin, String access, ResourcesSpec resources, Boolean stopped) {}
