package dev.modelyard.server.submission;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import dev.modelyard.api.ListReviewsResponse;
import dev.modelyard.api.ListSubmissionsResponse;
import dev.modelyard.api.ReviewRequest;
import dev.modelyard.api.SubmitRequest;
import dev.modelyard.core.Page;
import dev.modelyard.core.submission.Review;
import dev.modelyard.core.submission.Review.Verdict;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionService;
import dev.modelyard.core.submission.SubmissionStatus;
import dev.modelyard.core.submission.SubmissionView;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.WireMapping;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import java.util.Optional;

/** Submissions and reviews under {@code …/objectives/{objective}/submissions}. */
public final class SubmissionRoutes {
    private static final String SUBMISSIONS = "/api/v1/projects/{project}/objectives/{objective}/submissions";
    private static final String SUBMISSION = SUBMISSIONS + "/{submission}";

    private final SubmissionService submissions;

    public SubmissionRoutes(SubmissionService submissions) {
        this.submissions = requireNonNull(submissions, "submissions is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, SUBMISSIONS, 201, call -> {
            SubmitRequest request = call.body(SubmitRequest.class);
            String objective = call.path("objective");
            Submission submission = submissions.submit(
                    call.principal(),
                    call.path("project"),
                    objective,
                    required(request.model(), "model"),
                    required(request.version(), "version"),
                    request.metadata() == null ? Map.of() : request.metadata(),
                    request.description());
            return WireMapping.submission(
                    objective, new SubmissionView(submission, java.util.List.of(), 0, Optional.empty()), true);
        });
        endpoints.json(HttpMethod.GET, SUBMISSIONS, 200, call -> {
            String objective = call.path("objective");
            Page<SubmissionView> page = submissions.list(
                    call.principal(),
                    call.path("project"),
                    objective,
                    call.query("status").map(SubmissionStatus::fromId),
                    call.queryWithPrefix("metadata."),
                    call.page());
            return new ListSubmissionsResponse(
                    page.items().stream()
                            .map(view -> WireMapping.submission(objective, view, false))
                            .toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(HttpMethod.GET, SUBMISSION, 200, call -> {
            String objective = call.path("objective");
            return WireMapping.submission(
                    objective,
                    submissions.get(call.principal(), call.path("project"), objective, call.intPath("submission")),
                    true);
        });
        endpoints.json(HttpMethod.POST, SUBMISSION + "/reviews", 201, call -> {
            ReviewRequest request = call.body(ReviewRequest.class);
            Review review = submissions.review(
                    call.principal(),
                    call.path("project"),
                    call.path("objective"),
                    call.intPath("submission"),
                    Verdict.fromId(required(request.verdict(), "verdict")),
                    request.body(),
                    Optional.ofNullable(request.inReplyTo()));
            return WireMapping.review(review);
        });
        endpoints.json(
                HttpMethod.GET,
                SUBMISSION + "/reviews",
                200,
                call -> new ListReviewsResponse(submissions
                        .listReviews(
                                call.principal(),
                                call.path("project"),
                                call.path("objective"),
                                call.intPath("submission"))
                        .stream()
                        .map(WireMapping::review)
                        .toList()));
        endpoints.json(HttpMethod.POST, SUBMISSION + "/withdraw", 200, call -> {
            String objective = call.path("objective");
            return WireMapping.submission(
                    objective,
                    submissions.withdraw(call.principal(), call.path("project"), objective, call.intPath("submission")),
                    true);
        });
    }
}
