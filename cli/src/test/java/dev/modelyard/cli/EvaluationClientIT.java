package dev.modelyard.cli;

import static dev.modelyard.cli.EvaluationFixtures.PHONE_ROWS;
import static dev.modelyard.cli.EvaluationFixtures.ROWS;
import static dev.modelyard.cli.EvaluationFixtures.WEB_ROWS;
import static dev.modelyard.cli.EvaluationFixtures.assertSucceeded;
import static dev.modelyard.cli.EvaluationFixtures.awaitJobs;
import static dev.modelyard.cli.EvaluationFixtures.churnObjective;
import static dev.modelyard.cli.GovernanceFixtures.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import dev.modelyard.api.CheckResultResponse;
import dev.modelyard.api.ComparisonResponse;
import dev.modelyard.api.CreateMetricSetRequest;
import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.CreateReleaseRequest;
import dev.modelyard.api.DatasetVersionResponse;
import dev.modelyard.api.EvaluationDatasetSpec;
import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.api.LeaderboardEntryResponse;
import dev.modelyard.api.LeaderboardResponse;
import dev.modelyard.api.MetricSetResponse;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.api.RequestEvaluationRequest;
import dev.modelyard.api.ReviewRequest;
import dev.modelyard.api.SubmitRequest;
import dev.modelyard.api.UpdateObjectiveRequest;
import dev.modelyard.client.MemberRole;
import dev.modelyard.client.ModelyardApiException;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.UploadProgressListener;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation through the Java client against the real server: submissions evaluated in the
 * background on a dataset and its subsets, ranked on the leaderboard, compared, and gating a
 * release; new dataset versions re-evaluating open submissions; ad hoc metric sets with images.
 */
