package dev.modelyard.api;

import java.util.List;

public record ListDeploymentRevisionsResponse(List<DeploymentRevisionResponse> revisions) {}
