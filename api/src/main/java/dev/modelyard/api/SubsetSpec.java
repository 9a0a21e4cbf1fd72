package dev.modelyard.api;

/** A named subset: the rows for which the filter holds, e.g. {@code age >= 30 and region in ('north')}. */
public record SubsetSpec(String name, String filter) {}
