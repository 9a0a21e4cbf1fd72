package dev.modelyard.api;

import java.util.List;

/** Releases approved submission number {@code submission} as {@code version}, with initial tags. */
public record CreateReleaseRequest(Integer submission, String version, String note, List<String> tags) {}
