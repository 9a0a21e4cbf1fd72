package dev.modelyard.api;

import java.util.List;

public record ListUsersResponse(List<UserResponse> users, String nextPageToken) {}
