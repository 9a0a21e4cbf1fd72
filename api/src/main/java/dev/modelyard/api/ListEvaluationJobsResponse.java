package dev.modelyard.api;

import java.util.List;

/** Evaluation jobs, newest first. */
public record ListEvaluationJobsResponse(List<EvaluationJobResponse> jobs) {}
