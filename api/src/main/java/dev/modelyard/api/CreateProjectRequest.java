package dev.modelyard.api;

public record CreateProjectRequest(String name, String description) {}
