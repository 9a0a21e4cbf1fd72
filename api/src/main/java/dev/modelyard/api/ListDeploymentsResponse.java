package dev.modelyard.api;

import java.util.List;

public record ListDeploymentsResponse(List<DeploymentResponse> deployments, String nextPageToken) {}
