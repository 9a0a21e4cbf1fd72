package dev.modelyard.api;

/** Adds a member or changes their role: {@code viewer}, {@code editor} or {@code owner}. */
public record PutMemberRequest(String role) {}
