package dev.modelyard.cli;

import static dev.modelyard.cli.GovernanceFixtures.churnObjective;
import static dev.modelyard.cli.GovernanceFixtures.member;
import static dev.modelyard.cli.GovernanceFixtures.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelyard.api.CheckResultResponse;
import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.CreateReleaseRequest;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.api.ReviewRequest;
import dev.modelyard.api.ReviewResponse;
import dev.modelyard.api.SubmissionResponse;
import dev.modelyard.api.SubmitRequest;
import dev.modelyard.api.TagEventResponse;
import dev.modelyard.api.TagResponse;
import dev.modelyard.client.MemberRole;
import dev.modelyard.client.ModelyardApiException;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.SubmissionQuery;
import dev.modelyard.client.UploadProgressListener;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The governance story through the Java client against the real server: an objective with a
 * required metadata field, submissions, reviews (no self-approval), releases with tags, protected
 * Production moved only by the owner, tag history and as-of queries.
 */
class GovernanceClientIT {
    private static final String PROJECT = "churn";
    private static final String OBJECTIVE = "churn";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void aModelGoesFromSubmissionThroughReviewToATaggedRelease() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            ModelyardClient admin = server.clientFor(server.adminToken());
            admin.createProject(PROJECT, "Customer churn");
            ModelyardClient alice = member(server, admin, PROJECT, "alice", MemberRole.EDITOR);
            ModelyardClient bob = member(server, admin, PROJECT, "bob", MemberRole.EDITOR);
            ModelyardClient olivia = member(server, admin, PROJECT, "olivia", MemberRole.OWNER);

            alice.createModel(PROJECT, "wine", "an MLP");
            Path file = EmbeddedServer.fixture("wine_mlp.onnx", work);
            ModelVersionResponse v1 =
                    alice.uploadModelVersion(PROJECT, "wine", file, Optional.empty(), UploadProgressListener.none());
            ModelVersionResponse v2 =
                    alice.uploadModelVersion(PROJECT, "wine", file, Optional.empty(), UploadProgressListener.none());
            ModelVersionResponse v3 =
                    alice.uploadModelVersion(PROJECT, "wine", file, Optional.empty(), UploadProgressListener.none());

            // the objective, with the defaults filled in
            ObjectiveResponse objective = olivia.createObjective(PROJECT, churnObjective(OBJECTIVE));
            assertThat(objective.name()).isEqualTo(OBJECTIVE);
            assertThat(objective.tags()).containsExactly("Staging", "Production");
            assertThat(objective.protectedTags()).containsExactly("Production");
            assertThat(objective.metrics())
                    .extracting(MetricSpec::name, MetricSpec::direction, MetricSpec::primary)
                    .containsExactly(tuple("roc_auc", "maximize", true), tuple("accuracy", "maximize", false));
            assertThat(alice.listObjectives(PROJECT, false, PageOptions.firstPage())
                            .objectives())
                    .extracting(ObjectiveResponse::name)
                    .containsExactly(OBJECTIVE);

            // metadata must fit the objective's fields
            ModelyardApiException missing = refused(
                    () -> alice.submit(
                            PROJECT, OBJECTIVE, new SubmitRequest("wine", 1, Map.of("notes", "no framework"), null)),
                    422,
                    "INVALID_METADATA");
            assertThat(missing.getMessage()).contains("framework");
            ModelyardApiException wrongValue = refused(
                    () -> alice.submit(
                            PROJECT, OBJECTIVE, new SubmitRequest("wine", 1, Map.of("framework", "pytorch"), null)),
                    422,
                    "INVALID_METADATA");
            assertThat(wrongValue.getMessage()).contains("framework");

