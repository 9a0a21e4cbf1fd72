package dev.modelyard.api;

/** Follow the newest release carrying this tag. */
public record TrackSpec(String tag) {}
