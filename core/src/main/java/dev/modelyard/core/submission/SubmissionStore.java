package dev.modelyard.core.submission;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Submissions and their reviews. Implementations run inside the caller's transaction. */
public interface SubmissionStore {
    /**
     * Reserves the next submission number of an objective, inside the transaction that inserts
     * the submission: concurrent callers get distinct numbers, a rollback gives the number back.
     */
    int reserveNextSubmissionNumber(String objectiveId);

    /** Inserts the submission and its metadata (kept filterable by canonical value). */
    void insertSubmission(Submission submission);

    void updateSubmissionStatus(String submissionId, SubmissionStatus status, Instant updatedAt);

    Optional<Submission> findSubmission(String objectiveId, int number);

    Optional<Submission> findSubmissionById(String submissionId);

    /** Matching submissions by number; {@code page.after()} holds a number; at most maxResults + 1. */
    List<Submission> listSubmissions(String objectiveId, SubmissionQuery query);

    /** How many submissions (in any objective) were made from versions of this model. */
    long countSubmissionsOfModel(String modelId);

    void insertReview(Review review);

    /** Reviews and comments of a submission, oldest first. */
    List<Review> listReviews(String submissionId);
}