class EvaluationClientIT {
    private static final String PROJECT = "churn";
    private static final String DATASET = "customers";

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void submissionsAreEvaluatedRankedComparedAndTheWeakerOneIsNotReleased() throws Exception {
        try (EvaluationServer server = EvaluationServer.start(dataDir)) {
            ModelyardClient admin = server.clientFor(server.adminToken());
            admin.createProject(PROJECT, null);
            ModelyardClient alice = member(server, admin, "alice", MemberRole.EDITOR);
            ModelyardClient bob = member(server, admin, "bob", MemberRole.EDITOR);
            ModelyardClient olivia = member(server, admin, "olivia", MemberRole.OWNER);

            alice.createDataset(PROJECT, DATASET, "synthetic customers");
            DatasetVersionResponse data = alice.uploadDatasetVersion(
                    PROJECT, DATASET, EmbeddedServer.fixture("synth_binary.csv", work), UploadProgressListener.none());
            assertThat(data.rowCount()).isEqualTo(ROWS);
            olivia.createObjective(
                    PROJECT,
                    churnObjective(
                            "churn",
                            List.of(new EvaluationDatasetSpec(DATASET, null, null)),
                            List.of(new ReleaseCheckSpec("min_approvals", "block", 1, null, null, null))));
            assertThat(alice.getObjective(PROJECT, "churn").evaluation().datasets())
                    .singleElement()
                    .satisfies(dataset -> {
                        assertThat(dataset.policy()).isEqualTo("latest");
                        assertThat(dataset.version()).isNull();
                    });

            alice.createModel(PROJECT, "churn-xgb", null);
            upload(alice, "churn-xgb", "synth_binary_xgb.json");
            upload(alice, "churn-xgb", "synth_binary_xgb_1tree.json");
            alice.submit(PROJECT, "churn", new SubmitRequest("churn-xgb", 1, Map.of(), "30 trees"));
            alice.submit(PROJECT, "churn", new SubmitRequest("churn-xgb", 2, Map.of(), "one tree"));

            // both are evaluated in the background, without anybody asking
            List<EvaluationJobResponse> jobs = awaitJobs(alice, PROJECT, "churn", Optional.empty(), 2);
            assertSucceeded(jobs);
            assertThat(jobs)
                    .extracting(EvaluationJobResponse::trigger, EvaluationJobResponse::rowsTotal)
                    .containsOnly(tuple("submission", ROWS));

            // one metric set for all rows and one per subset, each on the rows it covers
            Map<String, MetricSetResponse> best =
                    bySubset(alice.listMetricSets(PROJECT, "churn", 1).metricSets());
            assertThat(best.keySet()).containsExactlyInAnyOrder("all", "web", "phone");
            assertThat(best.get("all").rowCount()).isEqualTo(ROWS);
            assertThat(best.get("web").rowCount()).isEqualTo(WEB_ROWS);
            assertThat(best.get("phone").rowCount()).isEqualTo(PHONE_ROWS);
            MetricSetResponse all = best.get("all");
            assertThat(all.source()).isEqualTo("evaluation");
            assertThat(all.datasetVersion()).isEqualTo(1);
            assertThat(all.values().get("accuracy")).isCloseTo(0.953, within(1e-9));
            assertThat(all.values().get("roc_auc")).isCloseTo(0.99041, within(1e-4));
            assertThat(all.values()).containsKeys("precision", "recall", "f1", "average_precision", "log_loss");
            assertThat(all.charts()).containsKeys("roc_curve", "precision_recall_curve", "score_histogram");
            assertThat(all.confusionMatrix()).hasDimensions(2, 2);
            assertThat(all.confusionMatrix()[0][0]
                            + all.confusionMatrix()[0][1]
                            + all.confusionMatrix()[1][0]
                            + all.confusionMatrix()[1][1])
                    .isEqualTo(ROWS);
            assertThat(alice.getMetricSet(PROJECT, "churn", 1, all.id()).values())
                    .isEqualTo(all.values());

            // the leaderboard ranks the thirty trees over the single tree, on every scope
            LeaderboardResponse board =
                    alice.leaderboard(PROJECT, "churn", Optional.empty(), Optional.empty(), Optional.empty());
            assertThat(board.dataset()).isEqualTo(DATASET);
            assertThat(board.datasetVersion()).isEqualTo(1);
            assertThat(board.subset()).isNull();
            assertThat(board.primaryMetric().name()).isEqualTo("roc_auc");
            assertThat(board.entries())
                    .extracting(LeaderboardEntryResponse::rank, LeaderboardEntryResponse::submission)
                    .containsExactly(tuple(1, 1), tuple(2, 2));
            double strong = board.entries().get(0).values().get("roc_auc");
            double weak = board.entries().get(1).values().get("roc_auc");
            assertThat(strong).isGreaterThan(weak);
            LeaderboardResponse web =
                    alice.leaderboard(PROJECT, "churn", Optional.of(DATASET), Optional.of(1), Optional.of("web"));
            assertThat(web.subset()).isEqualTo("web");
            assertThat(web.entries().get(0).metricSetId())
                    .isEqualTo(best.get("web").id());

            ComparisonResponse comparison =
                    alice.compare(PROJECT, "churn", 1, 2, Optional.empty(), Optional.empty(), Optional.empty());
            ComparisonResponse.Row auc = comparison.rows().stream()
                    .filter(row -> row.metric().equals("roc_auc"))
                    .findFirst()
                    .orElseThrow();
            assertThat(auc.better()).isEqualTo("first");
            assertThat(auc.difference()).isCloseTo(weak - strong, within(1e-12));

            // a threshold between the two: the weaker one is refused, the stronger one released
            olivia.updateObjective(
                    PROJECT,
                    "churn",
                    new UpdateObjectiveRequest(
                            null,
                            null,
                            null,
                            null,
                            null,
                            null,
                            List.of(
                                    new ReleaseCheckSpec("min_approvals", "block", 1, null, null, null),
                                    new ReleaseCheckSpec(
                                            "primary_metric_at_least", "block", null, (strong + weak) / 2, null, null)),
                            null,
                            null));
            bob.review(PROJECT, "churn", 1, new ReviewRequest("approve", null, null));
            bob.review(PROJECT, "churn", 2, new ReviewRequest("approve", null, null));
            ModelyardApiException refusal = refused(
                    () -> alice.createRelease(
                            PROJECT, "churn", new CreateReleaseRequest(2, "0.9.0", null, List.of("Staging"))),
                    409,
                    "RELEASE_CHECKS_FAILED");
            assertThat(refusal.getMessage()).contains("roc_auc is " + weak + " on dataset 'customers' version 1");
            assertThat(refusal.details().get("failed_checks").toString()).contains("primary_metric_at_least");
            ReleaseResponse released = alice.createRelease(
                    PROJECT, "churn", new CreateReleaseRequest(1, "1.0.0", null, List.of("Staging")));
            assertThat(released.checkResults())
                    .extracting(CheckResultResponse::kind, CheckResultResponse::outcome)
                    .contains(tuple("primary_metric_at_least", "passed"));
            assertThat(alice.leaderboard(PROJECT, "churn", Optional.empty(), Optional.empty(), Optional.empty())
                            .entries()
                            .get(0)
                            .release())
                    .isEqualTo("1.0.0");
        }
    }

