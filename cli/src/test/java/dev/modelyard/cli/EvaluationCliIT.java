package dev.modelyard.cli;

import static dev.modelyard.cli.GovernanceFixtures.assertRefused;
import static dev.modelyard.cli.GovernanceFixtures.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluation typed at the command line, in this JVM, against the real server: a dataset with
 * subsets as an objective's evaluation settings, submissions evaluated and waited for, the
 * leaderboard, comparisons, metrics, a release gated by the primary metric, re-evaluation on a new
 * dataset version, ad hoc metric sets with images.
 */
class EvaluationCliIT {
    private static final String FEATURES = String.join(",", EvaluationFixtures.FEATURES);

    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void submissionsAreEvaluatedRankedAndGateTheReleaseAtTheCommandLine() throws Exception {
        try (EvaluationServer server = EvaluationServer.start(dataDir)) {
            String url = server.baseUri().toString();
            CliRunner admin = login(url, "admin", server.adminToken());
            assertSucceeded(admin.run("projects", "create", "churn"));
            CliRunner alice = member(url, admin, "alice", "editor");
            CliRunner bob = member(url, admin, "bob", "editor");
            CliRunner olivia = member(url, admin, "olivia", "owner");

            Path data = EmbeddedServer.fixture("synth_binary.csv", work);
            assertSucceeded(alice.run("datasets", "create", "churn", "customers"));
            assertThat(assertSucceeded(alice.run("datasets", "upload", "churn", "customers", data.toString()))
                            .out())
                    .startsWith("Uploaded synth_binary.csv as version 1 of churn/customers (snapshot: 2000 rows, 10"
                            + " columns");
            assertSucceeded(olivia.run(
                    "objectives",
                    "create",
                    "churn",
                    "churn",
                    "--task-type",
                    "binary_classification",
                    "--label-column",
                    "label",
                    "--metric",
                    "roc_auc",
                    "--metric",
                    "accuracy",
                    "--check",
                    "min_approvals=1",
                    "--evaluation-dataset",
                    "customers",
                    "--subset",
                    "web=channel = 'web'",
                    "--subset",
                    "phone=channel in ('phone')",
                    "--feature-column",
                    FEATURES));
            assertThat(assertSucceeded(alice.run("objectives", "show", "churn", "churn"))
                            .out())
                    .containsPattern("customers\\s+latest\\s+newest")
                    .containsPattern("web\\s+channel = 'web'")
                    .containsPattern("phone\\s+channel in \\('phone'\\)")
                    .containsPattern("Feature columns:\\s+f0, f1, f2, f3, f4, f5, f6, f7")
                    .containsPattern("Threshold:\\s+default");

            assertSucceeded(alice.run("models", "create", "churn", "churn-xgb"));
            for (String model : List.of("synth_binary_xgb.json", "synth_binary_xgb_1tree.json")) {
                Path file = EmbeddedServer.fixture(model, work);
                assertSucceeded(alice.run("models", "upload", "churn", "churn-xgb", file.toString()));
            }
            assertSucceeded(alice.run("submit", "churn", "churn", "churn-xgb", "1", "-m", "30 trees"));
            assertSucceeded(alice.run("submit", "churn", "churn", "churn-xgb", "2", "-m", "one tree"));

            // both were queued on submission: wait for them, then evaluate both again on demand
            CliRunner.Result automatic = assertSucceeded(alice.run("evaluations", "churn", "churn", "--wait"));
            assertThat(automatic.out())
                    .containsPattern("#1\\s+customers\\s+1\\s+submission\\s+succeeded\\s+1\\s+2000")
                    .containsPattern("#2\\s+customers\\s+1\\s+submission\\s+succeeded\\s+1\\s+2000");
            CliRunner.Result waited = assertSucceeded(alice.run("evaluate", "churn", "churn", "--wait"));
            assertThat(waited.out()).containsPattern("#1\\s+customers\\s+1\\s+on_demand\\s+succeeded\\s+1\\s+2000");
            assertThat(waited.out()).containsPattern("#2\\s+customers\\s+1\\s+on_demand\\s+succeeded");
            assertThat(waited.err()).contains("Evaluating").contains("4000/4000 rows");
            assertThat(assertSucceeded(alice.run("evaluations", "churn", "churn", "--submission", "1"))
                            .out())
                    .containsPattern("#1\\s+customers\\s+1\\s+submission\\s+succeeded")
                    .containsPattern("#1\\s+customers\\s+1\\s+on_demand\\s+succeeded");

            // the leaderboard, on all rows and on a subset
            String board =
                    assertSucceeded(alice.run("leaderboard", "churn", "churn")).out();
            assertThat(board)
                    .startsWith("Objective churn on dataset 'customers' version 1, all rows; ranked by roc_auc"
                            + " (maximize).")
                    .containsPattern("RANK\\s+SUBMISSION\\s+MODEL\\s+STATUS\\s+RELEASE\\s+ROC_AUC\\s+ACCURACY\\s+"
                            + "EVALUATION")
                    .containsPattern("\\n1\\s+#1\\s+churn-xgb@1\\s+open\\s+-\\s+0\\.990\\d\\s+0\\.9530\\s+evaluated")
                    .containsPattern("\\n2\\s+#2\\s+churn-xgb@2\\s+open\\s+-\\s+0\\.\\d{4}\\s+0\\.\\d{4}\\s+evaluated");
            JsonNode web = json.readTree(
                    assertSucceeded(alice.run("leaderboard", "churn", "churn", "--subset", "web", "--output", "json"))
                            .out());
            assertThat(web.path("subset").asText()).isEqualTo("web");
            assertThat(web.path("entries").get(0).path("submission").asInt()).isEqualTo(1);
            JsonNode all = json.readTree(assertSucceeded(alice.run("leaderboard", "churn", "churn", "--output", "json"))
                    .out());
            double strong =
                    all.path("entries").get(0).path("values").path("roc_auc").asDouble();
            double weak =
                    all.path("entries").get(1).path("values").path("roc_auc").asDouble();
            assertThat(strong).isCloseTo(0.99041, within(1e-4)).isGreaterThan(weak);

            assertThat(assertSucceeded(alice.run("compare", "churn", "churn", "1", "2"))
                            .out())
                    .startsWith("Submission #1 against #2 on dataset 'customers' version 1, all rows.")
                    .containsPattern("roc_auc\\s+maximize\\s+0\\.990\\d\\s+0\\.\\d{4}\\s+-0\\.\\d{4}\\s+#1")
                    .containsPattern("log_loss\\s+minimize");

            // one submission's metrics: values, confusion matrix, charts by name; the data in JSON
            assertThat(assertSucceeded(alice.run("metrics", "show", "churn", "churn", "1"))
                            .out())
                    .containsPattern("Dataset:\\s+customers version 1")
                    .containsPattern("Subset:\\s+all rows")
                    .containsPattern("Rows:\\s+2000")
                    .containsPattern("accuracy\\s+0\\.9530")
                    .contains("Confusion matrix")
                    .containsPattern("roc_curve\\s+line\\s+fpr \\(\\d+\\), tpr \\(\\d+\\), thresholds \\(\\d+\\)");
            JsonNode phone = json.readTree(assertSucceeded(alice.run(
                            "metrics", "show", "churn", "churn", "1", "--subset", "phone", "--output", "json"))
                    .out());
            assertThat(phone.path("row_count").asLong()).isEqualTo(EvaluationFixtures.PHONE_ROWS);
            assertThat(phone.path("charts")
                            .path("roc_curve")
                            .path("series")
                            .get(0)
                            .path("values")
                            .size())
                    .isGreaterThan(2);

            // a threshold between the two submissions: the weaker is refused, the stronger released
            assertSucceeded(bob.run("review", "churn", "churn", "1", "--approve"));
            assertSucceeded(bob.run("review", "churn", "churn", "2", "--approve"));
            assertSucceeded(olivia.run(
                    "objectives",
                    "update",
                    "churn",
                    "churn",
                    "--check",
                    "min_approvals=1",
                    "--check",
                    "primary_metric_at_least=" + (strong + weak) / 2));
            CliRunner.Result refused = assertRefused(
                    alice.run("release", "churn", "churn", "2", "0.9.0", "--tag", "Staging"), "RELEASE_CHECKS_FAILED");
            assertThat(refused.err()).contains("  - primary_metric_at_least (block): roc_auc is " + weak);
            assertThat(assertSucceeded(alice.run("release", "churn", "churn", "1", "1.0.0", "--tag", "Staging"))
                            .out())
                    .containsPattern("primary_metric_at_least\\s+block\\s+passed");
            assertThat(assertSucceeded(alice.run("leaderboard", "churn", "churn"))
                            .out())
                    .containsPattern("\\n1\\s+#1\\s+churn-xgb@1\\s+approved\\s+1\\.0\\.0\\s+");

            // an ad hoc metric set with an image, fetched back byte for byte
            byte[] png = EvaluationFixtures.png(8, 8, false);
            Path image = Files.write(work.resolve("shap.png"), png);
            CliRunner.Result posted = assertSucceeded(alice.run(
                    "metrics",
                    "post",
                    "churn",
                    "churn",
                    "1",
                    "--dataset",
                    "customers",
                    "--version",
                    "1",
                    "--subset",
                    "web",
                    "--rows",
                    "1013",
                    "--value",
                    "lift_at_10=2.4",
                    "--image",
                    "shap=" + image,
                    "--output",
                    "json"));
            JsonNode metricSet = json.readTree(posted.out());
            assertThat(metricSet.path("source").asText()).isEqualTo("ad_hoc");
            assertThat(metricSet.path("row_count").asLong()).isEqualTo(1013);
            assertThat(assertSucceeded(alice.run("metrics", "list", "churn", "churn", "1"))
                            .out())
                    .containsPattern(
                            metricSet.path("id").asText() + "\\s+customers\\s+1\\s+web\\s+ad_hoc\\s+1013\\s+1");
            Path saved = work.resolve("saved.png");
            assertSucceeded(alice.run(
                    "metrics",
                    "image",
                    "churn",
                    "churn",
                    "1",
                    metricSet.path("id").asText(),
                    "shap",
                    "-o",
                    saved.toString()));
            assertThat(saved).hasBinaryContent(png);
            // the evaluated metric set still wins over the ad hoc one for the same scope
            assertThat(assertSucceeded(alice.run("metrics", "show", "churn", "churn", "1", "--subset", "web"))
                            .out())
                    .containsPattern("Source:\\s+evaluation \\(job ");

            Path big = Files.write(work.resolve("big.png"), EvaluationFixtures.png(128, 128, true));
            assertRefused(
                    alice.run(
                            "metrics",
                            "post",
                            "churn",
                            "churn",
                            "1",
                            "--dataset",
                            "customers",
                            "--version",
                            "1",
                            "--image",
                            "big=" + big),
                    "PAYLOAD_TOO_LARGE");
            Path text = Files.writeString(work.resolve("notes.png"), "not an image");
            assertThat(assertRefused(
                                    alice.run(
                                            "metrics",
                                            "post",
                                            "churn",
                                            "churn",
                                            "1",
                                            "--dataset",
                                            "customers",
                                            "--version",
                                            "1",
                                            "--image",
                                            "notes=" + text),
                                    "INVALID_REQUEST")
                            .err())
                    .contains("not a PNG");
            assertRefused(
                    alice.run(
                            "evaluate",
                            "churn",
                            "churn",
                            "--submission",
                            "2",
                            "--dataset",
                            "customers",
                            "--version",
                            "9"),
                    "DATASET_VERSION_NOT_FOUND");
        }
    }

