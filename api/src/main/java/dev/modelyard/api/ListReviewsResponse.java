package dev.modelyard.api;

import java.util.List;

public record ListReviewsResponse(List<ReviewResponse> reviews) {}
