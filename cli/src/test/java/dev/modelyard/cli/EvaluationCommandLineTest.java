package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluation and dataset commands against a canned server: the requests they build and what they print. */
class EvaluationCommandLineTest {
    private static final String OBJECTIVES = "/api/v1/projects/churn/objectives";
    private static final String OBJECTIVE =
            """
            {"id":"o1","project":"churn","name":"churn","task_type":"binary_classification","label_column":"label",
             "metrics":[{"name":"roc_auc","direction":"maximize","primary":true}],
             "tags":["Staging","Production"],"protected_tags":["Production"],
             "evaluation":{"datasets":[{"dataset":"customers","policy":"pinned","version":3}],
                           "subsets":[{"name":"web","filter":"channel = 'web'"}],
                           "score_mapping":{"feature_columns":["f0","f1"],"threshold":0.4,"class_labels":[]}},
             "archived":false,"created_by":"admin","created_at":"2025-01-02T03:04:05Z"}""";
    private static final String METRIC_SET =
            """
            {"id":"m1","submission":1,"dataset":"customers","dataset_version":3,"source":"ad_hoc","row_count":500,
             "values":{"lift_at_10":2.4},"images":[],"created_by":"alice","created_at":"2025-01-02T03:05:00Z"}""";

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path configDirectory;

    @TempDir
    Path work;

    private TestingApiServer server;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        server = new TestingApiServer();
        cli = new CliRunner(configDirectory);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CliRunner.Result run(String... arguments) {
        String[] all = new String[arguments.length + 4];
        System.arraycopy(arguments, 0, all, 0, arguments.length);
        all[arguments.length] = "--url";
        all[arguments.length + 1] = server.baseUri().toString();
        all[arguments.length + 2] = "--token";
        all[arguments.length + 3] = "t";
        return cli.run(all);
    }

    @Test
    void objectivesCreateSendsTheEvaluationSettingsInTheirCompactForms() throws IOException {
        server.answer("POST", OBJECTIVES, 201, OBJECTIVE);

        CliRunner.Result result = run(
                "objectives",
                "create",
                "churn",
                "churn",
                "--task-type",
                "binary_classification",
                "--label-column",
                "label",
                "--evaluation-dataset",
                "customers",
                "--evaluation-dataset",
                "holdout@3",
                "--evaluation-dataset",
                "recent@LATEST",
                "--subset",
                "web=channel = 'web'",
                "--subset",
                "adults=age >= 18 and country in ('DE', 'FR')",
                "--feature-column",
                "f0,f1",
                "--feature-column",
                "f2",
                "--threshold",
                "0.4",
                "--positive-label",
                "yes");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode evaluation =
                json.readTree(server.last("POST", OBJECTIVES).body()).path("evaluation");
        assertThat(evaluation.path("datasets").toString())
                .isEqualTo("[{\"dataset\":\"customers\"},{\"dataset\":\"holdout\",\"policy\":\"pinned\",\"version\":3},"
                        + "{\"dataset\":\"recent\",\"policy\":\"latest\"}]");
        assertThat(evaluation.path("subsets").toString())
                .isEqualTo("[{\"name\":\"web\",\"filter\":\"channel = 'web'\"},"
                        + "{\"name\":\"adults\",\"filter\":\"age >= 18 and country in ('DE', 'FR')\"}]");
        assertThat(evaluation.path("score_mapping").toString())
                .isEqualTo("{\"feature_columns\":[\"f0\",\"f1\",\"f2\"],\"threshold\":0.4,\"positive_label\":\"yes\","
                        + "\"class_labels\":[]}");
    }

    @Test
    void objectivesCreateWithoutEvaluationOptionsSendsNoEvaluation() throws IOException {
        server.answer("POST", OBJECTIVES, 201, OBJECTIVE);

        CliRunner.Result result =
                run("objectives", "create", "churn", "churn", "--task-type", "regression", "--metric", "rmse");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(json.readTree(server.last("POST", OBJECTIVES).body()).has("evaluation"))
                .isFalse();
    }

