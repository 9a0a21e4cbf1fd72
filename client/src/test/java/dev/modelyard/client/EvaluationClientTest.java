package dev.modelyard.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.api.ChartSpec;
import dev.modelyard.api.ComparisonResponse;
import dev.modelyard.api.CreateMetricSetRequest;
import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.api.LeaderboardEntryResponse;
import dev.modelyard.api.LeaderboardResponse;
import dev.modelyard.api.ListEvaluationJobsResponse;
import dev.modelyard.api.MetricSetResponse;
import dev.modelyard.api.RequestEvaluationRequest;
import dev.modelyard.api.SeriesSpec;
import dev.modelyard.client.TestingApiServer.CannedResponse;
import dev.modelyard.client.TestingApiServer.ReceivedRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation methods against a canned server: the requests they send and what they read back. */
class EvaluationClientTest {
    private static final String OBJECTIVE = "/api/v1/projects/churn/objectives/churn";
    private static final String JOB =
            """
            {"id":"j1","submission":2,"dataset":"customers","dataset_version":3,"trigger":"on_demand",
             "status":"running","attempt":1,"rows_done":8192,"rows_total":20000,"requested_by":"alice",
             "created_at":"2025-01-02T03:04:05Z","started_at":"2025-01-02T03:04:06Z"}""";
    private static final String METRIC_SET =
            """
            {"id":"m1","submission":2,"dataset":"customers","dataset_version":3,"subset":"web","source":"evaluation",
             "job_id":"j1","row_count":812,"values":{"accuracy":0.91,"roc_auc":0.95},
             "undefined":{"brier_score":"a score is greater than 1"},
             "charts":{"roc_curve":{"kind":"line","series":[{"name":"fpr","values":[0.0,0.5,1.0]},
                                                             {"name":"tpr","values":[0.0,0.9,1.0]}]}},
             "confusion_matrix":[[400,12],[61,339]],
             "images":[{"name":"shap","size_bytes":67,"sha256":"ab12","url":"/api/v1/…/images/shap"}],
             "created_by":"alice","created_at":"2025-01-02T03:05:00Z"}""";

    @TempDir
    Path directory;

    private TestingApiServer server;
    private ModelyardClient client;

    @BeforeEach
    void start() throws IOException {
        server = new TestingApiServer();
        client = ModelyardClient.builder()
                .baseUri(server.baseUri())
                .token("my-token")
                .build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void requestsEvaluationsAndFollowsTheirJobs() {
        server.answer("POST", OBJECTIVE + "/evaluations", CannedResponse.json(202, "{\"jobs\":[" + JOB + "]}"));
        server.answer("GET", OBJECTIVE + "/evaluations", CannedResponse.json(200, "{\"jobs\":[" + JOB + "]}"));
        server.answer("GET", OBJECTIVE + "/evaluations/j1", CannedResponse.json(200, JOB));

        ListEvaluationJobsResponse queued =
                client.requestEvaluation("churn", "churn", new RequestEvaluationRequest(2, "customers", null));
        ReceivedRequest request = server.lastRequest();
        client.listEvaluationJobs("churn", "churn", Optional.of(2));
        ReceivedRequest list = server.lastRequest();
        client.listEvaluationJobs("churn", "churn", Optional.empty());
        ReceivedRequest listAll = server.lastRequest();
        EvaluationJobResponse job = client.getEvaluationJob("churn", "churn", "j1");

        assertThat(request.bodyText()).isEqualTo("{\"submission\":2,\"dataset\":\"customers\"}");
        assertThat(queued.jobs()).extracting(EvaluationJobResponse::id).containsExactly("j1");
        assertThat(list.uri().getRawQuery()).isEqualTo("submission=2");
        assertThat(listAll.uri().getRawQuery()).isNull();
        assertThat(job.rowsDone()).isEqualTo(8192);
        assertThat(job.rowsTotal()).isEqualTo(20000);
        assertThat(job.datasetVersion()).isEqualTo(3);
        assertThat(job.error()).isNull();
    }

    @Test
    void readsMetricSetsWithTheirChartsConfusionMatrixAndUndefinedMetrics() {
        server.answer(
                "GET",
                OBJECTIVE + "/submissions/2/metric-sets",
                CannedResponse.json(200, "{\"metric_sets\":[" + METRIC_SET + "]}"));
        server.answer("GET", OBJECTIVE + "/submissions/2/metric-sets/m1", CannedResponse.json(200, METRIC_SET));

        List<MetricSetResponse> sets =
                client.listMetricSets("churn", "churn", 2).metricSets();
        MetricSetResponse set = client.getMetricSet("churn", "churn", 2, "m1");

        assertThat(sets).extracting(MetricSetResponse::id).containsExactly("m1");
        assertThat(set.values()).containsEntry("roc_auc", 0.95);
        assertThat(set.undefined()).containsKey("brier_score");
        assertThat(set.charts().get("roc_curve").series().get(1).values()).containsExactly(0.0, 0.9, 1.0);
        assertThat(set.confusionMatrix()).isDeepEqualTo(new long[][] {{400, 12}, {61, 339}});
        assertThat(set.images()).extracting(image -> image.name()).containsExactly("shap");
    }

    @Test
    void postsAnAdHocMetricSetAsSnakeCaseJsonWithBase64Images() {
        server.answer("POST", OBJECTIVE + "/submissions/2/metric-sets", CannedResponse.json(201, METRIC_SET));

        client.postMetricSet(
                "churn",
                "churn",
                2,
                new CreateMetricSetRequest(
                        "customers",
                        3,
                        "web",
                        812L,
                        Map.of("roc_auc", 0.95),
                        Map.of("lift", new ChartSpec("line", List.of(new SeriesSpec("lift", new double[] {1.5, 1.0})))),
                        List.of(List.of(400L, 12L), List.of(61L, 339L)),
                        Map.of("shap", "iVBORw0KGgo=")));

        assertThat(server.lastRequest().bodyText())
                .isEqualTo("{\"dataset\":\"customers\",\"version\":3,\"subset\":\"web\",\"row_count\":812,"
                        + "\"values\":{\"roc_auc\":0.95},"
                        + "\"charts\":{\"lift\":{\"kind\":\"line\",\"series\":[{\"name\":\"lift\",\"values\":[1.5,1.0]}]}},"
                        + "\"confusion_matrix\":[[400,12],[61,339]],\"images\":{\"shap\":\"iVBORw0KGgo=\"}}");
    }

    @Test
    void fetchesAnImageAsBytesOrIntoAFile() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3};
        server.answer(
                "GET",
                OBJECTIVE + "/submissions/2/metric-sets/m1/images/shap",
                new CannedResponse(200, Map.of("Content-Type", "image/png"), png));
        Path target = directory.resolve("shap.png");

