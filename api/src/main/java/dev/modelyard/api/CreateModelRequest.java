package dev.modelyard.api;

public record CreateModelRequest(String name, String description) {}