    @Test
    void aJobThatFailsMakesEvaluateWaitFailWithItsError() throws Exception {
        try (EvaluationServer server = EvaluationServer.start(dataDir)) {
            CliRunner admin = login(server.baseUri().toString(), "admin", server.adminToken());
            assertSucceeded(admin.run("projects", "create", "churn"));
            Path data = EmbeddedServer.fixture("synth_binary.csv", work);
            assertSucceeded(admin.run("datasets", "create", "churn", "customers"));
            assertSucceeded(admin.run("datasets", "upload", "churn", "customers", data.toString()));
            // no --feature-column, and the model does not name its features: it cannot be evaluated
            assertSucceeded(admin.run(
                    "objectives",
                    "create",
                    "churn",
                    "churn",
                    "--task-type",
                    "binary_classification",
                    "--label-column",
                    "label",
                    "--metric",
                    "roc_auc",
                    "--evaluation-dataset",
                    "customers@1"));
            assertThat(assertSucceeded(admin.run("objectives", "show", "churn", "churn"))
                            .out())
                    .containsPattern("customers\\s+pinned\\s+1");
            Path model = EmbeddedServer.fixture("synth_binary_xgb.json", work);
            assertSucceeded(admin.run("models", "create", "churn", "churn-xgb"));
            assertSucceeded(admin.run("models", "upload", "churn", "churn-xgb", model.toString()));
            assertSucceeded(admin.run("submit", "churn", "churn", "churn-xgb", "1"));

            CliRunner.Result failed = admin.run("evaluate", "churn", "churn", "--submission", "1", "--wait");
            assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
            assertThat(failed.out()).containsPattern("#1\\s+customers\\s+1\\s+\\S+\\s+failed");
            assertThat(failed.err())
                    .contains("error: evaluation of submission #1 on dataset 'customers' version 1 failed: the model"
                            + " does not name its features")
                    .contains("(EVALUATION_FAILED)");
            assertThat(assertSucceeded(admin.run("leaderboard", "churn", "churn"))
                            .out())
                    .containsPattern("\\n-\\s+#1\\s+churn-xgb@1\\s+open\\s+-\\s+-\\s+failed: the model does not"
                            + " name its features");

            // naming the features fixes it: the change re-evaluates the open submission
            assertSucceeded(admin.run("objectives", "update", "churn", "churn", "--feature-column", FEATURES));
            assertThat(assertSucceeded(admin.run("objectives", "show", "churn", "churn"))
                            .out())
                    .containsPattern("customers\\s+pinned\\s+1");
            assertThat(assertSucceeded(admin.run("evaluate", "churn", "churn", "--wait"))
                            .out())
                    .containsPattern("#1\\s+customers\\s+1\\s+\\S+\\s+succeeded");
            assertThat(assertSucceeded(admin.run("metrics", "show", "churn", "churn", "1"))
                            .out())
                    .containsPattern("roc_auc\\s+0\\.990\\d");
        }
    }