    @Test
    void objectivesUpdateReplacesOnlyTheEvaluationPartsGiven() throws IOException {
        server.answer("GET", OBJECTIVES + "/churn", 200, OBJECTIVE);
        server.answer("PATCH", OBJECTIVES + "/churn", 200, OBJECTIVE);

        CliRunner.Result result = run("objectives", "update", "churn", "churn", "--subset", "", "--score-column", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        JsonNode body =
                json.readTree(server.last("PATCH", OBJECTIVES + "/churn").body());
        assertThat(body.path("evaluation").toString())
                .isEqualTo("{\"datasets\":[{\"dataset\":\"customers\",\"policy\":\"pinned\",\"version\":3}],"
                        + "\"subsets\":[],\"score_mapping\":{\"feature_columns\":[\"f0\",\"f1\"],\"score_column\":1,"
                        + "\"threshold\":0.4,\"class_labels\":[]}}");
        assertThat(body.has("metrics")).isFalse();
    }

    @Test
    void objectivesUpdateWithoutEvaluationOptionsLeavesTheSettingsAlone() throws IOException {
        server.answer("PATCH", OBJECTIVES + "/churn", 200, OBJECTIVE);

        CliRunner.Result result = run("objectives", "update", "churn", "churn", "--description", "new");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(json.readTree(server.last("PATCH", OBJECTIVES + "/churn").body())
                        .has("evaluation"))
                .isFalse();
        assertThat(server.received())
                .extracting(TestingApiServer.Received::method)
                .containsExactly("PATCH");
    }

    @Test
    void objectivesShowPrintsTheEvaluationSettings() {
        server.answer("GET", OBJECTIVES + "/churn", 200, OBJECTIVE);

        CliRunner.Result result = run("objectives", "show", "churn", "churn");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .contains(
                        """
                        Evaluation datasets:
                          DATASET    POLICY  VERSION
                          customers  pinned  3
                        """)
                .containsPattern("web\\s+channel = 'web'")
                .containsPattern("Feature columns:\\s+f0, f1")
                .containsPattern("Threshold:\\s+0.4")
                .containsPattern("Output:\\s+default");
    }

    @Test
    void aBadEvaluationDatasetFormIsAUsageError() {
        CliRunner.Result result = run(
                "objectives",
                "create",
                "churn",
                "churn",
                "--task-type",
                "binary_classification",
                "--evaluation-dataset",
                "customers@newest");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("after '@' comes a version number, 'latest' or 'pinned'");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void evaluateSendsTheScopeAndNeedsTheDatasetOfAVersion() throws IOException {
        server.answer(
                "POST",
                OBJECTIVES + "/churn/evaluations",
                202,
                """
                {"jobs":[{"id":"j1","submission":2,"dataset":"customers","dataset_version":3,"trigger":"on_demand",
                          "status":"queued","attempt":0,"rows_done":0,"rows_total":2000,"requested_by":"alice",
                          "created_at":"2025-01-02T03:04:05Z"}]}""");

        CliRunner.Result queued =
                run("evaluate", "churn", "churn", "--submission", "2", "--dataset", "customers", "--version", "3");
        CliRunner.Result noDataset = run("evaluate", "churn", "churn", "--version", "3");

        assertThat(queued.exitCode()).as(queued.err()).isZero();
        assertThat(server.last("POST", OBJECTIVES + "/churn/evaluations").body())
                .isEqualTo("{\"submission\":2,\"dataset\":\"customers\",\"version\":3}");
        assertThat(queued.out())
                .startsWith("Queued 1 evaluation job(s); follow them with 'modelyard evaluations churn churn'.")
                .containsPattern("j1\\s+#2\\s+customers\\s+3\\s+on_demand\\s+queued\\s+0\\s+0/2000");
        assertThat(noDataset.exitCode()).isEqualTo(2);
        assertThat(noDataset.err()).contains("--version needs --dataset");
    }

    @Test
    void leaderboardAndCompareSendTheirScopeAndPrintTables() {
        server.answer(
                "GET",
                OBJECTIVES + "/churn/leaderboard",
                200,
                """
                {"objective":"churn","dataset":"customers","dataset_version":3,"subset":"web",
                 "primary_metric":{"name":"roc_auc","direction":"maximize","primary":true},
                 "metrics":[{"name":"roc_auc","direction":"maximize","primary":true},
                            {"name":"log_loss","direction":"minimize","primary":false}],
                 "entries":[{"rank":1,"submission":2,"model":"xgb","model_version":4,"status":"approved",
                             "release":"1.0.0","values":{"roc_auc":0.951234,"log_loss":0.00012},
                             "evaluation":"evaluated"},
                            {"submission":3,"model":"xgb","model_version":5,"status":"open","values":{},
                             "evaluation":"running (8192 of 20000 rows)"}]}""");
        server.answer(
                "GET",
                OBJECTIVES + "/churn/compare",
                200,
                """
                {"dataset":"customers","dataset_version":3,"first":2,"second":3,
                 "rows":[{"metric":"roc_auc","direction":"maximize","first":0.95,"second":0.96,"difference":0.01,
                          "better":"second"},
                         {"metric":"lift","first":2.0}]}""");

        CliRunner.Result board =
                run("leaderboard", "churn", "churn", "--dataset", "customers", "--version", "3", "--subset", "web");
        String boardQuery =
                server.last("GET", OBJECTIVES + "/churn/leaderboard").pathAndQuery();
        CliRunner.Result comparison = run("compare", "churn", "churn", "2", "3");

        assertThat(boardQuery).endsWith("/leaderboard?dataset=customers&version=3&subset=web");
        assertThat(board.out())
                .isEqualTo(
                        """
                        Objective churn on dataset 'customers' version 3, subset 'web'; ranked by roc_auc (maximize).

                        RANK  SUBMISSION  MODEL  STATUS    RELEASE  ROC_AUC  LOG_LOSS   EVALUATION
                        1     #2          xgb@4  approved  1.0.0    0.9512   0.0001200  evaluated
                        -     #3          xgb@5  open      -        -        -          running (8192 of 20000 rows)
                        """);
        assertThat(server.last("GET", OBJECTIVES + "/churn/compare").pathAndQuery())
                .endsWith("/compare?first=2&second=3");
        assertThat(comparison.out())
                .containsPattern("roc_auc\\s+maximize\\s+0\\.9500\\s+0\\.9600\\s+\\+0\\.0100\\s+#3")
                .containsPattern("lift\\s+-\\s+2\\.0000\\s+-\\s+-\\s+-");
    }

    @Test
    void metricsPostMergesTheFileWithTheOptionsAndSendsImagesAsBase64() throws IOException {
        server.answer("POST", OBJECTIVES + "/churn/submissions/1/metric-sets", 201, METRIC_SET);
        Path file = Files.writeString(
                work.resolve("metricset.json"),
                """
                {"dataset": "customers", "version": 2, "values": {"lift_at_10": 2.0, "gain": 0.5},
                 "charts": {"lift": {"kind": "line", "series": [{"name": "lift", "values": [3.0, 1.0]}]}}}""");
        Path image = Files.write(work.resolve("shap.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G'});

        CliRunner.Result result = run(
                "metrics",
                "post",
                "churn",
                "churn",
                "1",
                "--file",
                file.toString(),
                "--version",
                "3",
                "--value",
                "lift_at_10=2.4",
                "--image",
                "shap=" + image);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(json.readTree(server.last("POST", OBJECTIVES + "/churn/submissions/1/metric-sets")
                                .body())
                        .toString())
                .isEqualTo("{\"dataset\":\"customers\",\"version\":3,\"values\":{\"lift_at_10\":2.4,\"gain\":0.5},"
                        + "\"charts\":{\"lift\":{\"kind\":\"line\",\"series\":[{\"name\":\"lift\",\"values\":[3.0,1.0]}]}},"
                        + "\"images\":{\"shap\":\"iVBORw==\"}}");
        assertThat(result.out())
                .isEqualTo("Posted metric set m1 for submission #1 of churn on dataset 'customers' version 3, all rows:"
                        + " 1 value(s), 0 chart(s), 0 image(s).\n");
    }

    @Test
    void metricsPostNeedsTheDatasetVersionAndAFileTheApiTakes() throws IOException {
        Path unknownField = Files.writeString(work.resolve("bad.json"), "{\"dataset\": \"customers\", \"auc\": 1}");

        CliRunner.Result noVersion =
                run("metrics", "post", "churn", "churn", "1", "--dataset", "customers", "--value", "a=1");
        CliRunner.Result badFile = run("metrics", "post", "churn", "churn", "1", "--file", unknownField.toString());
        CliRunner.Result badValue = run(
                "metrics",
                "post",
                "churn",
                "churn",
                "1",
                "--dataset",
                "customers",
                "--version",
                "1",
                "--value",
                "a=high");

        assertThat(noVersion.exitCode()).isEqualTo(2);
        assertThat(noVersion.err()).contains("--dataset and --version");
        assertThat(badFile.exitCode()).isEqualTo(2);
        assertThat(badFile.err())
                .contains("is not a metric set as the API takes it")
                .contains("auc");
        assertThat(badValue.exitCode()).isEqualTo(2);
        assertThat(badValue.err()).contains("'high' is not a number");
        assertThat(server.received()).isEmpty();
    }

    @Test
    void metricsShowPrefersTheEvaluatedSetOnTheNewestVersionOfThePrimaryDataset() {
        server.answer("GET", OBJECTIVES + "/churn", 200, OBJECTIVE);
        server.answer(
                "GET",
                OBJECTIVES + "/churn/submissions/1/metric-sets",
                200,
                """
                {"metric_sets":[
                  {"id":"adhoc3","submission":1,"dataset":"customers","dataset_version":3,"source":"ad_hoc",
                   "row_count":10,"values":{"roc_auc":0.5},"created_at":"2025-01-03T00:00:00Z"},
                  {"id":"eval3","submission":1,"dataset":"customers","dataset_version":3,"source":"evaluation",
                   "row_count":2000,"values":{"roc_auc":0.95},"undefined":{"brier_score":"a score is over 1"},
                   "confusion_matrix":[[900,100],[50,950]],"created_at":"2025-01-02T00:00:00Z"},
                  {"id":"eval3web","submission":1,"dataset":"customers","dataset_version":3,"subset":"web",
                   "source":"evaluation","row_count":1000,"values":{"roc_auc":0.97},"created_at":"2025-01-02T00:00:00Z"},
                  {"id":"eval2","submission":1,"dataset":"customers","dataset_version":2,"source":"evaluation",
                   "row_count":1000,"values":{"roc_auc":0.9},"created_at":"2025-01-01T00:00:00Z"},
                  {"id":"other","submission":1,"dataset":"holdout","dataset_version":7,"source":"evaluation",
                   "row_count":10,"values":{"roc_auc":0.1},"created_at":"2025-01-04T00:00:00Z"}]}""");

        CliRunner.Result newest = run("metrics", "show", "churn", "churn", "1");
        CliRunner.Result older = run("metrics", "show", "churn", "churn", "1", "--version", "2");
        CliRunner.Result web = run("metrics", "show", "churn", "churn", "1", "--subset", "WEB");
        CliRunner.Result missing = run("metrics", "show", "churn", "churn", "1", "--subset", "phone");

        assertThat(newest.out())
                .containsPattern("ID:\\s+eval3\\n")
                .containsPattern("roc_auc\\s+0\\.9500")
                .containsPattern("brier_score\\s+undefined: a score is over 1")
                .contains(
                        "Confusion matrix (rows: true class, columns: predicted class):\n     0    1\n  0  900  100\n");
        assertThat(older.out()).containsPattern("ID:\\s+eval2\\n");
        assertThat(web.out()).containsPattern("ID:\\s+eval3web\\n");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err())
                .contains("submission #1 has no metrics on dataset 'customers', subset 'phone'")
                .contains("(METRIC_SET_NOT_FOUND)");
    }
}