    @Test
    void aNewVersionReEvaluatesOpenSubmissionsWhileOldMetricSetsKeepTheirVersion() throws Exception {
        try (EvaluationServer server = EvaluationServer.start(dataDir)) {
            ModelyardClient admin = server.clientFor(server.adminToken());
            admin.createProject(PROJECT, null);
            ModelyardClient alice = member(server, admin, "alice", MemberRole.OWNER);

            alice.createDataset(PROJECT, DATASET, null);
            alice.uploadDatasetVersion(
                    PROJECT,
                    DATASET,
                    EvaluationServer.head("synth_binary.csv", 1000, work.resolve("first-half.csv")),
                    UploadProgressListener.none());
            alice.createObjective(
                    PROJECT,
                    churnObjective("follows", List.of(new EvaluationDatasetSpec(DATASET, "latest", null)), null));
            alice.createObjective(
                    PROJECT, churnObjective("pinned", List.of(new EvaluationDatasetSpec(DATASET, null, 1)), null));
            alice.createModel(PROJECT, "churn-xgb", null);
            upload(alice, "churn-xgb", "synth_binary_xgb.json");
            alice.submit(PROJECT, "follows", new SubmitRequest("churn-xgb", 1, Map.of(), null));
            alice.submit(PROJECT, "pinned", new SubmitRequest("churn-xgb", 1, Map.of(), null));
            assertSucceeded(awaitJobs(alice, PROJECT, "follows", Optional.empty(), 1));
            assertSucceeded(awaitJobs(alice, PROJECT, "pinned", Optional.empty(), 1));
            MetricSetResponse before = bySubset(
                            alice.listMetricSets(PROJECT, "follows", 1).metricSets())
                    .get("all");
            assertThat(before.datasetVersion()).isEqualTo(1);
            assertThat(before.rowCount()).isEqualTo(1000);

            // version 2: the objective following the newest version evaluates again, the pinned one does not
            alice.uploadDatasetVersion(
                    PROJECT, DATASET, EmbeddedServer.fixture("synth_binary.csv", work), UploadProgressListener.none());
            List<EvaluationJobResponse> jobs = awaitJobs(alice, PROJECT, "follows", Optional.of(1), 2);
            assertSucceeded(jobs);
            assertThat(jobs.get(0).trigger()).isEqualTo("new_dataset_version");
            assertThat(jobs.get(0).datasetVersion()).isEqualTo(2);
            assertThat(alice.listEvaluationJobs(PROJECT, "pinned", Optional.empty())
                            .jobs())
                    .hasSize(1);

            List<MetricSetResponse> sets =
                    alice.listMetricSets(PROJECT, "follows", 1).metricSets();
            assertThat(sets)
                    .filteredOn(set -> set.subset() == null)
                    .extracting(MetricSetResponse::datasetVersion, MetricSetResponse::rowCount)
                    .containsExactlyInAnyOrder(tuple(1, 1000L), tuple(2, ROWS));
            MetricSetResponse old = alice.getMetricSet(PROJECT, "follows", 1, before.id());
            assertThat(old.datasetVersion()).isEqualTo(1);
            assertThat(old.values()).isEqualTo(before.values());

            // the leaderboard follows the newest version, and still shows the old one when asked
            assertThat(alice.leaderboard(PROJECT, "follows", Optional.empty(), Optional.empty(), Optional.empty())
                            .datasetVersion())
                    .isEqualTo(2);
            assertThat(alice.leaderboard(PROJECT, "follows", Optional.empty(), Optional.of(1), Optional.empty())
                            .entries()
                            .get(0)
                            .metricSetId())
                    .isEqualTo(before.id());
            assertThat(alice.leaderboard(PROJECT, "pinned", Optional.empty(), Optional.empty(), Optional.empty())
                            .datasetVersion())
                    .isEqualTo(1);

            // on demand, on the old version of the following objective
            List<EvaluationJobResponse> queued = alice.requestEvaluation(
                            PROJECT, "follows", new RequestEvaluationRequest(1, DATASET, 1))
                    .jobs();
            assertThat(queued).singleElement().satisfies(job -> {
                assertThat(job.trigger()).isEqualTo("on_demand");
                assertThat(job.datasetVersion()).isEqualTo(1);
            });
            assertSucceeded(awaitJobs(alice, PROJECT, "follows", Optional.of(1), 3));
            EvaluationJobResponse again =
                    alice.getEvaluationJob(PROJECT, "follows", queued.get(0).id());
            assertThat(again.status()).isEqualTo("succeeded");
            assertThat(again.rowsTotal()).isEqualTo(1000);
        }
    }

