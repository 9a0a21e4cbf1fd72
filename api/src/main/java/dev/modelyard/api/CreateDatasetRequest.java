package dev.modelyard.api;

public record CreateDatasetRequest(String name, String description) {}
