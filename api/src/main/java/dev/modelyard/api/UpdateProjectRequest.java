package dev.modelyard.api;

public record UpdateProjectRequest(String description) {}
