package dev.modelyard.api;

import java.util.List;

/** Submissions without their reviews (ask for one submission to get them). */
public record ListSubmissionsResponse(List<SubmissionResponse> submissions, String nextPageToken) {}
