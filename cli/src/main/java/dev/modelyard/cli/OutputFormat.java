package dev.modelyard.cli;

/** How results are printed: aligned tables for people, or the API's JSON for scripts. */
public enum OutputFormat {
    TABLE,
    JSON
}
