package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The governance commands against a canned server: the requests they build and what they print. */
class GovernanceCommandLineTest {
    private static final String OBJECTIVES = "/api/v1/projects/churn/objectives";
    private static final String OBJECTIVE =
            """
            {"id":"o1","project":"churn","name":"churn","task_type":"binary_classification",
             "metrics":[{"name":"roc_auc","direction":"maximize","primary":true},
                        {"name":"accuracy","direction":"maximize","primary":false}],
             "tags":["Staging","Production"],"protected_tags":["Production"],
             "metadata_fields":[{"name":"framework","type":"enum","required":true,"allowed_values":["onnx","xgboost"]},
                                {"name":"layers","type":"number","required":false}],
             "release_checks":[{"kind":"min_approvals","enforcement":"block","min_approvals":1}],
             "current_tags":{"Production":"1.0.0"},"archived":false,"created_by":"admin",
             "created_at":"2025-01-02T03:04:05Z"}""";

    @TempDir
    Path configDirectory;

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
    void objectivesCreateSendsTheCompactFormsAsTheApisRecords() throws IOException {
        server.answer("POST", OBJECTIVES, 201, OBJECTIVE);

        CliRunner.Result result = run(
                "objectives",
                "create",
                "churn",
                "churn",
                "--task-type",
                "binary_classification",
                "--label-column",
                "churned",
                "--metric",
                "roc_auc",
                "--metric",
                "accuracy",
                "--primary",
                "roc_auc",
                "--protected-tags",
                "Production",
                "--field",
                "framework:enum:required:onnx,xgboost",
                "--check",
                "min_approvals=1:block",
                "--check",
                "primary_metric_not_worse_than=Production:0.01:warn");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .isEqualTo("Created objective churn in project churn (binary_classification; metrics roc_auc"
                        + " (maximize, primary), accuracy (maximize); tags Staging, Production (protected)).\n");
        JsonNode body =
                new ObjectMapper().readTree(server.last("POST", OBJECTIVES).body());
        assertThat(body.path("metrics").toString())
                .isEqualTo("[{\"name\":\"roc_auc\",\"primary\":true},{\"name\":\"accuracy\"}]");
        assertThat(body.has("tags")).isFalse();
        assertThat(body.path("protected_tags").toString()).isEqualTo("[\"Production\"]");
        assertThat(body.path("metadata_fields").get(0).path("allowed_values").toString())
                .isEqualTo("[\"onnx\",\"xgboost\"]");
        assertThat(body.path("release_checks").get(1).toString())
                .isEqualTo("{\"kind\":\"primary_metric_not_worse_than_tag\",\"enforcement\":\"warn\","
                        + "\"tag\":\"Production\",\"max_regression\":0.01}");
    }

