package dev.modelyard.api;

/** A review: verdict comment, approve, request_changes or reject; in_reply_to threads it under another. */
public record ReviewRequest(String verdict, String body, String inReplyTo) {}