    @Test
    void adHocMetricSetsKeepTheirImagesByteForByteWithinTheLimits() throws Exception {
        try (EvaluationServer server = EvaluationServer.start(dataDir)) {
            ModelyardClient admin = server.clientFor(server.adminToken());
            admin.createProject(PROJECT, null);
            ModelyardClient alice = member(server, admin, "alice", MemberRole.OWNER);
            alice.createDataset(PROJECT, DATASET, null);
            alice.uploadDatasetVersion(
                    PROJECT, DATASET, EmbeddedServer.fixture("synth_binary.csv", work), UploadProgressListener.none());
            // no evaluation datasets: metrics only come ad hoc, and metric checks are not evaluable
            CreateObjectiveRequest plain = new CreateObjectiveRequest(
                    "offline",
                    null,
                    "binary_classification",
                    "label",
                    List.of(new MetricSpec("roc_auc", null, null)),
                    null,
                    null,
                    null,
                    List.of(new ReleaseCheckSpec("primary_metric_at_least", "block", null, 0.99, null, null)),
                    null);
            alice.createObjective(PROJECT, plain);
            alice.createModel(PROJECT, "churn-xgb", null);
            upload(alice, "churn-xgb", "synth_binary_xgb.json");
            alice.submit(PROJECT, "offline", new SubmitRequest("churn-xgb", 1, Map.of(), null));

            byte[] png = EvaluationFixtures.png(16, 16, false);
            MetricSetResponse posted = alice.postMetricSet(
                    PROJECT,
                    "offline",
                    1,
                    new CreateMetricSetRequest(
                            DATASET,
                            1,
                            null,
                            500L,
                            Map.of("roc_auc", 0.97, "lift_at_10", 2.4),
                            null,
                            List.of(List.of(230L, 20L), List.of(15L, 235L)),
                            Map.of("shap_summary", Base64.getEncoder().encodeToString(png))));
            assertThat(posted.source()).isEqualTo("ad_hoc");
            assertThat(posted.rowCount()).isEqualTo(500);
            assertThat(posted.images()).singleElement().satisfies(image -> {
                assertThat(image.sizeBytes()).isEqualTo(png.length);
                assertThat(image.sha256()).isEqualTo(sha256(png));
            });
            assertThat(alice.getMetricImage(PROJECT, "offline", 1, posted.id(), "shap_summary"))
                    .isEqualTo(png);
            Path saved = work.resolve("saved.png");
            alice.downloadMetricImage(PROJECT, "offline", 1, posted.id(), "shap_summary", saved);
            assertThat(saved).hasBinaryContent(png);
            assertThat(alice.listMetricSets(PROJECT, "offline", 1).metricSets())
                    .extracting(MetricSetResponse::id)
                    .containsExactly(posted.id());

            byte[] big = EvaluationFixtures.png(128, 128, true);
            assertThat(big.length).isGreaterThan(EvaluationServer.MAX_IMAGE_BYTES);
            ModelyardApiException tooLarge =
                    refused(() -> alice.postMetricSet(PROJECT, "offline", 1, imageOnly(big)), 413, "PAYLOAD_TOO_LARGE");
            assertThat(tooLarge.getMessage()).contains("plot");
            ModelyardApiException notPng = refused(
                    () -> alice.postMetricSet(
                            PROJECT, "offline", 1, imageOnly("GIF89a not a png".getBytes(StandardCharsets.US_ASCII))),
                    400,
                    "INVALID_REQUEST");
            assertThat(notPng.getMessage()).contains("not a PNG");
            assertThat(alice.listMetricSets(PROJECT, "offline", 1).metricSets()).hasSize(1);

            // the objective evaluates on nothing: its metric check is not evaluable and does not block
            ModelyardClient bob = member(server, admin, "bob", MemberRole.EDITOR);
            bob.review(PROJECT, "offline", 1, new ReviewRequest("approve", null, null));
            ReleaseResponse released = alice.createRelease(
                    PROJECT, "offline", new CreateReleaseRequest(1, "1.0.0", null, List.of("Staging")));
            assertThat(released.checkResults()).singleElement().satisfies(check -> {
                assertThat(check.kind()).isEqualTo("primary_metric_at_least");
                assertThat(check.outcome()).isEqualTo("not_evaluable");
                assertThat(check.message()).contains("names no evaluation datasets");
            });
        }
    }

    private static CreateMetricSetRequest imageOnly(byte[] image) {
        return new CreateMetricSetRequest(
                DATASET,
                1,
                null,
                null,
                null,
                null,
                null,
                Map.of("plot", Base64.getEncoder().encodeToString(image)));
    }

    private static ModelyardClient member(
            EvaluationServer server, ModelyardClient admin, String user, MemberRole role) {
        String token = admin.createUser(user, Optional.empty(), false).secret();
        admin.putMember(PROJECT, user, role);
        return server.clientFor(token);
    }

    private void upload(ModelyardClient client, String model, String fixture) {
        Path file = EmbeddedServer.fixture(fixture, work);
        client.uploadModelVersion(PROJECT, model, file, Optional.empty(), UploadProgressListener.none());
    }

    /** The evaluated metric sets by subset ({@code all} for all rows). */
    private static Map<String, MetricSetResponse> bySubset(List<MetricSetResponse> sets) {
        return sets.stream()
                .collect(Collectors.toMap(
                        set -> set.subset() == null ? "all" : set.subset(),
                        Function.identity(),
                        (newer, older) -> newer));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
