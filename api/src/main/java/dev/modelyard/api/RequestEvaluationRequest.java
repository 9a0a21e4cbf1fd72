package dev.modelyard.api;

/**
 * Asks for evaluations: of one submission (default: every open one), on one evaluation dataset
 * (default: all) and one of its versions (default: the current one).
 */
public record RequestEvaluationRequest(Integer submission, String dataset, Integer version) {}
