package dev.modelyard.server;

import static dev.modelyard.server.TestingGovernance.expect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.core.evaluation.metrics.BinaryClassificationAccumulator;
import dev.modelyard.core.evaluation.metrics.MetricSet;
import dev.modelyard.server.TestingServer.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets, automatic evaluation, the leaderboard and metric release checks over HTTP, on every
 * database: two real XGBoost models (the fixture and a deliberately weak one trained here) are
 * submitted to an objective that evaluates on an uploaded CSV with two subsets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractEvaluationFlowTest {
    private static final String FEATURES = "[\"f0\",\"f1\",\"f2\",\"f3\",\"f4\",\"f5\",\"f6\",\"f7\"]";

    private TestingServer server;
    private Path scratch;

    protected abstract Map<String, String> databaseSettings();

    @BeforeAll
    void start(@TempDir Path dataDir, @TempDir Path scratch) {
        this.scratch = scratch;
        server = new TestingServer(dataDir, databaseSettings());
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void submissionsAreEvaluatedRankedAndCheckedOnRelease() throws Exception {
        TestingGovernance scene = new TestingGovernance(server, "evals");
        byte[] csv = TestingServer.resource("fixtures/synth_binary.csv");
        expect(server.post(scene.base() + "/datasets", scene.alice, "{\"name\":\"churn-data\"}"), 201);
        expect(server.upload(scene.base() + "/datasets/churn-data/versions", scene.alice, "churn.csv", csv, null), 201);
        uploadModel(
                scene, "churn-good", "synth_binary_xgb.json", TestingServer.resource("fixtures/synth_binary_xgb.json"));
        uploadModel(scene, "churn-weak", "weak.json", weakModel(csv));

        expect(
                server.post(
                        scene.base() + "/objectives",
                        scene.alice,
                        "{\"name\":\"churn\",\"task_type\":\"binary_classification\",\"label_column\":\"label\","
                                + "\"metrics\":[{\"name\":\"roc_auc\"},{\"name\":\"accuracy\"},{\"name\":\"log_loss\"}],"
                                + "\"evaluation\":{\"datasets\":[{\"dataset\":\"churn-data\"}],"
                                + "\"subsets\":[{\"name\":\"web\",\"filter\":\"channel = 'web'\"},"
                                + "{\"name\":\"positive_f0\",\"filter\":\"f0 > 0 and channel in ('web', 'store')\"},"
                                + "{\"name\":\"nobody\",\"filter\":\"channel = 'fax'\"}],"
                                + "\"score_mapping\":{\"feature_columns\":" + FEATURES + "}}}"),
                201);
        String objective = scene.objective("churn");
        int good = submit(scene, "churn-good");
        int weak = submit(scene, "churn-weak");
        awaitJobs(scene, objective, 2);

        // the good model's metrics on all rows equal the metrics of its reference outputs
        JsonNode sets = server.get(objective + "/submissions/" + good + "/metric-sets", scene.bob)
                .json()
                .path("metric_sets");
        assertThat(sets).hasSize(4);
        JsonNode all = metricSet(sets, null);
        JsonNode nobody = metricSet(sets, "nobody");
        assertThat(nobody.path("row_count").asLong()).isZero();
        assertThat(nobody.path("undefined").path("roc_auc").asText())
                .isEqualTo("subset 'nobody' matches no labelled row");
        for (JsonNode job :
                server.get(objective + "/evaluations", scene.bob).json().path("jobs")) {
            assertThat(job.path("rows_done").asLong())
                    .isEqualTo(job.path("rows_total").asLong());
        }
        MetricSet reference = referenceMetrics(csv, rows -> true);
        assertThat(all.path("row_count").asLong()).isEqualTo(2000);
        assertThat(all.path("dataset").asText()).isEqualTo("churn-data");
        assertThat(all.path("dataset_version").asInt()).isEqualTo(1);
        assertThat(all.path("source").asText()).isEqualTo("evaluation");
        for (String metric : List.of("roc_auc", "accuracy", "log_loss", "average_precision", "brier_score", "f1")) {
            assertThat(all.path("values").path(metric).asDouble())
                    .as(metric)
                    .isCloseTo(reference.value(metric).getAsDouble(), within(1e-6));
        }
        assertThat(all.path("charts").path("roc_curve").path("series")).isNotEmpty();
        assertThat(all.path("confusion_matrix")).hasSize(2);
        JsonNode web = metricSet(sets, "web");
        MetricSet webReference = referenceMetrics(csv, row -> row[8].equals("web"));
        assertThat(web.path("row_count").asLong()).isEqualTo(1013);
        assertThat(web.path("values").path("roc_auc").asDouble())
                .isCloseTo(webReference.value("roc_auc").getAsDouble(), within(1e-6));
        assertThat(metricSet(sets, "positive_f0").path("row_count").asLong())
                .isEqualTo(countRows(csv, row -> Double.parseDouble(row[0]) > 0 && !row[8].equals("phone")));

        // the leaderboard ranks the good model first, with every metric and the metadata side by side
        JsonNode board = server.get(objective + "/leaderboard", scene.bob).json();
        assertThat(board.path("dataset_version").asInt()).isEqualTo(1);
        assertThat(board.path("primary_metric").path("name").asText()).isEqualTo("roc_auc");
        JsonNode entries = board.path("entries");
        assertThat(entries.get(0).path("submission").asInt()).isEqualTo(good);
        assertThat(entries.get(0).path("rank").asInt()).isEqualTo(1);
        assertThat(entries.get(1).path("submission").asInt()).isEqualTo(weak);
        assertThat(entries.get(1).path("rank").asInt()).isEqualTo(2);
        double goodAuc = entries.get(0).path("values").path("roc_auc").asDouble();
        double weakAuc = entries.get(1).path("values").path("roc_auc").asDouble();
        assertThat(weakAuc).isLessThan(goodAuc);
        JsonNode webBoard =
                server.get(objective + "/leaderboard?subset=web", scene.bob).json();
        assertThat(webBoard.path("subset").asText()).isEqualTo("web");
        assertThat(webBoard.path("entries")
                        .get(0)
                        .path("values")
                        .path("roc_auc")
                        .asDouble())
                .isEqualTo(web.path("values").path("roc_auc").asDouble());

        JsonNode comparison = server.get(objective + "/compare?first=" + good + "&second=" + weak, scene.bob)
                .json();
        JsonNode aucRow = comparison.path("rows").get(0);
        assertThat(aucRow.path("metric").asText()).isEqualTo("roc_auc");
        assertThat(aucRow.path("better").asText()).isEqualTo("first");
        assertThat(aucRow.path("difference").asDouble()).isCloseTo(weakAuc - goodAuc, within(1e-12));

        // the owner sets a threshold between the two; the weak model's release is refused
        double threshold = (goodAuc + weakAuc) / 2;
        expect(
                server.send(
                        "PATCH",
                        objective,
                        scene.olivia,
                        "{\"release_checks\":[{\"kind\":\"primary_metric_at_least\",\"enforcement\":\"block\","
                                + "\"threshold\":" + threshold + "},{\"kind\":\"primary_metric_not_worse_than_tag\","
                                + "\"enforcement\":\"block\",\"tag\":\"Production\",\"max_regression\":0.01}]}"),
                200);
        scene.approve("churn", good, scene.bob);
        scene.approve("churn", weak, scene.bob);
        JsonNode released = expect(scene.release("churn", good, "1.0.0", "[\"Production\"]", scene.olivia), 201)
                .json();
        assertThat(released.path("check_results").findValuesAsText("outcome")).containsOnly("passed");
        Response refused = scene.release("churn", weak, "1.1.0", "[]", scene.olivia);
        assertThat(refused.status()).as(refused.text()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("RELEASE_CHECKS_FAILED");
        assertThat(refused.errorMessage())
                .contains("refused by 2 release check(s)")
                .contains("roc_auc is " + weakAuc)
                .contains("of release 1.0.0 (tagged Production)");

        // a new version of the dataset (latest policy) re-evaluates the open submissions
        byte[] firstHalf = firstLines(csv, 1001);
        expect(
                server.upload(
                        scene.base() + "/datasets/churn-data/versions", scene.alice, "churn.csv", firstHalf, null),
                201);
        awaitJobs(scene, objective, 4);
        JsonNode after = server.get(objective + "/leaderboard", scene.bob).json();
        assertThat(after.path("dataset_version").asInt()).isEqualTo(2);
        JsonNode first = after.path("entries").get(0);
        assertThat(first.path("submission").asInt()).isEqualTo(good);
        assertThat(first.path("release").asText()).isEqualTo("1.0.0");
        JsonNode newSet = server.get(
                        objective + "/submissions/" + good + "/metric-sets/"
                                + first.path("metric_set_id").asText(),
                        scene.bob)
                .json();
        assertThat(newSet.path("dataset_version").asInt()).isEqualTo(2);
        assertThat(newSet.path("row_count").asLong()).isEqualTo(1000);
        // the sets computed on version 1 still point at version 1, with their values
        JsonNode old =
                server.get(objective + "/leaderboard?version=1", scene.bob).json();
        assertThat(old.path("entries").get(0).path("values").path("roc_auc").asDouble())
                .isEqualTo(goodAuc);
        JsonNode allSets = server.get(objective + "/submissions/" + good + "/metric-sets", scene.bob)
                .json()
                .path("metric_sets");
        assertThat(allSets.findValues("dataset_version").stream().map(JsonNode::asInt))
                .containsOnly(1, 2)
                .hasSize(8);
    }

    @Test
    void badEvaluationSettingsAreRefusedWithTheReason() {
        TestingGovernance scene = new TestingGovernance(server, "badevals");
        byte[] csv = TestingServer.resource("fixtures/synth_binary.csv");
        expect(server.post(scene.base() + "/datasets", scene.alice, "{\"name\":\"d\"}"), 201);
        expect(server.upload(scene.base() + "/datasets/d/versions", scene.alice, "d.csv", csv, null), 201);
        String base = "{\"name\":\"o\",\"task_type\":\"binary_classification\",\"label_column\":\"label\","
                + "\"metrics\":[{\"name\":\"roc_auc\"}],\"evaluation\":";
        Response unknownDataset = server.post(
                scene.base() + "/objectives", scene.alice, base + "{\"datasets\":[{\"dataset\":\"nope\"}]}}");
        assertThat(unknownDataset.status()).isEqualTo(404);
        assertThat(unknownDataset.errorMessage()).contains("dataset 'nope' does not exist");
        Response badFilter = server.post(
                scene.base() + "/objectives",
                scene.alice,
                base + "{\"datasets\":[{\"dataset\":\"d\"}],\"subsets\":[{\"name\":\"s\",\"filter\":\"f0 >\"}]}}");
        assertThat(badFilter.status()).isEqualTo(400);
        assertThat(badFilter.errorMessage()).startsWith("subset 's': ");
        Response unknownColumn = server.post(
                scene.base() + "/objectives",
                scene.alice,
                base + "{\"datasets\":[{\"dataset\":\"d\"}],\"subsets\":[{\"name\":\"s\",\"filter\":\"age > 3\"}]}}");
        assertThat(unknownColumn.status()).isEqualTo(400);
        assertThat(unknownColumn.errorMessage()).contains("age");
        Response sql = server.post(
                scene.base() + "/objectives",
                scene.alice,
                base + "{\"datasets\":[{\"dataset\":\"d\"}],\"subsets\":[{\"name\":\"s\","
                        + "\"filter\":\"f0 > 0; DROP TABLE objectives\"}]}}");
        assertThat(sql.status()).isEqualTo(400);
        Response badLabel = server.post(
                scene.base() + "/objectives",
                scene.alice,
                "{\"name\":\"o\",\"task_type\":\"binary_classification\",\"label_column\":\"channel\","
                        + "\"metrics\":[{\"name\":\"roc_auc\"}],\"evaluation\":{\"datasets\":[{\"dataset\":\"d\"}]}}");
        assertThat(badLabel.status()).isEqualTo(400);
        assertThat(badLabel.errorMessage()).contains("positive_label");
        Response pinnedMissing = server.post(
                scene.base() + "/objectives",
                scene.alice,
                base + "{\"datasets\":[{\"dataset\":\"d\",\"version\":7}]}}");
        assertThat(pinnedMissing.status()).isEqualTo(404);
        assertThat(pinnedMissing.errorMessage()).contains("has no version 7");
        Response wrongTask = server.post(
                scene.base() + "/objectives",
                scene.alice,
                base + "{\"datasets\":[{\"dataset\":\"d\"}],\"score_mapping\":{\"class_labels\":[\"a\",\"b\"]}}}");
        assertThat(wrongTask.status()).isEqualTo(400);
        assertThat(wrongTask.errorMessage()).contains("class_labels does not apply to binary_classification");
        assertThat(server.get(scene.base() + "/objectives", scene.alice).json().path("objectives"))
                .isEmpty();

        // an editor may not change what the metric checks rest on
        expect(server.post(scene.base() + "/objectives", scene.alice, base + "{\"datasets\":[]}}"), 201);
        Response editor = server.send(
                "PATCH", scene.objective("o"), scene.alice, "{\"evaluation\":{\"datasets\":[{\"dataset\":\"d\"}]}}");
        assertThat(editor.status()).isEqualTo(403);
        Response noDatasets = server.post(scene.objective("o") + "/evaluations", scene.alice, null);
        assertThat(noDatasets.status()).isEqualTo(409);
        assertThat(noDatasets.errorMessage()).contains("names no evaluation datasets");
    }

    @Test
    void adHocMetricSetsAreCheckedAndStoredWithTheirImages() {
        TestingGovernance scene = new TestingGovernance(server, "adhoc");
        expect(server.post(scene.base() + "/datasets", scene.alice, "{\"name\":\"d\"}"), 201);
        expect(
                server.upload(
                        scene.base() + "/datasets/d/versions",
                        scene.alice,
                        "d.csv",
                        TestingServer.resource("fixtures/synth_binary.csv"),
                        null),
                201);
        scene.createObjective("o", "");
        int submission = scene.submit("o", "{}");
        String sets = scene.objective("o") + "/submissions/" + submission + "/metric-sets";
        byte[] png = Base64.getDecoder()
                .decode(
                        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
        String body = "{\"dataset\":\"d\",\"version\":1,\"values\":{\"profit\":12.5,\"accuracy\":0.75},"
                + "\"charts\":{\"lift\":{\"kind\":\"line\",\"series\":[{\"name\":\"x\",\"values\":[0,0.5,1]},"
                + "{\"name\":\"y\",\"values\":[1,1.8,1]}]}},\"confusion_matrix\":[[1,2],[3,4]],"
                + "\"images\":{\"calibration\":\"" + Base64.getEncoder().encodeToString(png) + "\"}}";
        JsonNode created = expect(server.post(sets, scene.alice, body), 201).json();
        assertThat(created.path("source").asText()).isEqualTo("ad_hoc");
        assertThat(created.path("row_count").asLong()).isEqualTo(2000);
        assertThat(created.path("values").path("profit").asDouble()).isEqualTo(12.5);
        assertThat(created.path("charts")
                        .path("lift")
                        .path("series")
                        .get(1)
                        .path("values")
                        .get(1)
                        .asDouble())
                .isEqualTo(1.8);
        String imageUrl = created.path("images").get(0).path("url").asText();
        Response image = server.get(imageUrl, scene.bob);
        assertThat(image.status()).isEqualTo(200);
        assertThat(image.headers().firstValue("Content-Type")).hasValue("image/png");
        assertThat(image.body()).isEqualTo(png);
        assertThat(server.get(scene.base() + "/audit", scene.olivia).json().findValuesAsText("action"))
                .contains("metric_set.create");

        byte[] tooLarge = new byte[1024 * 1024 + 1];
        System.arraycopy(png, 0, tooLarge, 0, png.length);
        Map<String, Integer> refused = new java.util.LinkedHashMap<>();
        refused.put(
                "{\"dataset\":\"d\",\"version\":1,\"images\":{\"x\":\""
                        + Base64.getEncoder().encodeToString(tooLarge) + "\"}}",
                413);
        refused.put("{\"dataset\":\"d\",\"version\":1,\"images\":{\"x\":\"aGVsbG8=\"}}", 400);
        refused.put("{\"dataset\":\"d\",\"version\":1,\"images\":{\"x\":\"not base64!\"}}", 400);
        refused.put("{\"dataset\":\"d\",\"version\":1,\"values\":{\"x\":\"abc\"}}", 400);
        refused.put("{\"dataset\":\"d\",\"version\":1,\"values\":{\"Bad Name\":1}}", 400);
        refused.put("{\"dataset\":\"d\",\"version\":1,\"values\":{\"x\":1},\"subset\":\"nope\"}", 400);
        refused.put("{\"dataset\":\"d\",\"version\":9,\"values\":{\"x\":1}}", 404);
        refused.put("{\"dataset\":\"nope\",\"version\":1,\"values\":{\"x\":1}}", 404);
        refused.put("{\"dataset\":\"d\",\"version\":1}", 400);
        refused.put("{\"dataset\":\"d\",\"version\":1,\"values\":{\"x\":1},\"row_count\":5000}", 400);
        refused.put("{\"dataset\":\"d\",\"version\":1,\"charts\":{\"c\":{\"kind\":\"pie\",\"series\":[]}}}", 400);
        refused.put("{\"dataset\":\"d\",\"version\":1,\"confusion_matrix\":[[1,2],[3]]}", 400);
        refused.put("{\"version\":1,\"values\":{\"x\":1}}", 400);
        refused.forEach((bad, status) -> {
            Response response = server.post(sets, scene.alice, bad);
            assertThat(response.status()).as(response.text()).isEqualTo(status);
            assertThat(response.errorMessage()).isNotBlank();
        });
        Response viewer = server.post(sets, scene.olivia, body);
        assertThat(viewer.status()).isEqualTo(201);
        assertThat(server.get(sets, scene.bob).json().path("metric_sets")).hasSize(2);
        Response leaderboard = server.get(scene.objective("o") + "/leaderboard", scene.bob);
        assertThat(leaderboard.status()).isEqualTo(409);
        assertThat(leaderboard.errorMessage()).contains("names no evaluation datasets");
    }

    private void uploadModel(TestingGovernance scene, String name, String fileName, byte[] bytes) {
        expect(server.post(scene.base() + "/models", scene.alice, "{\"name\":\"" + name + "\"}"), 201);
        expect(server.upload(scene.base() + "/models/" + name + "/versions", scene.alice, fileName, bytes, null), 201);
    }

    private int submit(TestingGovernance scene, String model) {
        return expect(
                        server.post(
                                scene.objective("churn") + "/submissions",
                                scene.alice,
                                "{\"model\":\"" + model + "\",\"version\":1,\"metadata\":{}}"),
                        201)
                .json()
                .path("number")
                .asInt();
    }

    /** Waits until the objective has {@code count} jobs and all of them succeeded. */
    private void awaitJobs(TestingGovernance scene, String objective, int count) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode jobs = null;
        while (Instant.now().isBefore(deadline)) {
            jobs = server.get(objective + "/evaluations", scene.bob).json().path("jobs");
            List<String> statuses = jobs.findValuesAsText("status");
            assertThat(statuses).as(jobs.toString()).doesNotContain("failed");
            if (statuses.size() == count && statuses.stream().allMatch("succeeded"::equals)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("evaluation jobs did not finish: " + jobs);
    }

    private static JsonNode metricSet(JsonNode sets, String subset) {
        for (JsonNode set : sets) {
            if (subset == null
                    ? set.path("subset").isNull() || set.path("subset").isMissingNode()
                    : subset.equals(set.path("subset").asText())) {
                return set;
            }
        }
        throw new AssertionError("no metric set for subset " + subset + " in " + sets);
    }

    /** The metrics of the fixture model's reference outputs on the rows the filter keeps. */
    private static MetricSet referenceMetrics(byte[] csv, java.util.function.Predicate<String[]> keep) {
        List<String[]> rows = rows(csv);
        List<String> expected = new String(
                        TestingServer.resource("fixtures/synth_binary_xgb_expected.csv"), StandardCharsets.UTF_8)
                .lines()
                .skip(1)
                .toList();
        BinaryClassificationAccumulator accumulator = new BinaryClassificationAccumulator(0.5);
        for (int i = 0; i < rows.size(); i++) {
            if (keep.test(rows.get(i))) {
                accumulator.add(
                        new int[] {Integer.parseInt(rows.get(i)[9])},
                        new double[] {(double) Float.parseFloat(expected.get(i))});
            }
        }
        return accumulator.result();
    }

    private static long countRows(byte[] csv, java.util.function.Predicate<String[]> keep) {
        return rows(csv).stream().filter(keep).count();
    }

    private static List<String[]> rows(byte[] csv) {
        return new String(csv, StandardCharsets.UTF_8)
                .lines()
                .skip(1)
                .map(line -> line.split(","))
                .toList();
    }

    private static byte[] firstLines(byte[] csv, int lines) {
        return (String.join(
                                "\n",
                                new String(csv, StandardCharsets.UTF_8)
                                        .lines()
                                        .limit(lines)
                                        .toList()) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A real but weak XGBoost model: one depth-1 tree, in XGBoost's JSON format. */
    private byte[] weakModel(byte[] csv) throws XGBoostError, IOException {
        List<String[]> rows = rows(csv);
        float[] features = new float[rows.size() * 8];
        float[] labels = new float[rows.size()];
        for (int row = 0; row < rows.size(); row++) {
            for (int column = 0; column < 8; column++) {
                features[row * 8 + column] = Float.parseFloat(rows.get(row)[column]);
            }
            labels[row] = Float.parseFloat(rows.get(row)[9]);
        }
        DMatrix matrix = new DMatrix(features, rows.size(), 8, Float.NaN);
        matrix.setLabel(labels);
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("objective", "binary:logistic");
        parameters.put("max_depth", 1);
        parameters.put("eta", 0.3);
        parameters.put("nthread", 1);
        parameters.put("seed", 0);
        Booster booster = XGBoost.train(matrix, parameters, 1, new HashMap<>(), null, null);
        Path file = scratch.resolve("weak.json");
        booster.saveModel(file.toString());
        booster.dispose();
        matrix.dispose();
        return Files.readAllBytes(file);
    }
}