    @Test
    void anAppendedVersionIsEvaluatedAndTheFirstVersionsMetricsStay() throws Exception {
        try (EvaluationServer server = EvaluationServer.start(dataDir)) {
            CliRunner admin = login(server.baseUri().toString(), "admin", server.adminToken());
            assertSucceeded(admin.run("projects", "create", "churn"));
            Path full = EmbeddedServer.fixture("synth_binary.csv", work);
            List<String> lines = Files.readAllLines(full);
            Path firstHalf = Files.write(work.resolve("first.csv"), lines.subList(0, 1001));
            List<String> rest = new ArrayList<>();
            rest.add(lines.get(0));
            rest.addAll(lines.subList(1001, lines.size()));
            Path secondHalf = Files.write(work.resolve("second.csv"), rest);

            assertSucceeded(admin.run("datasets", "create", "churn", "customers"));
            assertSucceeded(admin.run("datasets", "upload", "churn", "customers", firstHalf.toString()));
            assertSucceeded(admin.run(
                    "objectives",
                    "create",
                    "churn",
                    "churn",
                    "--task-type",
                    "binary_classification",
                    "--label-column",
                    "label",
                    "--metric",
                    "roc_auc",
                    "--evaluation-dataset",
                    "customers@latest",
                    "--feature-column",
                    FEATURES));
            Path model = EmbeddedServer.fixture("synth_binary_xgb.json", work);
            assertSucceeded(admin.run("models", "create", "churn", "churn-xgb"));
            assertSucceeded(admin.run("models", "upload", "churn", "churn-xgb", model.toString()));
            assertSucceeded(admin.run("submit", "churn", "churn", "churn-xgb", "1"));
            EvaluationFixtures.assertSucceeded(EvaluationFixtures.awaitJobs(
                    server.clientFor(server.adminToken()), "churn", "churn", java.util.Optional.empty(), 1));

            assertThat(assertSucceeded(admin.run(
                                    "datasets",
                                    "upload",
                                    "churn",
                                    "customers",
                                    secondHalf.toString(),
                                    "--mode",
                                    "append"))
                            .out())
                    .contains("as version 2 of churn/customers (append: 2000 rows in 2 Parquet files, 10 columns).");
            EvaluationFixtures.assertSucceeded(EvaluationFixtures.awaitJobs(
                    server.clientFor(server.adminToken()), "churn", "churn", java.util.Optional.empty(), 2));
            assertThat(assertSucceeded(admin.run("evaluations", "churn", "churn"))
                            .out())
                    .containsPattern("#1\\s+customers\\s+2\\s+new_dataset_version\\s+succeeded")
                    .containsPattern("#1\\s+customers\\s+1\\s+submission\\s+succeeded");
            assertThat(assertSucceeded(admin.run("metrics", "show", "churn", "churn", "1"))
                            .out())
                    .containsPattern("Dataset:\\s+customers version 2")
                    .containsPattern("Rows:\\s+2000");
            assertThat(assertSucceeded(admin.run("metrics", "show", "churn", "churn", "1", "--version", "1"))
                            .out())
                    .containsPattern("Dataset:\\s+customers version 1")
                    .containsPattern("Rows:\\s+1000");
            assertThat(assertSucceeded(admin.run("leaderboard", "churn", "churn", "--version", "1"))
                            .out())
                    .startsWith("Objective churn on dataset 'customers' version 1, all rows;")
                    .containsPattern("\\n1\\s+#1\\s+churn-xgb@1\\s+open");
            assertThat(assertSucceeded(admin.run("leaderboard", "churn", "churn"))
                            .out())
                    .startsWith("Objective churn on dataset 'customers' version 2, all rows;");
        }
    }

    private CliRunner login(String url, String user, String token) throws Exception {
        Path config = Files.createDirectories(work.resolve("config-" + user));
        CliRunner cli = new CliRunner(config);
        assertSucceeded(cli.run("login", "--url", url, "--token", token));
        return cli;
    }

    private CliRunner member(String url, CliRunner admin, String user, String role) throws Exception {
        JsonNode created = json.readTree(assertSucceeded(admin.run("users", "create", user, "--output", "json"))
                .out());
        assertSucceeded(admin.run("projects", "members", "add", "churn", user, "--role", role));
        return login(url, user, created.path("secret").asText());
    }
}
