package dev.modelyard.core.submission;

import dev.modelyard.core.submission.Review.Verdict;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Counts approvals the way release checks do. */
public final class Approvals {
    private Approvals() {}

    /**
     * Distinct reviewers other than the submitter whose latest verdict (comments aside) is approve:
     * a reviewer who approved and then requested changes does not count.
     */
    public static int count(Submission submission, List<Review> reviews) {
        Map<String, Verdict> latest = new HashMap<>();
        for (Review review : reviews) {
            if (review.verdict() != Verdict.COMMENT
                    && !review.author().id().equals(submission.submittedBy().id())) {
                latest.put(review.author().id(), review.verdict());
            }
        }
        return (int) latest.values().stream()
                .filter(verdict -> verdict == Verdict.APPROVE)
                .count();
    }
}
