package dev.modelyard.core.submission;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** A submission with what is known about it: reviews, distinct approvals, and its release. */
public record SubmissionView(Submission submission, List<Review> reviews, int approvals, Optional<String> release) {
    public SubmissionView {
        requireNonNull(submission, "submission is null");
        reviews = List.copyOf(requireNonNull(reviews, "reviews is null"));
        requireNonNull(release, "release is null");
    }
}
