package dev.modelyard.api;

import java.util.List;

/** A custom metadata field: type is string, number, boolean or enum (with allowed_values). */
public record MetadataFieldSpec(
        String name, String type, Boolean required, String description, List<String> allowedValues) {}
