package dev.modelyard.api;

/** Serve exactly this release. */
public record PinSpec(String release) {}
