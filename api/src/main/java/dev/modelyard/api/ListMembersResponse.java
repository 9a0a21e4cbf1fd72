package dev.modelyard.api;

import java.util.List;

public record ListMembersResponse(List<MemberResponse> members) {}
