package dev.modelyard.core.release;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.submission.Submission;
import java.util.List;

/** A release with the submission it was made from and the tags it carries now. */
public record ReleaseView(Release release, Submission submission, List<String> tags) {
    public ReleaseView {
        requireNonNull(release, "release is null");
        requireNonNull(submission, "submission is null");
        tags = List.copyOf(requireNonNull(tags, "tags is null"));
    }
}
