package dev.modelyard.api;

import java.util.List;

public record ListTokensResponse(List<TokenResponse> tokens) {}
