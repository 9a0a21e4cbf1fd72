package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.evaluation.EvaluationDataset;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.evaluation.ScoreMapping;
import dev.modelyard.core.evaluation.Subset;
import dev.modelyard.core.evaluation.VersionPolicy;
import dev.modelyard.core.evaluation.filter.RowFilter;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.objective.MetadataField;
import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ReleaseCheck;
import dev.modelyard.core.objective.ReleaseCheck.Enforcement;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.release.CheckResult;
import dev.modelyard.core.release.Release;
import dev.modelyard.core.release.ReleaseRef;
import dev.modelyard.core.release.TagEvent;
import dev.modelyard.core.submission.Review;
import dev.modelyard.core.submission.Review.Verdict;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionQuery;
import dev.modelyard.core.submission.SubmissionStatus;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of the governance stores (objectives, submissions and reviews, releases and tags),
 * run against SQLite and PostgreSQL. One database per test class; every test makes its own rows
 * under a fresh user and project, so tests do not see each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractGovernanceStoreTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private Database database;
    private Transactions tx;

    /** Opens the database of this test class. */
    protected abstract Database openDatabase();

    /** Releases what {@link #openDatabase()} needed, after the database is closed. */
    protected void releaseDatabase() {}

    @BeforeAll
    final void openTestDatabase() {
        database = openDatabase();
        tx = database.transactions();
    }

    @AfterAll
    final void closeTestDatabase() {
        try {
            if (database != null) {
                database.close();
            }
        } finally {
            releaseDatabase();
        }
    }

    // ---------------------------------------------------------------- objectives

    @Test
    void objectiveRoundTripsEveryListAndOptional() {
        Fixture f = fixture();
        Objective objective = new Objective(
                newId(),
                f.project().id(),
                "churn-" + suffix(),
                "Who cancels next month",
                TaskType.BINARY_CLASSIFICATION,
                "churned",
                List.of(
                        new Metric("roc_auc", MetricDirection.MAXIMIZE, true),
                        new Metric("log_loss", MetricDirection.MINIMIZE, false)),
                List.of("Staging", "Production", "Canary"),
                List.of("Production"),
                List.of(
                        new MetadataField("framework", MetadataField.Type.ENUM, true, "", List.of("xgboost", "lgbm")),
                        new MetadataField("n_estimators", MetadataField.Type.NUMBER, false, "trees", List.of()),
                        new MetadataField("calibrated", MetadataField.Type.BOOLEAN, false, "", List.of()),
                        new MetadataField("dataset", MetadataField.Type.STRING, true, "training data", List.of())),
                List.of(
                        ReleaseCheck.minApprovals(2, Enforcement.BLOCK),
                        new ReleaseCheck(
                                ReleaseCheck.Kind.PRIMARY_METRIC_AT_LEAST,
                                Enforcement.WARN,
                                Optional.empty(),
                                Optional.of(0.75),
                                Optional.empty(),
                                Optional.empty()),
                        new ReleaseCheck(
                                ReleaseCheck.Kind.PRIMARY_METRIC_NOT_WORSE_THAN_TAG,
                                Enforcement.BLOCK,
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of("Production"),
                                Optional.of(0.0))),
                EvaluationSettings.none(),
                Optional.empty(),
                f.ref(),
                NOW,
                NOW);
        write(s -> s.objectives().insertObjective(objective));

        assertThat(tx.read(
                        (Stores s) -> s.objectives().findObjective(f.project().id(), objective.name())))
                .contains(objective);
        assertThat(tx.read((Stores s) -> s.objectives().findObjectiveById(objective.id())))
                .contains(objective);
        assertThat(tx.read(
                        (Stores s) -> s.objectives().findObjective(f.project().id(), "other")))
                .isEmpty();

        Objective changed = new Objective(
                objective.id(),
                objective.projectId(),
                objective.name(),
                "Who cancels next quarter",
                TaskType.REGRESSION,
                "days_to_churn",
                List.of(new Metric("rmse", MetricDirection.MINIMIZE, true)),
                List.of("Production"),
                List.of(),
                List.of(),
                List.of(new ReleaseCheck(
                        ReleaseCheck.Kind.PRIMARY_METRIC_AT_LEAST,
                        Enforcement.BLOCK,
                        Optional.empty(),
                        Optional.of(12.5),
                        Optional.empty(),
                        Optional.empty())),
                EvaluationSettings.none(),
                Optional.of(NOW.plusSeconds(60)),
                objective.createdBy(),
                objective.createdAt(),
                NOW.plusSeconds(60));
        write(s -> s.objectives().updateObjective(changed));

        assertThat(tx.read((Stores s) -> s.objectives().findObjectiveById(objective.id())))
                .contains(changed);
    }

    @Test
    void objectiveListsAreStoredAsReadableJson() {
        Fixture f = fixture();
        Objective objective = objective(f, "readable", List.of(ReleaseCheck.minApprovals(2, Enforcement.BLOCK)));
        write(s -> s.objectives().insertObjective(objective));

        Map<String, String> stored = database.jdbi().withHandle((Handle handle) -> handle.createQuery(
                        "SELECT metrics_json, tags_json, release_checks_json FROM objectives WHERE id = :id")
                .bind("id", objective.id())
                .map((row, context) -> Map.of(
                        "metrics", row.getString("metrics_json"),
                        "tags", row.getString("tags_json"),
                        "checks", row.getString("release_checks_json")))
                .one());

        assertThat(stored)
                .containsEntry("metrics", "[{\"name\":\"roc_auc\",\"direction\":\"maximize\",\"primary\":true}]")
                .containsEntry("tags", "[\"Staging\",\"Production\"]")
                .containsEntry(
                        "checks", "[{\"kind\":\"min_approvals\",\"enforcement\":\"block\",\"min_approvals\":2}]");
    }

    @Test
    void updatingAMissingObjectiveFails() {
        Objective missing = objective(fixture(), "missing", List.of());

        assertThatThrownBy(() -> write(s -> s.objectives().updateObjective(missing)))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECTIVE_NOT_FOUND));
    }

    @Test
    void objectiveEvaluationSettingsRoundTrip() {
        Fixture f = fixture();
        EvaluationSettings evaluation = new EvaluationSettings(
                List.of(
                        new EvaluationDataset(newId(), "holdout", VersionPolicy.PINNED, Optional.of(3)),
                        new EvaluationDataset(newId(), "live-sample", VersionPolicy.LATEST, Optional.empty())),
                List.of(
                        new Subset("new_customers", RowFilter.parse("tenure_months < 6")),
                        new Subset(
                                "north",
                                RowFilter.parse("region in ('north', 'north''east') and `Signup Year` >= 2020"))),
                new ScoreMapping(
                        List.of("tenure_months", "region", "Signup Year"),
                        Optional.of("probabilities"),
                        Optional.of(1),
                        Optional.of(0.1 + 0.2),
                        Optional.of("churned"),
                        List.of("stays", "churns")));
        Objective objective = withEvaluation(objective(f, "evaluated", List.of()), evaluation);
        write(s -> s.objectives().insertObjective(objective));

        assertThat(tx.read((Stores s) -> s.objectives().findObjectiveById(objective.id())))
                .hasValueSatisfying(read -> {
                    assertThat(read).isEqualTo(objective);
                    assertThat(read.evaluation().scoreMapping().threshold()).contains(0.1 + 0.2);
                    assertThat(read.evaluation().subsets().get(1).filter().text())
                            .isEqualTo("region in ('north', 'north''east') and `Signup Year` >= 2020");
                });

        Objective latestOnly = withEvaluation(
                objective,
                new EvaluationSettings(
                        List.of(new EvaluationDataset(newId(), "fresh", VersionPolicy.LATEST, Optional.empty())),
                        List.of(),
                        ScoreMapping.defaults()));
        write(s -> s.objectives().updateObjective(latestOnly));
        assertThat(tx.read((Stores s) -> s.objectives().findObjectiveById(objective.id())))
                .contains(latestOnly);

        Objective none = withEvaluation(objective, EvaluationSettings.none());
        write(s -> s.objectives().updateObjective(none));
        assertThat(tx.read((Stores s) -> s.objectives().findObjectiveById(objective.id())))
                .contains(none);
    }

    @Test
    void evaluationSettingsAreStoredAsReadableJson() {
        Fixture f = fixture();
        String datasetId = newId();
        Objective objective = withEvaluation(
                objective(f, "readable-evaluation", List.of()),
                new EvaluationSettings(
                        List.of(new EvaluationDataset(datasetId, "holdout", VersionPolicy.PINNED, Optional.of(2))),
                        List.of(new Subset("young", RowFilter.parse("age < 30"))),
                        new ScoreMapping(
                                List.of(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(0.7),
                                Optional.empty(),
                                List.of())));
        write(s -> s.objectives().insertObjective(objective));

        assertThat(evaluationJson(objective))
                .isEqualTo("{\"datasets\":[{\"dataset_id\":\"" + datasetId + "\",\"dataset_name\":\"holdout\","
                        + "\"policy\":\"pinned\",\"version\":2}],\"subsets\":[{\"name\":\"young\","
                        + "\"filter\":\"age < 30\"}],\"score_mapping\":{\"feature_columns\":[],\"output\":null,"
                        + "\"score_column\":null,\"threshold\":0.7,\"positive_label\":null,\"class_labels\":[]}}");
    }

    @Test
    void objectivesMadeBeforeEvaluationsEvaluateNothing() {
        Fixture f = fixture();
        Objective objective = createObjective(f, "older");
        String noEvaluation = evaluationJson(objective);
        Objective older = objective(f, "made-before-evaluations", List.of());
        database.jdbi().useHandle((Handle handle) -> handle.createUpdate(
                        """
                        INSERT INTO objectives (id, project_id, name, description, task_type, label_column,
                            metrics_json, tags_json, protected_tags_json, metadata_fields_json,
                            release_checks_json, created_by, created_at, updated_at)
                        SELECT :id, project_id, :name, description, task_type, label_column, metrics_json,
                            tags_json, protected_tags_json, metadata_fields_json, release_checks_json,
                            created_by, created_at, updated_at
                        FROM objectives WHERE id = :template
                        """)
                .bind("id", older.id())
                .bind("name", older.name())
                .bind("template", objective.id())
                .execute());

        assertThat(tx.read((Stores s) -> s.objectives().findObjectiveById(older.id())))
                .contains(older);
        assertThat(evaluationJson(older)).isEqualTo(noEvaluation);
    }

    @Test
    void objectiveNamesAreUniquePerProjectOnly() {
        Fixture f = fixture();
        Objective objective = createObjective(f, "fraud");
        Project other = createProject(f.user());
        Objective sameNameElsewhere = objective(new Fixture(f.user(), other), "fraud", List.of());
        write(s -> s.objectives().insertObjective(sameNameElsewhere));

        assertThatThrownBy(() -> write(s -> s.objectives().insertObjective(objective(f, "fraud", List.of()))))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("objective 'fraud' already exists");
                });
        assertThat(tx.read(
                        (Stores s) -> s.objectives().findObjective(f.project().id(), "fraud")))
                .contains(objective);
        assertThat(tx.read((Stores s) -> s.objectives().findObjective(other.id(), "fraud")))
                .contains(sameNameElsewhere);
    }

    @Test
    void objectivesArePagedByNameAndArchivedOnesListedOnRequest() {
        Fixture f = fixture();
        List.of("delta", "alpha", "charlie").forEach(name -> createObjective(f, name));
        Objective archived = objective(f, "bravo", List.of());
        Objective archivedNow = new Objective(
                archived.id(),
                archived.projectId(),
                archived.name(),
                archived.description(),
                archived.taskType(),
                archived.labelColumn(),
                archived.metrics(),
                archived.tags(),
                archived.protectedTags(),
                archived.metadataFields(),
                archived.releaseChecks(),
                EvaluationSettings.none(),
                Optional.of(NOW),
                archived.createdBy(),
                archived.createdAt(),
                NOW);
        write(s -> s.objectives().insertObjective(archivedNow));
        createObjective(new Fixture(f.user(), createProject(f.user())), "aardvark");

        assertThat(pages(
                        2,
                        page -> tx.read((Stores s) ->
                                s.objectives().listObjectives(f.project().id(), page, false)),
                        Objective::name,
                        Objective::name))
                .containsExactly(List.of("alpha", "charlie"), List.of("delta"));
        assertThat(pages(
                        2,
                        page -> tx.read((Stores s) ->
                                s.objectives().listObjectives(f.project().id(), page, true)),
                        Objective::name,
                        Objective::name))
                .containsExactly(List.of("alpha", "bravo"), List.of("charlie", "delta"));
    }

    // ---------------------------------------------------------------- submissions

    @Test
    void submissionNumbersCountUpAndARollbackGivesTheNumberBack() {
        Objective objective = createObjective(fixture(), "numbers");

        List<Integer> numbers = IntStream.range(0, 3)
                .mapToObj(i ->
                        tx.inTransaction((Stores s) -> s.submissions().reserveNextSubmissionNumber(objective.id())))
                .toList();
        assertThatThrownBy(() -> tx.inTransaction((Stores s) -> {
                    int number = s.submissions().reserveNextSubmissionNumber(objective.id());
                    s.submissions().insertSubmission(submission(objective, number, Map.of()));
                    throw new IllegalStateException("submit failed after reserving " + number);
                }))
                .hasMessage("submit failed after reserving 4");

        assertThat(numbers).containsExactly(1, 2, 3);
        assertThat(tx.inTransaction((Stores s) -> s.submissions().reserveNextSubmissionNumber(objective.id())))
                .isEqualTo(4);
        assertThat(tx.read((Stores s) -> s.submissions().findSubmission(objective.id(), 4)))
                .isEmpty();
        assertThatThrownBy(() -> tx.inTransaction(
                        (Stores s) -> s.submissions().reserveNextSubmissionNumber("missing-" + suffix())))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECTIVE_NOT_FOUND));
    }

    @Test
    void submissionRoundTripsSignatureManifestAndTypedMetadata() {
        Fixture f = fixture();
        Objective objective = createObjective(f, "roundtrip");
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("name", "scorer");
        manifest.put("metrics", Map.of("roc_auc", 0.91, "rows", 12000));
        manifest.put("tags", List.of("eu", "prod"));
        manifest.put("flag", true);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("framework", "xgboost");
        metadata.put("n_estimators", 300);
        metadata.put("learning_rate", 0.05);
        metadata.put("calibrated", false);
        Submission submission = new Submission(
                newId(),
                objective.id(),
                1,
                newId(),
                "scorer",
                newId(),
                7,
                digest(),
                123_456_789_012L,
                "onnx",
                "onnx",
                "model.onnx",
                new Signature(
                        List.of(new TensorSpec("features", "FP32", List.of(-1L, 4L))),
                        List.of(new TensorSpec("score", "FP64", List.of())),
                        List.of("age", "income", "tenure_months", "plan")),
                manifest,
                metadata,
                "first try",
                SubmissionStatus.OPEN,
                f.ref(),
                NOW,
                NOW);
        write(s -> s.submissions().insertSubmission(submission));

        Submission found = tx.read((Stores s) -> s.submissions().findSubmission(objective.id(), 1))
                .orElseThrow();
        assertThat(found).isEqualTo(submission);
        assertThat(found.metadata())
                .containsExactly(
                        Map.entry("framework", "xgboost"),
                        Map.entry("n_estimators", 300),
                        Map.entry("learning_rate", 0.05),
                        Map.entry("calibrated", false));
        assertThat(tx.read((Stores s) -> s.submissions().findSubmissionById(submission.id())))
                .contains(submission);
        assertThat(tx.read((Stores s) -> s.submissions().findSubmission(objective.id(), 2)))
                .isEmpty();
    }

    @Test
    void submissionStatusChangesWithItsUpdateTime() {
        Objective objective = createObjective(fixture(), "status");
        Submission submission = createSubmission(objective, 1, Map.of());
        Instant later = NOW.plusSeconds(90);

        write(s -> s.submissions().updateSubmissionStatus(submission.id(), SubmissionStatus.APPROVED, later));

        assertThat(tx.read((Stores s) -> s.submissions().findSubmissionById(submission.id())))
                .contains(submission.withStatus(SubmissionStatus.APPROVED, later));
        assertThatThrownBy(() -> write(s -> s.submissions()
                        .updateSubmissionStatus("missing-" + suffix(), SubmissionStatus.REJECTED, later)))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.SUBMISSION_NOT_FOUND));
    }

    @Test
    void submissionsAreFilteredByStatusAndMetadataAndPagedByNumber() {
        Objective objective = createObjective(fixture(), "filters");
        Objective other = createObjective(fixture(), "filters");
        createSubmission(objective, 1, Map.of("framework", "xgboost", "n_estimators", 3, "calibrated", true));
        createSubmission(objective, 2, Map.of("framework", "lgbm", "n_estimators", 3.0));
        createSubmission(objective, 3, Map.of("framework", "xgboost", "n_estimators", 300));
        createSubmission(objective, 4, Map.of("framework", "xgboost", "n_estimators", "3"));
        createSubmission(objective, 5, Map.of());
        createSubmission(other, 1, Map.of("framework", "xgboost"));
        write(s -> s.submissions()
                .updateSubmissionStatus(submissionId(objective, 3), SubmissionStatus.REJECTED, NOW.plusSeconds(1)));

        assertThat(numbers(objective, Optional.empty(), Map.of())).containsExactly(1, 2, 3, 4, 5);
        assertThat(numbers(objective, Optional.of(SubmissionStatus.OPEN), Map.of()))
                .containsExactly(1, 2, 4, 5);
        assertThat(numbers(objective, Optional.of(SubmissionStatus.REJECTED), Map.of()))
                .containsExactly(3);
        assertThat(numbers(objective, Optional.empty(), Map.of("framework", "xgboost")))
                .containsExactly(1, 3, 4);
        assertThat(numbers(objective, Optional.empty(), Map.of("n_estimators", "3")))
                .containsExactly(1, 2, 4);
        assertThat(numbers(objective, Optional.empty(), Map.of("n_estimators", "3.0")))
                .containsExactly(1, 2, 4);
        assertThat(numbers(objective, Optional.empty(), Map.of("n_estimators", "3e2")))
                .containsExactly(3);
        assertThat(numbers(objective, Optional.empty(), Map.of("framework", "xgboost", "n_estimators", "3")))
                .containsExactly(1, 4);
        assertThat(numbers(objective, Optional.of(SubmissionStatus.OPEN), Map.of("calibrated", "true")))
                .containsExactly(1);
        assertThat(numbers(objective, Optional.empty(), Map.of("framework", "sklearn")))
                .isEmpty();
        assertThat(pages(
                        2,
                        page -> tx.read((Stores s) -> s.submissions()
                                .listSubmissions(
                                        objective.id(), new SubmissionQuery(Optional.empty(), Map.of(), page))),
                        submission -> String.valueOf(submission.number()),
                        Submission::number))
                .containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
    }

    @Test
    void submissionsOfAModelAreCountedAcrossObjectives() {
        Fixture f = fixture();
        Objective first = createObjective(f, "first");
        Objective second = createObjective(f, "second");
        String modelId = newId();
        write(s -> {
            s.submissions().insertSubmission(submissionOfModel(first, 1, modelId));
            s.submissions().insertSubmission(submissionOfModel(first, 2, modelId));
            s.submissions().insertSubmission(submissionOfModel(second, 1, modelId));
            s.submissions().insertSubmission(submissionOfModel(second, 2, newId()));
        });

        assertThat(tx.read((Stores s) -> s.submissions().countSubmissionsOfModel(modelId)))
                .isEqualTo(3);
        assertThat(tx.read((Stores s) -> s.submissions().countSubmissionsOfModel("never-" + suffix())))
                .isZero();
    }

    @Test
    void reviewsAreListedOldestFirstWithTheirThreads() {
        Fixture f = fixture();
        User reviewer = createUser();
        Objective objective = createObjective(f, "reviews");
        Submission submission = createSubmission(objective, 1, Map.of());
        Review changes = new Review(
                newId(),
                submission.id(),
                ref(reviewer),
                Verdict.REQUEST_CHANGES,
                "calibrate it",
                Optional.empty(),
                NOW.plusSeconds(10));
        Review reply = new Review(
                newId(),
                submission.id(),
                f.ref(),
                Verdict.COMMENT,
                "done",
                Optional.of(changes.id()),
                NOW.plusSeconds(20));
        Review approval = new Review(
                newId(), submission.id(), ref(reviewer), Verdict.APPROVE, "", Optional.empty(), NOW.plusSeconds(30));
        write(s -> {
            s.submissions().insertReview(changes);
            s.submissions().insertReview(approval);
            s.submissions().insertReview(reply);
        });

        assertThat(tx.read((Stores s) -> s.submissions().listReviews(submission.id())))
                .containsExactly(changes, reply, approval);
        assertThat(tx.read((Stores s) -> s.submissions().listReviews(newId()))).isEmpty();
    }

    // ---------------------------------------------------------------- releases

    @Test
    void releaseIsFoundByVersionIdAndSubmissionWithItsCheckResults() {
        Fixture f = fixture();
        Objective objective = createObjective(f, "releases");
        Submission submission = createSubmission(objective, 1, Map.of());
        Release release = new Release(
                newId(),
                objective.id(),
                "1.0.0-rc.1",
                submission.id(),
                1,
                "first cut",
                List.of(
                        new CheckResult(
                                ReleaseCheck.Kind.MIN_APPROVALS,
                                Enforcement.BLOCK,
                                CheckResult.Outcome.PASSED,
                                "approved by at least 1 reviewer(s) other than the submitter",
                                "approved by 2"),
                        new CheckResult(
                                ReleaseCheck.Kind.PRIMARY_METRIC_NOT_WORSE_THAN_TAG,
                                Enforcement.WARN,
                                CheckResult.Outcome.NOT_EVALUABLE,
                                "primary metric not worse than the release tagged Production by more than 0.01",
                                "no release is tagged Production")),
                Optional.empty(),
                Optional.empty(),
                Optional.of("https://old.example.com/fraud@0.9.0"),
                f.ref(),
                NOW);
        write(s -> s.releases().insertRelease(release));

        assertThat(tx.read((Stores s) -> s.releases().findRelease(objective.id(), "1.0.0-rc.1")))
                .contains(release);
        assertThat(tx.read((Stores s) -> s.releases().findReleaseById(release.id())))
                .contains(release);
        assertThat(tx.read((Stores s) -> s.releases().findReleaseOfSubmission(submission.id())))
                .contains(release);
        assertThat(tx.read((Stores s) -> s.releases().findRelease(objective.id(), "1.0.0")))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.releases().findReleaseOfSubmission(newId())))
                .isEmpty();
    }

    @Test
    void takenVersionAndReleasedSubmissionAreRejectedAsAlreadyExists() {
        Objective objective = createObjective(fixture(), "unique");
        Submission first = createSubmission(objective, 1, Map.of());
        Submission second = createSubmission(objective, 2, Map.of());
        Release released = createRelease(objective, first, "1.0.0", NOW);

        assertThatThrownBy(() -> write(s -> s.releases().insertRelease(release(objective, second, "1.0.0", NOW))))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("release 1.0.0 already exists in this objective");
                });
        assertThatThrownBy(() -> write(s -> s.releases().insertRelease(release(objective, first, "1.0.1", NOW))))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("submission 1 is already released");
                });
        assertThat(tx.read((Stores s) -> s.releases().listReleases(objective.id(), PageRequest.all())))
                .containsExactly(released);
    }

    @Test
    void deprecationIsRecordedAndReadBack() {
        Objective objective = createObjective(fixture(), "deprecation");
        Release release = createRelease(objective, createSubmission(objective, 1, Map.of()), "2.1.0", NOW);
        Release deprecated = release.deprecate("leaks the label", NOW.plusSeconds(3600));

        write(s -> s.releases().updateRelease(deprecated));

        assertThat(tx.read((Stores s) -> s.releases().findReleaseById(release.id())))
                .contains(deprecated)
                .hasValueSatisfying(found -> assertThat(found.deprecated()).isTrue());
        assertThatThrownBy(() -> write(s -> s.releases()
                        .updateRelease(release(objective, createSubmission(objective, 2, Map.of()), "9.9.9", NOW))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.RELEASE_NOT_FOUND));
    }

    @Test
    void releasesAreListedNewestFirstAcrossPages() {
        Objective objective = createObjective(fixture(), "listing");
        Instant sameInstant = NOW.plusSeconds(7200).plusNanos(123_456_000);
        List<Release> releases = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Instant at = i < 3 ? sameInstant : sameInstant.plusSeconds(i);
            releases.add(createRelease(objective, createSubmission(objective, i + 1, Map.of()), "1." + i + ".0", at));
        }
        Objective other = createObjective(fixture(), "listing");
        createRelease(other, createSubmission(other, 1, Map.of()), "1.0.0", NOW);

        List<List<String>> pages = pages(
                2,
                page -> tx.read((Stores s) -> s.releases().listReleases(objective.id(), page)),
                Release::sortKey,
                Release::version);

        List<String> sameInstantVersions = releases.subList(0, 3).stream()
                .sorted((a, b) -> b.id().compareTo(a.id()))
                .map(Release::version)
                .toList();
        assertThat(pages.stream().flatMap(List::stream).toList())
                .containsExactly(
                        "1.4.0",
                        "1.3.0",
                        sameInstantVersions.get(0),
                        sameInstantVersions.get(1),
                        sameInstantVersions.get(2));
        assertThat(pages).extracting(List::size).containsExactly(2, 2, 1);
        assertThatThrownBy(() -> tx.read((Stores s) -> s.releases()
                        .listReleases(objective.id(), new PageRequest(10, Optional.of("1.0.0"), Optional.empty()))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAGE_TOKEN));
    }

    // ---------------------------------------------------------------- tags

    @Test
    void tagsArePutMovedAndRemovedWithAHistoryOldestFirst() {
        Fixture f = fixture();
        Objective objective = createObjective(f, "tags");
        Release first = createRelease(objective, createSubmission(objective, 1, Map.of()), "1.0.0", NOW);
        Release second = createRelease(objective, createSubmission(objective, 2, Map.of()), "1.1.0", NOW);

        List<TagEvent> events = List.of(
                moveTag(objective, "Staging", Optional.of(first), f.user(), NOW.plusSeconds(1)),
                moveTag(objective, "Production", Optional.of(first), f.user(), NOW.plusSeconds(2)),
                moveTag(objective, "Staging", Optional.of(second), f.user(), NOW.plusSeconds(3)));
        assertThat(tx.read((Stores s) -> s.releases().currentTags(objective.id())))
                .containsExactlyInAnyOrderEntriesOf(Map.of("Staging", second.id(), "Production", first.id()));

        TagEvent removal = moveTag(objective, "Production", Optional.empty(), f.user(), NOW.plusSeconds(4));

        assertThat(tx.read((Stores s) -> s.releases().currentTags(objective.id())))
                .containsExactly(Map.entry("Staging", second.id()));
        List<TagEvent> history = tx.read((Stores s) -> s.releases().tagHistory(objective.id(), Optional.empty()));
        assertThat(history).containsExactly(events.get(0), events.get(1), events.get(2), removal);
        assertThat(history).extracting(TagEvent::sequence).containsExactly(1L, 2L, 3L, 4L);
        assertThat(history.get(2).previous()).contains(first.ref());
        assertThat(history.get(2).release()).contains(second.ref());
        assertThat(removal.release()).isEmpty();
        assertThat(removal.previous()).contains(new ReleaseRef(first.id(), "1.0.0"));
        assertThat(history.get(0).actor()).isEqualTo(f.ref());
        assertThat(tx.read((Stores s) -> s.releases().tagHistory(objective.id(), Optional.of("Production"))))
                .containsExactly(events.get(1), removal);
        assertThat(tx.read((Stores s) -> s.releases().tagHistory(objective.id(), Optional.of("Canary"))))
                .isEmpty();
    }

    @Test
    void lastTagEventAtTellsWhoCarriedTheTagAtAnInstant() {
        Fixture f = fixture();
        Objective objective = createObjective(f, "timeline");
        Release first = createRelease(objective, createSubmission(objective, 1, Map.of()), "1.0.0", NOW);
        Release second = createRelease(objective, createSubmission(objective, 2, Map.of()), "2.0.0", NOW);
        Instant firstMove = NOW.plusSeconds(100);
        Instant secondMove = NOW.plusSeconds(200);
        TagEvent put = moveTag(objective, "Production", Optional.of(first), f.user(), firstMove);
        TagEvent moved = moveTag(objective, "Production", Optional.of(second), f.user(), secondMove);
        moveTag(objective, "Staging", Optional.of(first), f.user(), secondMove.plusSeconds(1));

        assertThat(lastEventAt(objective, "Production", firstMove.minusNanos(1000)))
                .isEmpty();
        assertThat(lastEventAt(objective, "Production", firstMove)).contains(put);
        assertThat(lastEventAt(objective, "Production", firstMove.plusSeconds(50)))
                .contains(put);
        assertThat(lastEventAt(objective, "Production", secondMove)).contains(moved);
        assertThat(lastEventAt(objective, "Production", secondMove.plusSeconds(3600)))
                .hasValueSatisfying(event -> {
                    assertThat(event).isEqualTo(moved);
                    assertThat(event.release()).contains(second.ref());
                    assertThat(event.previous()).contains(first.ref());
                });
        assertThat(lastEventAt(objective, "Canary", secondMove)).isEmpty();
    }

    @Test
    void concurrentTagMovesFormOnePerfectChain() throws Exception {
        Fixture f = fixture();
        Objective objective = createObjective(f, "contended");
        int movers = 20;
        List<Release> releases = tx.inTransaction((Stores s) -> {
            List<Release> made = new ArrayList<>();
            for (int i = 1; i <= movers; i++) {
                Submission submission = submission(objective, i, Map.of());
                s.submissions().insertSubmission(submission);
                Release release = release(objective, submission, "1." + i + ".0", NOW);
                s.releases().insertRelease(release);
                made.add(release);
            }
            return made;
        });
        ExecutorService executor = Executors.newFixedThreadPool(movers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> results = new ArrayList<>();
            for (Release release : releases) {
                results.add(executor.submit(() -> {
                    start.await();
                    return tx.inTransaction((Stores s) -> {
                        long sequence = s.releases().nextTagSequence(objective.id());
                        Optional<ReleaseRef> previous = Optional.ofNullable(
                                        s.releases().currentTags(objective.id()).get("Production"))
                                .map(id -> s.releases()
                                        .findReleaseById(id)
                                        .orElseThrow()
                                        .ref());
                        s.releases().putTag(objective.id(), "Production", release.id());
                        s.releases()
                                .appendTagEvent(new TagEvent(
                                        newId(),
                                        objective.id(),
                                        "Production",
                                        sequence,
                                        Optional.of(release.ref()),
                                        previous,
                                        f.ref(),
                                        NOW.plusNanos(sequence * 1000)));
                        return sequence;
                    });
                }));
            }
            start.countDown();
            List<Long> sequences = new ArrayList<>();
            for (Future<Long> result : results) {
                sequences.add(result.get(60, TimeUnit.SECONDS));
            }

            assertThat(sequences)
                    .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, movers)
                            .mapToObj(i -> (long) i)
                            .toList());
            List<TagEvent> history =
                    tx.read((Stores s) -> s.releases().tagHistory(objective.id(), Optional.of("Production")));
            assertThat(history)
                    .extracting(TagEvent::sequence)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, movers)
                            .mapToObj(i -> (long) i)
                            .toList());
            assertThat(history)
                    .extracting(event -> event.release().orElseThrow())
                    .containsExactlyInAnyOrderElementsOf(
                            releases.stream().map(Release::ref).toList());
            assertThat(history.get(0).previous()).isEmpty();
            for (int i = 1; i < history.size(); i++) {
                assertThat(history.get(i).previous())
                        .as("previous of sequence %d", history.get(i).sequence())
                        .isEqualTo(history.get(i - 1).release());
            }
            assertThat(tx.read((Stores s) -> s.releases().currentTags(objective.id())))
                    .containsExactly(Map.entry(
                            "Production",
                            history.get(movers - 1).release().orElseThrow().id()));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void tagSequenceOfAMissingObjectiveFails() {
        assertThatThrownBy(() -> tx.inTransaction((Stores s) -> s.releases().nextTagSequence("missing-" + suffix())))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.OBJECTIVE_NOT_FOUND));
    }

    // ---------------------------------------------------------------- helpers

    protected final Database database() {
        return database;
    }

    /** A user and a project of theirs, made for one test. */
    private record Fixture(User user, Project project) {
        UserRef ref() {
            return AbstractGovernanceStoreTest.ref(user);
        }
    }

    private void write(Consumer<Stores> work) {
        tx.inTransaction(stores -> {
            work.accept(stores);
            return null;
        });
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static String digest() {
        return (UUID.randomUUID().toString().replace("-", "") + "0".repeat(64)).substring(0, 64);
    }

    private static UserRef ref(User user) {
        return new UserRef(user.id(), user.name());
    }

    private Fixture fixture() {
        User user = createUser();
        return new Fixture(user, createProject(user));
    }

    private User createUser() {
        User user = new User(newId(), "gov-" + suffix(), "Governor", false, NOW);
        write(s -> s.users().insertUser(user));
        return user;
    }

    private Project createProject(User creator) {
        Project project = new Project(newId(), "gov-" + suffix(), "", ref(creator), NOW);
        write(s -> s.projects().insertProject(project));
        return project;
    }

    private static Objective objective(Fixture f, String name, List<ReleaseCheck> checks) {
        return new Objective(
                newId(),
                f.project().id(),
                name,
                "",
                TaskType.BINARY_CLASSIFICATION,
                "label",
                List.of(new Metric("roc_auc", MetricDirection.MAXIMIZE, true)),
                Objective.DEFAULT_TAGS,
                Objective.DEFAULT_PROTECTED_TAGS,
                List.of(),
                checks,
                EvaluationSettings.none(),
                Optional.empty(),
                f.ref(),
                NOW,
                NOW);
    }

    private static Objective withEvaluation(Objective objective, EvaluationSettings evaluation) {
        return new Objective(
                objective.id(),
                objective.projectId(),
                objective.name(),
                objective.description(),
                objective.taskType(),
                objective.labelColumn(),
                objective.metrics(),
                objective.tags(),
                objective.protectedTags(),
                objective.metadataFields(),
                objective.releaseChecks(),
                evaluation,
                objective.archivedAt(),
                objective.createdBy(),
                objective.createdAt(),
                objective.updatedAt());
    }

    private String evaluationJson(Objective objective) {
        return database.jdbi().withHandle((Handle handle) -> handle.createQuery(
                        "SELECT evaluation_json FROM objectives WHERE id = :id")
                .bind("id", objective.id())
                .mapTo(String.class)
                .one());
    }

    private Objective createObjective(Fixture f, String name) {
        Objective objective = objective(f, name, List.of());
        write(s -> s.objectives().insertObjective(objective));
        return objective;
    }

    private static Submission submission(Objective objective, int number, Map<String, Object> metadata) {
        return submissionOf(objective, number, newId(), metadata);
    }

    private static Submission submissionOfModel(Objective objective, int number, String modelId) {
        return submissionOf(objective, number, modelId, Map.of());
    }

    private static Submission submissionOf(
            Objective objective, int number, String modelId, Map<String, Object> metadata) {
        return new Submission(
                newId(),
                objective.id(),
                number,
                modelId,
                "model",
                newId(),
                1,
                digest(),
                1024,
                "sklearn",
                "pickle",
                "model.pkl",
                Signature.empty(),
                Map.of(),
                metadata,
                "",
                SubmissionStatus.OPEN,
                objective.createdBy(),
                NOW,
                NOW);
    }

    private Submission createSubmission(Objective objective, int number, Map<String, Object> metadata) {
        Submission submission = submission(objective, number, metadata);
        write(s -> s.submissions().insertSubmission(submission));
        return submission;
    }

    private String submissionId(Objective objective, int number) {
        return tx.read((Stores s) -> s.submissions().findSubmission(objective.id(), number))
                .orElseThrow()
                .id();
    }

    private List<Integer> numbers(
            Objective objective, Optional<SubmissionStatus> status, Map<String, String> metadataEquals) {
        return tx
                .read((Stores s) -> s.submissions()
                        .listSubmissions(
                                objective.id(), new SubmissionQuery(status, metadataEquals, PageRequest.all())))
                .stream()
                .map(Submission::number)
                .toList();
    }

    private static Release release(Objective objective, Submission submission, String version, Instant at) {
        return new Release(
                newId(),
                objective.id(),
                version,
                submission.id(),
                submission.number(),
                "",
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                objective.createdBy(),
                at);
    }

    private Release createRelease(Objective objective, Submission submission, String version, Instant at) {
        Release release = release(objective, submission, version, at);
        write(s -> s.releases().insertRelease(release));
        return release;
    }

    /** Moves (or, with no release, removes) a tag as the service does, in one transaction. */
    private TagEvent moveTag(Objective objective, String tag, Optional<Release> release, User actor, Instant at) {
        return tx.inTransaction((Stores s) -> {
            long sequence = s.releases().nextTagSequence(objective.id());
            Optional<ReleaseRef> previous = Optional.ofNullable(
                            s.releases().currentTags(objective.id()).get(tag))
                    .map(id -> s.releases().findReleaseById(id).orElseThrow().ref());
            release.ifPresentOrElse(r -> s.releases().putTag(objective.id(), tag, r.id()), () -> s.releases()
                    .removeTag(objective.id(), tag));
            TagEvent event = new TagEvent(
                    newId(), objective.id(), tag, sequence, release.map(Release::ref), previous, ref(actor), at);
            s.releases().appendTagEvent(event);
            return event;
        });
    }

    private Optional<TagEvent> lastEventAt(Objective objective, String tag, Instant at) {
        return tx.read((Stores s) -> s.releases().lastTagEventAt(objective.id(), tag, at));
    }

    /** Every page, following the page tokens as a client would. */
    private static <T, R> List<List<R>> pages(
            int pageSize, Function<PageRequest, List<T>> fetch, Function<T, String> sortKey, Function<T, R> shown) {
        List<List<R>> pages = new ArrayList<>();
        PageRequest request = PageRequest.first(pageSize);
        while (true) {
            Page<T> page = Page.fromOverfetch(fetch.apply(request), request, sortKey);
            pages.add(page.items().stream().map(shown).toList());
            if (page.nextPageToken().isEmpty() || pages.size() > 100) {
                return pages;
            }
            request = PageRequest.of(pageSize, page.nextPageToken().get(), null);
        }
    }
}