            SubmissionResponse first = alice.submit(
                    PROJECT, OBJECTIVE, new SubmitRequest("wine", 1, Map.of("framework", "onnx"), "first try"));
            assertThat(first.number()).isEqualTo(1);
            assertThat(first.status()).isEqualTo("open");
            assertThat(first.submittedBy()).isEqualTo("alice");
            assertThat(first.digest()).isEqualTo(v1.digest());
            assertThat(first.metadata()).containsExactly(entry("framework", "onnx"));
            assertThat(alice.getModelVersion(PROJECT, "wine", 1).digest()).isEqualTo(first.digest());

            // not yet approved: no release
            refused(
                    () -> alice.createRelease(
                            PROJECT, OBJECTIVE, new CreateReleaseRequest(1, "1.0.0", null, List.of("Staging"))),
                    409,
                    "CONFLICT");

            // nobody approves their own submission; a colleague does
            refused(
                    () -> alice.review(PROJECT, OBJECTIVE, 1, new ReviewRequest("approve", "mine is great", null)),
                    403,
                    "PERMISSION_DENIED");
            ReviewResponse question =
                    bob.review(PROJECT, OBJECTIVE, 1, new ReviewRequest("comment", "Calibrated?", null));
            ReviewResponse answer =
                    alice.review(PROJECT, OBJECTIVE, 1, new ReviewRequest("comment", "Yes", question.id()));
            assertThat(answer.inReplyTo()).isEqualTo(question.id());
            ReviewResponse approval = bob.review(PROJECT, OBJECTIVE, 1, new ReviewRequest("approve", "LGTM", null));
            assertThat(approval.author()).isEqualTo("bob");
            SubmissionResponse approved = alice.getSubmission(PROJECT, OBJECTIVE, 1);
            assertThat(approved.status()).isEqualTo("approved");
            assertThat(approved.approvals()).isEqualTo(1);
            assertThat(approved.reviews())
                    .extracting(ReviewResponse::author, ReviewResponse::verdict)
                    .containsExactly(tuple("bob", "comment"), tuple("alice", "comment"), tuple("bob", "approve"));
            assertThat(alice.listReviews(PROJECT, OBJECTIVE, 1).reviews()).hasSize(3);

            Instant beforeAnyRelease = pause();
            ReleaseResponse r100 = alice.createRelease(
                    PROJECT, OBJECTIVE, new CreateReleaseRequest(1, "1.0.0", "First churn model", List.of("Staging")));
            assertThat(r100.version()).isEqualTo("1.0.0");
            assertThat(r100.tags()).containsExactly("Staging");
            assertThat(r100.digest()).isEqualTo(v1.digest());
            assertThat(r100.checkResults())
                    .extracting(CheckResultResponse::kind, CheckResultResponse::outcome)
                    .containsExactly(
                            tuple("min_approvals", "passed"), tuple("primary_metric_at_least", "not_evaluable"));
            assertThat(alice.getSubmission(PROJECT, OBJECTIVE, 1).release()).isEqualTo("1.0.0");

            // a second submission, approved, released to Staging and Production by the owner
            alice.submit(PROJECT, OBJECTIVE, new SubmitRequest("wine", 2, Map.of("framework", "onnx"), "retrained"));
            bob.review(PROJECT, OBJECTIVE, 2, new ReviewRequest("approve", null, null));
            refused(
                    () -> alice.createRelease(
                            PROJECT,
                            OBJECTIVE,
                            new CreateReleaseRequest(2, "1.1.0", null, List.of("Staging", "Production"))),
                    403,
                    "PERMISSION_DENIED");
            pause();
            ReleaseResponse r110 = olivia.createRelease(
                    PROJECT,
                    OBJECTIVE,
                    new CreateReleaseRequest(2, "1.1.0", "Retrained", List.of("Staging", "Production")));
            assertThat(r110.tags()).containsExactlyInAnyOrder("Staging", "Production");
            assertThat(alice.getRelease(PROJECT, OBJECTIVE, "1.0.0").tags()).isEmpty();
            Instant whileOnNewRelease = pause();

