package dev.modelyard.api;

/**
 * A release check: kind {@code min_approvals} (min_approvals), {@code primary_metric_at_least}
 * (threshold) or {@code primary_metric_not_worse_than_tag} (tag, max_regression); enforcement
 * {@code block} or {@code warn}.
 */
public record ReleaseCheckSpec(
        String kind, String enforcement, Integer minApprovals, Double threshold, String tag, Double maxRegression) {}
