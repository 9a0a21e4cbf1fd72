package dev.modelyard.api;

/** A column of a dataset version: its name and type (BIGINT, DOUBLE, VARCHAR, BOOLEAN, DATE or TIMESTAMP). */
public record DatasetColumnResponse(String name, String type) {}