            // Production back to 1.0.0: the owner may, an editor may not
            TagResponse movedBack = olivia.putTag(PROJECT, OBJECTIVE, "Production", "1.0.0");
            assertThat(movedBack.release()).isEqualTo("1.0.0");
            assertThat(movedBack.protectedTag()).isTrue();
            refused(() -> alice.putTag(PROJECT, OBJECTIVE, "Production", "1.0.0"), 403, "PERMISSION_DENIED");
            refused(() -> alice.putTag(PROJECT, OBJECTIVE, "Production", "1.1.0"), 403, "PERMISSION_DENIED");

            assertThat(alice.tagHistory(PROJECT, OBJECTIVE, "Production").events())
                    .extracting(TagEventResponse::release, TagEventResponse::previous, TagEventResponse::actor)
                    .containsExactly(tuple("1.1.0", null, "olivia"), tuple("1.0.0", "1.1.0", "olivia"));
            List<TagEventResponse> staging =
                    alice.tagHistory(PROJECT, OBJECTIVE, "Staging").events();
            assertThat(staging)
                    .extracting(TagEventResponse::release, TagEventResponse::previous, TagEventResponse::actor)
                    .containsExactly(tuple("1.0.0", null, "alice"), tuple("1.1.0", "1.0.0", "olivia"));
            assertThat(staging).extracting(TagEventResponse::sequence).isSorted();
            assertThat(alice.getObjective(PROJECT, OBJECTIVE).currentTags())
                    .containsOnly(entry("Staging", "1.1.0"), entry("Production", "1.0.0"));
            assertThat(alice.listTags(PROJECT, OBJECTIVE).tags())
                    .extracting(TagResponse::tag, TagResponse::protectedTag, TagResponse::release)
                    .containsExactlyInAnyOrder(tuple("Staging", false, "1.1.0"), tuple("Production", true, "1.0.0"));

            // as-of queries
            assertThat(alice.resolveTag(PROJECT, OBJECTIVE, "Production", Optional.empty())
                            .version())
                    .isEqualTo("1.0.0");
            assertThat(alice.resolveTag(PROJECT, OBJECTIVE, "Production", Optional.of(whileOnNewRelease))
                            .version())
                    .isEqualTo("1.1.0");
            refused(
                    () -> alice.resolveTag(PROJECT, OBJECTIVE, "Production", Optional.of(beforeAnyRelease)),
                    404,
                    "RELEASE_NOT_FOUND");
            assertThat(alice.listReleases(PROJECT, OBJECTIVE, PageOptions.firstPage())
                            .releases())
                    .extracting(ReleaseResponse::version)
                    .containsExactly("1.1.0", "1.0.0");

            // a third submission: the release rules, then withdrawn for good
            alice.submit(
                    PROJECT, OBJECTIVE, new SubmitRequest("wine", v3.number(), Map.of("framework", "xgboost"), null));
            bob.review(PROJECT, OBJECTIVE, 3, new ReviewRequest("approve", null, null));
            refused(
                    () -> olivia.createRelease(PROJECT, OBJECTIVE, new CreateReleaseRequest(3, "1.0.0", null, null)),
                    409,
                    "ALREADY_EXISTS");
            refused(
                    () -> olivia.createRelease(PROJECT, OBJECTIVE, new CreateReleaseRequest(3, "v2", null, null)),
                    422,
                    "INVALID_RELEASE_VERSION");
            refused(
                    () -> olivia.createRelease(
                            PROJECT, OBJECTIVE, new CreateReleaseRequest(3, "2.0.0", null, List.of("Canary"))),
                    422,
                    "UNKNOWN_TAG");
            assertThat(alice.listSubmissions(
                                    PROJECT,
                                    OBJECTIVE,
                                    SubmissionQuery.everything().withMetadata("framework", "onnx"))
                            .submissions())
                    .extracting(SubmissionResponse::number)
                    .containsExactlyInAnyOrder(1, 2);
            assertThat(alice.listSubmissions(
                                    PROJECT,
                                    OBJECTIVE,
                                    SubmissionQuery.everything().withStatus("approved"))
                            .submissions())
                    .extracting(SubmissionResponse::number, SubmissionResponse::release)
                    .containsExactly(tuple(1, "1.0.0"), tuple(2, "1.1.0"), tuple(3, null));
            assertThat(alice.withdrawSubmission(PROJECT, OBJECTIVE, 3).status()).isEqualTo("withdrawn");
            refused(() -> bob.review(PROJECT, OBJECTIVE, 3, new ReviewRequest("approve", null, null)), 409, "CONFLICT");

