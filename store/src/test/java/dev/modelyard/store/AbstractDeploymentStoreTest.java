package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.deployment.AccessLevel;
import dev.modelyard.core.deployment.ApiKey;
import dev.modelyard.core.deployment.Challenger;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentResources;
import dev.modelyard.core.deployment.DeploymentRevision;
import dev.modelyard.core.deployment.DeploymentTarget;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.history.HistoryState;
import dev.modelyard.core.history.InferenceHistory;
import dev.modelyard.core.objective.Metric;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of the deployment store (deployments, revisions, API keys), run against SQLite and
 * PostgreSQL. One database per test class; every test makes its own user, project and objective,
 * and, deployment names being unique in the instance, names its deployments with a fresh suffix.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDeploymentStoreTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final DeploymentResources CUSTOM = new DeploymentResources(8, 1024, 30_000, 4, 32, 2_500);

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

    protected final Database database() {
        return database;
    }

    // ---------------------------------------------------------------- deployments

    @Test
    void deploymentTrackingATagRoundTripsEveryField() {
        Fixture f = fixture();
        Deployment deployment = new Deployment(
                newId(),
                f.project().id(),
                "churn-" + suffix(),
                f.objective().id(),
                DeploymentTarget.track("Production"),
                AccessLevel.PROJECT,
                CUSTOM,
                true,
                3,
                f.ref(),
                NOW,
                NOW.plusSeconds(5));
        write(s -> s.deployments().insertDeployment(deployment));

        assertThat(tx.read((Stores s) -> s.deployments().findDeployment(deployment.name())))
                .contains(deployment);
        assertThat(tx.read((Stores s) -> s.deployments().findDeploymentById(deployment.id())))
                .contains(deployment);
        assertThat(tx.read((Stores s) -> s.deployments().findDeployment("missing-" + suffix())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.deployments().findDeploymentById(newId())))
                .isEmpty();
    }

    @Test
    void deploymentPinningAReleaseRoundTripsEveryField() {
        Fixture f = fixture();
        Deployment deployment = new Deployment(
                newId(),
                f.project().id(),
                "pinned-" + suffix(),
                f.objective().id(),
                DeploymentTarget.pin("1.4.0"),
                AccessLevel.PUBLIC,
                DeploymentResources.DEFAULTS,
                false,
                1,
                f.ref(),
                NOW,
                NOW);
        write(s -> s.deployments().insertDeployment(deployment));

        Deployment found = tx.read((Stores s) -> s.deployments().findDeploymentById(deployment.id()))
                .orElseThrow();
        assertThat(found).isEqualTo(deployment);
        assertThat(found.target().trackTag()).isEmpty();
        assertThat(found.target().pinnedRelease()).contains("1.4.0");
        assertThat(found.createdBy().name()).isEqualTo(f.user().name());
    }

    @Test
    void deploymentColumnsAreStoredPlainly() {
        Fixture f = fixture();
        Deployment deployment = deployment(f, "plain-" + suffix(), DeploymentTarget.pin("2.0.0"));
        write(s -> s.deployments().insertDeployment(deployment));

        Map<String, Object> stored = database.jdbi().withHandle((Handle handle) -> handle.createQuery(
                        "SELECT track_tag, pinned_release, access, timeout_ms, stopped, created_at"
                                + " FROM deployments WHERE id = :id")
                .bind("id", deployment.id())
                .map((row, context) -> {
                    Map<String, Object> columns = new HashMap<>();
                    columns.put("track_tag", row.getString("track_tag"));
                    columns.put("pinned_release", row.getString("pinned_release"));
                    columns.put("access", row.getString("access"));
                    columns.put("timeout_ms", row.getLong("timeout_ms"));
                    columns.put("stopped", row.getBoolean("stopped"));
                    columns.put("created_at", row.getLong("created_at"));
                    return columns;
                })
                .one());

        assertThat(stored)
                .containsEntry("track_tag", null)
                .containsEntry("pinned_release", "2.0.0")
                .containsEntry("access", "instance")
                .containsEntry("timeout_ms", 10_000L)
                .containsEntry("stopped", false)
                .containsEntry("created_at", EpochMicros.toMicros(NOW));
    }

    @Test
    void deploymentNamesAreUniqueInTheInstanceAcrossProjects() {
        Fixture f = fixture();
        String name = "unique-" + suffix();
        Deployment first = deployment(f, name, DeploymentTarget.track("Production"));
        write(s -> s.deployments().insertDeployment(first));
        Fixture other = fixture();

        assertThatThrownBy(() -> write(s ->
                        s.deployments().insertDeployment(deployment(other, name, DeploymentTarget.track("Staging")))))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    assertThat(e.getMessage())
                            .isEqualTo("deployment '" + name
                                    + "' already exists (deployment names are unique in the instance)");
                });
        assertThatThrownBy(() -> write(
                        s -> s.deployments().insertDeployment(deployment(f, name, DeploymentTarget.pin("1.0.0")))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));

        assertThat(tx.read((Stores s) -> s.deployments().findDeployment(name))).contains(first);
        assertThat(tx.read((Stores s) ->
                        s.deployments().listDeployments(other.project().id(), PageRequest.all())))
                .isEmpty();
    }

    @Test
    void updateReplacesTheConfigurationRevisionAndUpdatedTime() {
        Fixture f = fixture();
        Deployment deployment = deployment(f, "update-" + suffix(), DeploymentTarget.track("Production"));
        write(s -> s.deployments().insertDeployment(deployment));

        Deployment pinnedAndStopped = deployment.with(
                DeploymentTarget.pin("1.2.3"), AccessLevel.PUBLIC, CUSTOM, true, 2, NOW.plusSeconds(60));
        write(s -> s.deployments().updateDeployment(pinnedAndStopped));
        assertThat(tx.read((Stores s) -> s.deployments().findDeploymentById(deployment.id())))
                .contains(pinnedAndStopped);

        Deployment trackingAgain = pinnedAndStopped.with(
                DeploymentTarget.track("Staging"),
                AccessLevel.PROJECT,
                DeploymentResources.DEFAULTS,
                false,
                3,
                NOW.plusSeconds(120));
        write(s -> s.deployments().updateDeployment(trackingAgain));
        Deployment found = tx.read((Stores s) -> s.deployments().findDeployment(deployment.name()))
                .orElseThrow();
        assertThat(found).isEqualTo(trackingAgain);
        assertThat(found.createdAt()).isEqualTo(NOW);
        assertThat(found.updatedAt()).isEqualTo(NOW.plusSeconds(120));
    }

    @Test
    void updatingAMissingDeploymentFails() {
        Deployment missing = deployment(fixture(), "missing-" + suffix(), DeploymentTarget.track("Production"));

        assertThatThrownBy(() -> write(s -> s.deployments().updateDeployment(missing)))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DEPLOYMENT_NOT_FOUND);
                    assertThat(e.getMessage()).contains(missing.name());
                });
    }

    @Test
    void deploymentsOfAProjectArePagedByName() {
        Fixture f = fixture();
        String s = suffix();
        for (String prefix : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
            createDeployment(f, prefix + "-" + s);
        }
        createDeployment(fixture(), "aardvark-" + s);

        assertThat(pages(
                        2,
                        page -> tx.read((Stores stores) ->
                                stores.deployments().listDeployments(f.project().id(), page)),
                        Deployment::name,
                        Deployment::name))
                .containsExactly(
                        List.of("alpha-" + s, "bravo-" + s),
                        List.of("charlie-" + s, "delta-" + s),
                        List.of("echo-" + s));
        assertThat(tx
                        .read((Stores stores) -> stores.deployments()
                                .listDeployments(f.project().id(), PageRequest.of(10, null, "HARL")))
                        .stream()
                        .map(Deployment::name))
                .containsExactly("charlie-" + s);
        assertThat(tx.read((Stores stores) -> stores.deployments().listDeployments(newId(), PageRequest.all())))
                .isEmpty();
    }

    @Test
    void listAllDeploymentsHoldsEveryProjectsDeploymentsByName() {
        String s = suffix();
        Deployment second = createDeployment(fixture(), "all-b-" + s);
        Deployment first = createDeployment(fixture(), "all-a-" + s);

        List<Deployment> all = tx.read((Stores stores) -> stores.deployments().listAllDeployments());

        assertThat(all).containsSubsequence(first, second);
        assertThat(all.stream().map(Deployment::name).toList()).isSorted();
    }

    @Test
    void deploymentsOfAnObjectiveAreListedByName() {
        Fixture f = fixture();
        Objective otherObjective = createObjective(f.project(), f.user(), "other");
        String s = suffix();
        Deployment b = createDeployment(f, "obj-b-" + s);
        Deployment a = createDeployment(f, "obj-a-" + s);
        Deployment elsewhere = deployment(f, "obj-c-" + s, DeploymentTarget.track("Production"));
        Deployment ofOther = new Deployment(
                elsewhere.id(),
                elsewhere.projectId(),
                elsewhere.name(),
                otherObjective.id(),
                elsewhere.target(),
                elsewhere.access(),
                elsewhere.resources(),
                elsewhere.stopped(),
                elsewhere.revision(),
                elsewhere.createdBy(),
                elsewhere.createdAt(),
                elsewhere.updatedAt());
        write(stores -> stores.deployments().insertDeployment(ofOther));

        assertThat(tx.read((Stores stores) -> stores.deployments()
                        .listDeploymentsOfObjective(f.objective().id())))
                .containsExactly(a, b);
        assertThat(tx.read((Stores stores) -> stores.deployments().listDeploymentsOfObjective(otherObjective.id())))
                .containsExactly(ofOther);
        assertThat(tx.read((Stores stores) -> stores.deployments().listDeploymentsOfObjective(newId())))
                .isEmpty();
    }

    // ---------------------------------------------------------------- revisions

    @Test
    void revisionsRoundTripAndAreListedNewestFirst() {
        Fixture f = fixture();
        User operator = createUser();
        Deployment deployment = createDeployment(f, "revs-" + suffix());
        DeploymentRevision first = new DeploymentRevision(
                newId(),
                deployment.id(),
                1,
                "created",
                DeploymentTarget.track("Production"),
                AccessLevel.INSTANCE,
                DeploymentResources.DEFAULTS,
                false,
                Optional.empty(),
                f.ref(),
                NOW);
        DeploymentRevision second = new DeploymentRevision(
                newId(),
                deployment.id(),
                2,
                "pinned 1.4.0; workers 2 → 8",
                DeploymentTarget.pin("1.4.0"),
                AccessLevel.PUBLIC,
                CUSTOM,
                false,
                Optional.of("1.4.0"),
                ref(operator),
                NOW.plusSeconds(60));
        DeploymentRevision third = new DeploymentRevision(
                newId(),
                deployment.id(),
                3,
                "stopped",
                DeploymentTarget.pin("1.4.0"),
                AccessLevel.PROJECT,
                CUSTOM,
                true,
                Optional.of("1.4.0"),
                ref(operator),
                NOW.plusSeconds(120));
        write(s -> {
            s.deployments().insertRevision(first);
            s.deployments().insertRevision(third);
            s.deployments().insertRevision(second);
        });

        assertThat(tx.read((Stores s) -> s.deployments().listRevisions(deployment.id())))
                .containsExactly(third, second, first);
        assertThat(tx.read((Stores s) -> s.deployments().findRevision(deployment.id(), 1)))
                .contains(first);
        DeploymentRevision found = tx.read((Stores s) -> s.deployments().findRevision(deployment.id(), 2))
                .orElseThrow();
        assertThat(found).isEqualTo(second);
        assertThat(found.actor()).isEqualTo(new UserRef(operator.id(), operator.name()));
        assertThat(tx.read((Stores s) -> s.deployments().findRevision(deployment.id(), 4)))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.deployments().findRevision(newId(), 1)))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.deployments().listRevisions(newId())))
                .isEmpty();
    }

    @Test
    void revisionNumbersAreUniquePerDeployment() {
        Fixture f = fixture();
        Deployment deployment = createDeployment(f, "revnum-" + suffix());
        Deployment other = createDeployment(f, "revnum-other-" + suffix());
        DeploymentRevision first = revision(deployment, 1, f.ref());
        write(s -> s.deployments().insertRevision(first));

        assertThatThrownBy(() -> write(s -> s.deployments().insertRevision(revision(deployment, 1, f.ref()))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        DeploymentRevision ofOther = revision(other, 1, f.ref());
        write(s -> s.deployments().insertRevision(ofOther));

        assertThat(tx.read((Stores s) -> s.deployments().listRevisions(deployment.id())))
                .containsExactly(first);
        assertThat(tx.read((Stores s) -> s.deployments().listRevisions(other.id())))
                .containsExactly(ofOther);
    }

    // ---------------------------------------------------------------- challengers

    @Test
    void aChallengerRoundTripsAndIsReplacedAndRemovedByUpdates() {
        Fixture f = fixture();
        Challenger pinned = new Challenger(DeploymentTarget.pin("1.5.0"), 0.25, 1_500);
        Deployment deployment = new Deployment(
                newId(),
                f.project().id(),
                "challenged-" + suffix(),
                f.objective().id(),
                DeploymentTarget.track("Production"),
                AccessLevel.PROJECT,
                CUSTOM,
                false,
                1,
                f.ref(),
                NOW,
                NOW,
                Optional.of(pinned));
        write(s -> s.deployments().insertDeployment(deployment));
        assertThat(tx.read((Stores s) -> s.deployments().findDeploymentById(deployment.id())))
                .contains(deployment);

        Challenger tracking = new Challenger(DeploymentTarget.track("Staging"), 1.0, 600_000);
        Deployment followingStaging = deployment.with(
                deployment.target(),
                deployment.access(),
                deployment.resources(),
                false,
                Optional.of(tracking),
                2,
                NOW.plusSeconds(60));
        write(s -> s.deployments().updateDeployment(followingStaging));
        Deployment found = tx.read((Stores s) -> s.deployments().findDeployment(deployment.name()))
                .orElseThrow();
        assertThat(found).isEqualTo(followingStaging);
        assertThat(found.challenger()).contains(tracking);

        // an update that changes something else keeps the challenger
        Deployment stopped =
                found.with(found.target(), AccessLevel.PUBLIC, found.resources(), true, 3, NOW.plusSeconds(90));
        write(s -> s.deployments().updateDeployment(stopped));
        assertThat(tx.read((Stores s) -> s.deployments().findDeploymentById(deployment.id()))
                        .orElseThrow()
                        .challenger())
                .contains(tracking);

        Deployment withoutChallenger = stopped.with(
                stopped.target(),
                stopped.access(),
                stopped.resources(),
                stopped.stopped(),
                Optional.empty(),
                4,
                NOW.plusSeconds(120));
        write(s -> s.deployments().updateDeployment(withoutChallenger));
        assertThat(tx.read((Stores s) -> s.deployments().findDeploymentById(deployment.id())))
                .contains(withoutChallenger);
        assertThat(tx.read((Stores s) ->
                        s.deployments().listDeploymentsOfObjective(f.objective().id())))
                .containsExactly(withoutChallenger);
    }

    @Test
    void challengerColumnsAreStoredPlainlyAndNullWithoutOne() {
        Fixture f = fixture();
        Deployment without = deployment(f, "plain-none-" + suffix(), DeploymentTarget.track("Production"));
        Deployment with = new Deployment(
                newId(),
                f.project().id(),
                "plain-with-" + suffix(),
                f.objective().id(),
                DeploymentTarget.track("Production"),
                AccessLevel.INSTANCE,
                DeploymentResources.DEFAULTS,
                false,
                1,
                f.ref(),
                NOW,
                NOW,
                Optional.of(new Challenger(DeploymentTarget.pin("2.1.0"), 0.5, 2_000)));
        write(s -> {
            s.deployments().insertDeployment(without);
            s.deployments().insertDeployment(with);
        });

        assertThat(challengerColumns(without.id()))
                .containsEntry("challenger_track_tag", null)
                .containsEntry("challenger_pinned_release", null)
                .containsEntry("challenger_sampling_rate", null)
                .containsEntry("challenger_timeout_ms", null);
        assertThat(challengerColumns(with.id()))
                .containsEntry("challenger_track_tag", null)
                .containsEntry("challenger_pinned_release", "2.1.0")
                .containsEntry("challenger_sampling_rate", 0.5)
                .containsEntry("challenger_timeout_ms", 2_000L);
    }

    @Test
    void revisionsKeepTheChallengerTheySet() {
        Fixture f = fixture();
        Deployment deployment = createDeployment(f, "rev-chal-" + suffix());
        Challenger challenger = new Challenger(DeploymentTarget.track("Staging"), 0.1, 250);
        DeploymentRevision withChallenger = new DeploymentRevision(
                newId(),
                deployment.id(),
                1,
                "created: track Production; challenger track Staging (sampling 0.1, timeout 250 ms)",
                DeploymentTarget.track("Production"),
                AccessLevel.PROJECT,
                DeploymentResources.DEFAULTS,
                false,
                Optional.of("1.0.0"),
                f.ref(),
                NOW,
                Optional.of(challenger));
        DeploymentRevision withoutChallenger = revision(deployment, 2, f.ref());
        write(s -> {
            s.deployments().insertRevision(withChallenger);
            s.deployments().insertRevision(withoutChallenger);
        });

        assertThat(tx.read((Stores s) -> s.deployments().findRevision(deployment.id(), 1)))
                .contains(withChallenger);
        assertThat(tx.read((Stores s) -> s.deployments().listRevisions(deployment.id())))
                .containsExactly(withoutChallenger, withChallenger);
        assertThat(withoutChallenger.challenger()).isEmpty();
    }

    private Map<String, Object> challengerColumns(String deploymentId) {
        return database.jdbi().withHandle((Handle handle) -> handle.createQuery(
                        "SELECT challenger_track_tag, challenger_pinned_release, challenger_sampling_rate,"
                                + " challenger_timeout_ms FROM deployments WHERE id = :id")
                .bind("id", deploymentId)
                .map((row, context) -> {
                    Map<String, Object> columns = new HashMap<>();
                    columns.put("challenger_track_tag", row.getString("challenger_track_tag"));
                    columns.put("challenger_pinned_release", row.getString("challenger_pinned_release"));
                    double rate = row.getDouble("challenger_sampling_rate");
                    columns.put("challenger_sampling_rate", row.wasNull() ? null : rate);
                    long timeout = row.getLong("challenger_timeout_ms");
                    columns.put("challenger_timeout_ms", row.wasNull() ? null : timeout);
                    return columns;
                })
                .one());
    }

    // ---------------------------------------------------------------- API keys

    @Test
    void apiKeysRoundTripAndAreListedNewestFirst() {
        Fixture f = fixture();
        Deployment deployment = createDeployment(f, "keys-" + suffix());
        Deployment other = createDeployment(f, "keys-other-" + suffix());
        ApiKey older = new ApiKey(
                newId(), deployment.id(), "ci", "myk_ab12", f.ref(), NOW, Optional.empty(), Optional.empty());
        ApiKey newer = new ApiKey(
                newId(),
                deployment.id(),
                "partner",
                "myk_cd34",
                f.ref(),
                NOW.plusSeconds(60),
                Optional.of(NOW.plus(30, ChronoUnit.DAYS)),
                Optional.empty());
        ApiKey ofOther =
                new ApiKey(newId(), other.id(), "ci", "myk_ef56", f.ref(), NOW, Optional.empty(), Optional.empty());
        String olderHash = hash();
        String newerHash = hash();
        write(s -> {
            s.deployments().insertApiKey(older, olderHash);
            s.deployments().insertApiKey(newer, newerHash);
            s.deployments().insertApiKey(ofOther, hash());
        });

        assertThat(tx.read((Stores s) -> s.deployments().listApiKeys(deployment.id())))
                .containsExactly(newer, older);
        assertThat(tx.read((Stores s) -> s.deployments().listApiKeys(other.id())))
                .containsExactly(ofOther);
        assertThat(tx.read((Stores s) -> s.deployments().listApiKeys(newId()))).isEmpty();
        assertThat(tx.read((Stores s) -> s.deployments().findApiKeyBySecretHash(newerHash)))
                .contains(newer);
        assertThat(tx.read((Stores s) -> s.deployments().findApiKeyBySecretHash(hash())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.deployments().findApiKey(deployment.id(), older.id())))
                .contains(older);
        assertThat(tx.read((Stores s) -> s.deployments().findApiKey(other.id(), older.id())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.deployments().findApiKey(deployment.id(), newId())))
                .isEmpty();
    }

    @Test
    void apiKeySecretHashesAreUnique() {
        Fixture f = fixture();
        Deployment deployment = createDeployment(f, "hash-" + suffix());
        String secretHash = hash();
        write(s -> s.deployments().insertApiKey(key(deployment, f.ref(), NOW), secretHash));

        assertThatThrownBy(() -> write(s -> s.deployments().insertApiKey(key(deployment, f.ref(), NOW), secretHash)))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(tx.read((Stores s) -> s.deployments().listApiKeys(deployment.id())))
                .hasSize(1);
    }

    @Test
    void revokingAnApiKeyKeepsTheFirstRevocationTime() {
        Fixture f = fixture();
        Deployment deployment = createDeployment(f, "revoke-" + suffix());
        ApiKey key = key(deployment, f.ref(), NOW);
        String secretHash = hash();
        write(s -> s.deployments().insertApiKey(key, secretHash));
        Instant firstRevocation = NOW.plusSeconds(10);

        write(s -> s.deployments().revokeApiKey(key.id(), firstRevocation));
        write(s -> s.deployments().revokeApiKey(key.id(), NOW.plusSeconds(20)));

        ApiKey revoked = tx.read((Stores s) -> s.deployments().findApiKey(deployment.id(), key.id()))
                .orElseThrow();
        assertThat(revoked.revokedAt()).contains(firstRevocation);
        assertThat(revoked.activeAt(NOW.plusSeconds(30))).isFalse();
        assertThat(tx.read((Stores s) -> s.deployments().findApiKeyBySecretHash(secretHash)))
                .contains(revoked);
        assertThat(tx.read((Stores s) -> s.deployments().listApiKeys(deployment.id())))
                .containsExactly(revoked);
    }

    @Test
    void revokingAnUnknownApiKeyFails() {
        String keyId = newId();

        assertThatThrownBy(() -> write(s -> s.deployments().revokeApiKey(keyId, NOW)))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.API_KEY_NOT_FOUND);
                    assertThat(e.getMessage()).contains(keyId);
                });
    }

    // ---------------------------------------------------------------- fixtures

    /** A user, a project of theirs and an objective in it, made for one test. */
    // ---------------------------------------------------------------- inference histories

    @Test
    void aDeploymentHasOneCurrentHistoryAndKeepsItsRemovedOnes() {
        Fixture f = fixture();
        Deployment deployment = new Deployment(
                newId(),
                f.project().id(),
                "hist-" + suffix(),
                f.objective().id(),
                DeploymentTarget.track("Production"),
                AccessLevel.PUBLIC,
                DeploymentResources.DEFAULTS,
                false,
                1,
                f.ref(),
                NOW,
                NOW);
        write(s -> s.deployments().insertDeployment(deployment));
        InferenceHistory first = history(f, deployment, NOW);
        write(s -> s.histories().insertHistory(first));
        assertThat(tx.read((Stores s) -> s.histories().findCurrentHistory(deployment.id())))
                .contains(first);
        assertThat(tx.read((Stores s) -> s.histories().findHistoryByDataset(first.datasetId())))
                .contains(first);
        assertThat(tx.read((Stores s) -> s.histories().listCurrentHistories())).contains(first);

        InferenceHistory second = history(f, deployment, NOW.plusSeconds(1));
        assertThatThrownBy(() -> write(s -> s.histories().insertHistory(second)))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));

        InferenceHistory paused = first.withState(HistoryState.PAUSED, NOW.plusSeconds(2));
        write(s -> s.histories().updateHistory(paused));
        assertThat(tx.read((Stores s) -> s.histories().findCurrentHistory(deployment.id())))
                .contains(paused);
        InferenceHistory removed = paused.withState(HistoryState.REMOVED, NOW.plusSeconds(3));
        write(s -> s.histories().updateHistory(removed));
        assertThat(tx.read((Stores s) -> s.histories().findCurrentHistory(deployment.id())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.histories().listCurrentHistories())).doesNotContain(removed, paused, first);

        write(s -> s.histories().insertHistory(second));
        assertThat(tx.read((Stores s) -> s.histories().listHistories(deployment.id())))
                .containsExactly(second, removed);
        assertThat(tx.read((Stores s) -> s.histories().findHistoryByDataset(removed.datasetId())))
                .contains(removed);
    }

    private InferenceHistory history(Fixture f, Deployment deployment, Instant at) {
        Dataset dataset = new Dataset(newId(), f.project().id(), "calls-" + suffix(), "", f.ref(), at);
        write(s -> s.datasets().insertDataset(dataset));
        return new InferenceHistory(
                newId(),
                deployment.id(),
                f.project().id(),
                dataset.id(),
                dataset.name(),
                HistoryState.RECORDING,
                0.25,
                List.of("ssn", "email"),
                true,
                f.ref(),
                at,
                at);
    }

    private record Fixture(User user, Project project, Objective objective) {
        UserRef ref() {
            return AbstractDeploymentStoreTest.ref(user);
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

    private static String hash() {
        return (UUID.randomUUID().toString().replace("-", "") + "0".repeat(64)).substring(0, 64);
    }

    private static UserRef ref(User user) {
        return new UserRef(user.id(), user.name());
    }

    private Fixture fixture() {
        User user = createUser();
        Project project = new Project(newId(), "dep-" + suffix(), "", ref(user), NOW);
        write(s -> s.projects().insertProject(project));
        return new Fixture(user, project, createObjective(project, user, "churn"));
    }

    private User createUser() {
        User user = new User(newId(), "dep-" + suffix(), "Deployer", false, NOW);
        write(s -> s.users().insertUser(user));
        return user;
    }

    private Objective createObjective(Project project, User creator, String name) {
        Objective objective = new Objective(
                newId(),
                project.id(),
                name,
                "",
                TaskType.BINARY_CLASSIFICATION,
                "label",
                List.of(new Metric("roc_auc", MetricDirection.MAXIMIZE, true)),
                Objective.DEFAULT_TAGS,
                Objective.DEFAULT_PROTECTED_TAGS,
                List.of(),
                List.of(),
                EvaluationSettings.none(),
                Optional.empty(),
                ref(creator),
                NOW,
                NOW);
        write(s -> s.objectives().insertObjective(objective));
        return objective;
    }

    private static Deployment deployment(Fixture f, String name, DeploymentTarget target) {
        return new Deployment(
                newId(),
                f.project().id(),
                name,
                f.objective().id(),
                target,
                AccessLevel.INSTANCE,
                DeploymentResources.DEFAULTS,
                false,
                1,
                f.ref(),
                NOW,
                NOW);
    }

    private Deployment createDeployment(Fixture f, String name) {
        Deployment deployment = deployment(f, name, DeploymentTarget.track("Production"));
        write(s -> s.deployments().insertDeployment(deployment));
        return deployment;
    }

    private static DeploymentRevision revision(Deployment deployment, int number, UserRef actor) {
        return new DeploymentRevision(
                newId(),
                deployment.id(),
                number,
                "created",
                deployment.target(),
                deployment.access(),
                deployment.resources(),
                deployment.stopped(),
                Optional.empty(),
                actor,
                NOW);
    }

    private static ApiKey key(Deployment deployment, UserRef creator, Instant at) {
        return new ApiKey(
                newId(), deployment.id(), "ci", "myk_" + suffix(), creator, at, Optional.empty(), Optional.empty());
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
