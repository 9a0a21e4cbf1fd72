package dev.modelyard.api;

/** A value of a column and how many rows hold it. */
public record ValueCountResponse(Object value, long count) {}