            // releases are deprecated, never deleted; models with submissions stay
            ReleaseResponse deprecated = olivia.deprecateRelease(PROJECT, OBJECTIVE, "1.1.0", "calibration drift");
            assertThat(deprecated.deprecated()).isTrue();
            assertThat(deprecated.deprecationReason()).isEqualTo("calibration drift");
            refused(() -> alice.deleteModel(PROJECT, "wine"), 409, "CONFLICT");

            // a block check that fails refuses the release and names the check
            olivia.createObjective(
                    PROJECT,
                    new CreateObjectiveRequest(
                            "strict",
                            null,
                            "regression",
                            "y",
                            List.of(new MetricSpec("rmse", null, null)),
                            List.of("Production"),
                            List.of(),
                            List.of(),
                            List.of(new ReleaseCheckSpec("min_approvals", "block", 2, null, null, null)),
                            null));
            assertThat(olivia.getObjective(PROJECT, "strict").metrics())
                    .extracting(MetricSpec::direction)
                    .containsExactly("minimize");
            alice.submit(PROJECT, "strict", new SubmitRequest("wine", 1, Map.of(), null));
            bob.review(PROJECT, "strict", 1, new ReviewRequest("approve", null, null));
            ModelyardApiException checksFailed = refused(
                    () -> alice.createRelease(PROJECT, "strict", new CreateReleaseRequest(1, "1.0.0", null, null)),
                    409,
                    "RELEASE_CHECKS_FAILED");
            assertThat(checksFailed.details().get("failed_checks"))
                    .asList()
                    .singleElement()
                    .asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsEntry("kind", "min_approvals");
            olivia.review(PROJECT, "strict", 1, new ReviewRequest("approve", null, null));
            assertThat(alice.createRelease(PROJECT, "strict", new CreateReleaseRequest(1, "1.0.0", null, null))
                            .checkResults())
                    .extracting(CheckResultResponse::outcome)
                    .containsExactly("passed");
            assertThat(alice.listObjectives(
                                    PROJECT, false, PageOptions.firstPage().withNameContains("stri"))
                            .objectives())
                    .extracting(ObjectiveResponse::name)
                    .containsExactly("strict");
            refused(
                    () -> alice.listSubmissions(
                            PROJECT, OBJECTIVE, SubmissionQuery.everything().withMetadata("colour", "red")),
                    400,
                    "INVALID_REQUEST");

            // archived objectives are listed only on request
            olivia.archiveObjective(PROJECT, OBJECTIVE);
            assertThat(alice.listObjectives(PROJECT, false, PageOptions.firstPage())
                            .objectives())
                    .extracting(ObjectiveResponse::name)
                    .containsExactly("strict");
            assertThat(alice.listObjectives(PROJECT, true, PageOptions.firstPage())
                            .objectives())
                    .extracting(ObjectiveResponse::name, ObjectiveResponse::archived)
                    .containsExactlyInAnyOrder(tuple(OBJECTIVE, true), tuple("strict", false));
            refused(
                    () -> alice.submit(
                            PROJECT, OBJECTIVE, new SubmitRequest("wine", 1, Map.of("framework", "onnx"), null)),
                    409,
                    "CONFLICT");
        }
    }

    /** An instant strictly between what happened before and what happens after. */
    static Instant pause() throws InterruptedException {
        Thread.sleep(20);
        Instant now = Instant.now();
        Thread.sleep(20);
        return now;
    }
}