        byte[] fetched = client.getMetricImage("churn", "churn", 2, "m1", "shap");
        DownloadedArtifact saved = client.downloadMetricImage("churn", "churn", 2, "m1", "shap", target);

        assertThat(fetched).isEqualTo(png);
        assertThat(target).hasBinaryContent(png);
        assertThat(saved.sizeBytes()).isEqualTo(png.length);
        assertThat(server.lastRequest().header("Accept")).isEqualTo("image/png");
    }

    @Test
    void anImageOverTheLimitIsRefusedWithTheServersCode() {
        server.answer(
                "POST",
                OBJECTIVE + "/submissions/2/metric-sets",
                CannedResponse.json(
                        413,
                        """
                        {"error":{"code":"PAYLOAD_TOO_LARGE","message":"image 'big' is 2000 bytes; the limit is 1024",
                         "details":{"image":"big","limit_bytes":1024}}}"""));

        assertThatThrownBy(() -> client.postMetricSet(
                        "churn",
                        "churn",
                        2,
                        new CreateMetricSetRequest(
                                "customers", 3, null, null, null, null, null, Map.of("big", "AA=="))))
                .isInstanceOfSatisfying(ModelyardApiException.class, error -> {
                    assertThat(error.httpStatus()).isEqualTo(413);
                    assertThat(error.code()).isEqualTo("PAYLOAD_TOO_LARGE");
                    assertThat(error.details()).containsEntry("image", "big");
                });
    }

    @Test
    void asksForTheLeaderboardAndComparisonsOnAScope() {
        server.answer(
                "GET",
                OBJECTIVE + "/leaderboard",
                CannedResponse.json(
                        200,
                        """
                        {"objective":"churn","dataset":"customers","dataset_version":3,"subset":"web",
                         "primary_metric":{"name":"roc_auc","direction":"maximize","primary":true},
                         "metrics":[{"name":"roc_auc","direction":"maximize","primary":true}],
                         "entries":[{"rank":1,"submission":2,"model":"xgb","model_version":1,"status":"open",
                                     "values":{"roc_auc":0.95},"metric_set_id":"m1","evaluation":"evaluated"},
                                    {"submission":3,"model":"xgb","model_version":2,"status":"open",
                                     "values":{},"evaluation":"queued"}]}"""));
        server.answer(
                "GET",
                OBJECTIVE + "/compare",
                CannedResponse.json(
                        200,
                        """
                        {"dataset":"customers","dataset_version":3,"first":2,"second":3,
                         "first_metric_set":"m1","second_metric_set":"m2",
                         "rows":[{"metric":"roc_auc","direction":"maximize","first":0.95,"second":0.9,
                                  "difference":-0.05,"better":"first"}]}"""));

        LeaderboardResponse board = client.leaderboard(
                "churn", "churn", Optional.of("customers"), Optional.of(3), Optional.of("web & mobile"));
        ReceivedRequest boardRequest = server.lastRequest();
        ComparisonResponse comparison =
                client.compare("churn", "churn", 2, 3, Optional.empty(), Optional.empty(), Optional.empty());
        ReceivedRequest compareRequest = server.lastRequest();

        assertThat(boardRequest.uri().getRawQuery()).isEqualTo("dataset=customers&version=3&subset=web%20%26%20mobile");
        assertThat(board.entries()).extracting(LeaderboardEntryResponse::rank).containsExactly(1, null);
        assertThat(board.entries().get(1).evaluation()).isEqualTo("queued");
        assertThat(compareRequest.uri().getRawQuery()).isEqualTo("first=2&second=3");
        assertThat(comparison.rows()).singleElement().satisfies(row -> {
            assertThat(row.difference()).isEqualTo(-0.05);
            assertThat(row.better()).isEqualTo("first");
        });
    }
}