    @Test
    void objectivesShowListsCurrentTagsFieldsAndChecks() {
        server.answer("GET", OBJECTIVES + "/churn", 200, OBJECTIVE);

        CliRunner.Result result = run("objectives", "show", "churn", "churn");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out())
                .containsPattern("Task type:\\s+binary_classification")
                .contains(
                        """
                        Current tags:
                          TAG         PROTECTED  RELEASE
                          Staging     no         -
                          Production  yes        1.0.0
                        """)
                .containsPattern("framework\\s+enum\\s+yes\\s+onnx, xgboost")
                .containsPattern("min_approvals\\s+block\\s+at least 1 approval");
    }

    @Test
    void submitTypesMetaValuesByTheObjectivesFields() throws IOException {
        server.answer("GET", OBJECTIVES + "/churn", 200, OBJECTIVE);
        server.answer(
                "POST",
                OBJECTIVES + "/churn/submissions",
                201,
                "{\"number\":4,\"model\":\"wine\",\"model_version\":2,\"status\":\"open\"}");

        CliRunner.Result result = run(
                "submit", "churn", "churn", "wine", "2", "--meta", "framework=onnx", "--meta", "layers=3", "-m", "v2");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("Submitted wine version 2 to objective churn as submission #4 (open).\n");
        assertThat(server.last("POST", OBJECTIVES + "/churn/submissions").body())
                .isEqualTo("{\"model\":\"wine\",\"version\":2,\"metadata\":{\"framework\":\"onnx\",\"layers\":3},"
                        + "\"description\":\"v2\"}");
    }

    @Test
    void submissionsListPutsMetadataSideBySideAndPassesTheFilters() {
        server.answer("GET", OBJECTIVES + "/churn", 200, OBJECTIVE);
        server.answer(
                "GET",
                OBJECTIVES + "/churn/submissions",
                200,
                """
                {"submissions":[
                  {"number":1,"model":"wine","model_version":1,"status":"approved","approvals":1,"release":"1.0.0",
                   "submitted_by":"alice","created_at":"2025-01-02T03:04:05Z",
                   "metadata":{"framework":"onnx","layers":3}},
                  {"number":2,"model":"wine-xgb","model_version":1,"status":"open","approvals":0,
                   "submitted_by":"bob","created_at":"2025-01-03T03:04:05Z","metadata":{"framework":"xgboost","extra":true}}]}""");

        CliRunner.Result result =
                run("submissions", "list", "churn", "churn", "--status", "open", "--where", "framework=xgboost");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .isEqualTo(
                        """
                        #  MODEL     VERSION  STATUS    APPROVALS  RELEASE  SUBMITTED BY  SUBMITTED AT          FRAMEWORK  LAYERS  EXTRA
                        1  wine      1        approved  1          1.0.0    alice         2025-01-02T03:04:05Z  onnx       3       -
                        2  wine-xgb  1        open      0          -        bob           2025-01-03T03:04:05Z  xgboost    -       true
                        """);
        assertThat(server.last("GET", OBJECTIVES + "/churn/submissions").pathAndQuery())
                .endsWith("/submissions?status=open&metadata.framework=xgboost");
    }

    @Test
    void submissionsShowPrintsTheReviewsAsAThread() {
        server.answer(
                "GET",
                OBJECTIVES + "/churn/submissions/1",
                200,
                """
                {"number":1,"objective":"churn","model":"wine","model_version":1,"status":"approved","approvals":1,
                 "metadata":{"framework":"onnx"},"reviews":[
                  {"id":"r1","author":"bob","verdict":"request_changes","body":"Calibrate it?","created_at":"2025-01-02T03:04:05Z"},
                  {"id":"r2","author":"carol","verdict":"comment","body":"Agreed","created_at":"2025-01-02T03:05:05Z"},
                  {"id":"r3","author":"alice","verdict":"comment","body":"Done","in_reply_to":"r1","created_at":"2025-01-02T04:04:05Z"},
                  {"id":"r4","author":"bob","verdict":"approve","in_reply_to":"r3","created_at":"2025-01-02T05:04:05Z"}]}""");

        CliRunner.Result result = run("submissions", "show", "churn", "churn", "1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .endsWith(
                        """
                        Reviews:
                          2025-01-02T03:04:05Z  bob  requested changes  [r1]
                            Calibrate it?
                            2025-01-02T04:04:05Z  alice  commented  [r3]
                              Done
                              2025-01-02T05:04:05Z  bob  approved  [r4]
                          2025-01-02T03:05:05Z  carol  commented  [r2]
                            Agreed
                        """);
    }

    @Test
    void reviewNeedsExactlyOneVerdictAndACommentNeedsText() {
        assertThat(run("review", "churn", "churn", "1").exitCode()).isEqualTo(2);
        assertThat(run("review", "churn", "churn", "1", "--approve", "--reject").err())
                .contains("not several");
        assertThat(run("review", "churn", "churn", "1", "--comment").err()).contains("-m TEXT");
        server.answer(
                "POST",
                OBJECTIVES + "/churn/submissions/1/reviews",
                201,
                "{\"id\":\"r9\",\"author\":\"bob\",\"verdict\":\"request_changes\"}");

        CliRunner.Result result =
                run("review", "churn", "churn", "1", "--request-changes", "-m", "Add tests", "--reply-to", "r1");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).isEqualTo("bob requested changes on submission #1 of churn (review r9).\n");
        assertThat(server.last("POST", OBJECTIVES + "/churn/submissions/1/reviews")
                        .body())
                .isEqualTo("{\"verdict\":\"request_changes\",\"body\":\"Add tests\",\"in_reply_to\":\"r1\"}");
    }

    @Test
    void releasePrintsTheCheckResultsAndWarnsAboutTheOnesThatDidNotPass() {
        server.answer(
                "POST",
                OBJECTIVES + "/churn/releases",
                201,
                """
                {"version":"1.0.0","submission":1,"model":"wine","model_version":1,"tags":["Staging"],
                 "check_results":[
                   {"kind":"min_approvals","enforcement":"block","outcome":"passed","check":"at least 1 approval"},
                   {"kind":"primary_metric_at_least","enforcement":"warn","outcome":"not_evaluable",
                    "check":"primary metric at least 0.8","message":"no evaluation yet"}]}""");

        CliRunner.Result result = run("release", "churn", "churn", "1", "1.0.0", "--tag", "Staging", "--note", "First");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out())
                .startsWith("Released churn 1.0.0 from submission #1 (wine version 1), tagged Staging.\n")
                .containsPattern("min_approvals\\s+block\\s+passed")
                .containsPattern("primary_metric_at_least\\s+warn\\s+not_evaluable\\s+no evaluation yet");
        assertThat(result.err())
                .isEqualTo("warning: release check primary_metric_at_least (warn) not_evaluable: primary metric at"
                        + " least 0.8 — no evaluation yet\n");
        assertThat(server.last("POST", OBJECTIVES + "/churn/releases").body())
                .isEqualTo("{\"submission\":1,\"version\":\"1.0.0\",\"note\":\"First\",\"tags\":[\"Staging\"]}");
    }

    @Test
    void aReleaseRefusedByItsChecksListsTheFailedOnes() {
        server.answer(
                "POST",
                OBJECTIVES + "/churn/releases",
                409,
                """
                {"error":{"code":"RELEASE_CHECKS_FAILED","message":"the release checks failed",
                 "details":{"failed_checks":[{"kind":"min_approvals","enforcement":"block","outcome":"failed",
                                              "message":"0 approvals, 2 needed"}]}}}""");

        CliRunner.Result result = run("release", "churn", "churn", "1", "1.0.0");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err())
                .isEqualTo("error: the release checks failed (RELEASE_CHECKS_FAILED)\n"
                        + "  - min_approvals (block): 0 approvals, 2 needed\n");
    }

    @Test
    void tagMovesRemovesAndItsHistoryReadsAsMoves() {
        server.answer(
                "PUT",
                OBJECTIVES + "/churn/tags/Production",
                200,
                "{\"tag\":\"Production\",\"protected\":true,\"release\":\"1.0.0\"}");
        server.answer("DELETE", OBJECTIVES + "/churn/tags/Staging", 204, "");
        server.answer(
                "GET",
                OBJECTIVES + "/churn/tags/Production/history",
                200,
                """
                {"events":[
                  {"sequence":1,"tag":"Production","release":"1.1.0","actor":"olivia","at":"2025-01-02T03:04:05Z"},
                  {"sequence":2,"tag":"Production","release":"1.0.0","previous":"1.1.0","actor":"olivia","at":"2025-01-03T03:04:05Z"},
                  {"sequence":3,"tag":"Production","previous":"1.0.0","actor":"olivia","at":"2025-01-04T03:04:05Z"}]}""");

        CliRunner.Result moved = run("tag", "churn", "churn", "Production", "1.0.0");
        CliRunner.Result setAlias = run("tags", "set", "churn", "churn", "Production", "1.0.0");
        CliRunner.Result removed = run("tag", "churn", "churn", "Staging", "--remove");
        CliRunner.Result both = run("tag", "churn", "churn", "Staging", "1.0.0", "--remove");
        CliRunner.Result history = run("tags", "history", "churn", "churn", "Production");

        assertThat(moved.out()).isEqualTo("Tag Production of churn is now on release 1.0.0 (protected tag).\n");
        assertThat(setAlias.out()).isEqualTo(moved.out());
        assertThat(server.last("PUT", OBJECTIVES + "/churn/tags/Production").body())
                .isEqualTo("{\"release\":\"1.0.0\"}");
        assertThat(removed.out()).isEqualTo("Removed tag Staging of churn.\n");
        assertThat(both.exitCode()).isEqualTo(2);
        assertThat(history.out())
                .isEqualTo(
                        """
                        #  AT                    ACTOR   RELEASE  MOVE
                        1  2025-01-02T03:04:05Z  olivia  1.1.0    put on 1.1.0
                        2  2025-01-03T03:04:05Z  olivia  1.0.0    put on 1.0.0 (was on 1.1.0)
                        3  2025-01-04T03:04:05Z  olivia  -        removed (was on 1.0.0)
                        """);
    }

    @Test
    void tagsResolveSendsTheInstantAsAsOf() {
        server.answer(
                "GET",
                OBJECTIVES + "/churn/tags/Production/release",
                200,
                "{\"version\":\"1.0.0\",\"objective\":\"churn\",\"model\":\"wine\",\"model_version\":1}");

        CliRunner.Result result =
                run("tags", "resolve", "churn", "churn", "Production", "--as-of", "2025-03-01T12:00:00Z");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).startsWith("Production of churn as of 2025-03-01T12:00:00Z: release 1.0.0\n");
        assertThat(server.last("GET", OBJECTIVES + "/churn/tags/Production/release")
                        .pathAndQuery())
                .endsWith("/release?as_of=2025-03-01T12%3A00%3A00Z");
    }
}
