package dev.modelyard.api;

/** Puts the tag on the release with this version string, taking it off the one that had it. */
public record PutTagRequest(String release) {}
