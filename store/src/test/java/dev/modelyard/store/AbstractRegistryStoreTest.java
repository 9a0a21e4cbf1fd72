package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditEvent;
import dev.modelyard.core.audit.AuditQuery;
import dev.modelyard.core.model.Model;
import dev.modelyard.core.model.ModelVersion;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectMember;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.ApiToken;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserRef;
import dev.modelyard.core.user.UserStore.AuthenticatedToken;
import java.time.Duration;
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
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract every registry database honours, run against SQLite and PostgreSQL. One database per
 * test class; every test makes its own uniquely named rows, so tests do not see each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRegistryStoreTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    private Database database;
    private Transactions tx;

    /** Opens the database of this test class; called again to reopen the same database. */
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

    // ---------------------------------------------------------------- users and tokens

    @Test
    void insertedUserIsFoundByIdAndByName() {
        User user = createUser("ada", true);

        assertThat(tx.read((Stores s) -> s.users().findUserById(user.id()))).contains(user);
        assertThat(tx.read((Stores s) -> s.users().findUserByName(user.name()))).contains(user);
        assertThat(tx.read((Stores s) -> s.users().findUserByName("nobody-" + suffix())))
                .isEmpty();
    }

    @Test
    void takenUserNameIsRejectedAsAlreadyExists() {
        User user = createUser("grace", false);
        User sameName = new User(newId(), user.name(), "Other", false, NOW);

        assertThatThrownBy(() -> write(s -> s.users().insertUser(sameName)))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("user '" + user.name() + "' already exists");
                });
        assertThat(tx.read((Stores s) -> s.users().findUserById(sameName.id()))).isEmpty();
    }

    @Test
    void usersArePagedByNameAndCounted() {
        String tag = suffix();
        long before = tx.read((Stores s) -> s.users().countUsers());
        for (String name : List.of("c", "a", "b")) {
            insertUser(new User(newId(), "u" + tag + "-" + name, "", false, NOW));
        }

        List<List<String>> pages =
                pageNames(2, tag, page -> tx.read((Stores s) -> s.users().listUsers(page)), User::name);

        assertThat(pages).containsExactly(List.of("u" + tag + "-a", "u" + tag + "-b"), List.of("u" + tag + "-c"));
        assertThat(tx.read((Stores s) -> s.users().countUsers())).isEqualTo(before + 3);
    }

    @Test
    void activeTokenIsFoundByItsHashWithItsUser() {
        User user = createUser("tokenowner", false);
        ApiToken token = token(user, Optional.of(NOW.plus(Duration.ofDays(30))));
        String hash = "hash-" + suffix();
        write(s -> s.users().insertToken(token, hash));

        Optional<AuthenticatedToken> found = tx.read((Stores s) -> s.users().findActiveToken(hash, NOW));

        assertThat(found).hasValueSatisfying(authenticated -> {
            assertThat(authenticated.user()).isEqualTo(user);
            assertThat(authenticated.token()).isEqualTo(token);
        });
        assertThat(tx.read((Stores s) -> s.users().findActiveToken("hash-unknown-" + suffix(), NOW)))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.users().findToken(token.id()))).contains(token);
    }

    @Test
    void expiredTokenDoesNotAuthenticate() {
        User user = createUser("expired", false);
        Instant expiry = NOW.plus(Duration.ofHours(1));
        ApiToken token = token(user, Optional.of(expiry));
        String hash = "hash-" + suffix();
        write(s -> s.users().insertToken(token, hash));

        assertThat(tx.read((Stores s) -> s.users().findActiveToken(hash, expiry.minusNanos(1000))))
                .isPresent();
        assertThat(tx.read((Stores s) -> s.users().findActiveToken(hash, expiry)))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.users().findActiveToken(hash, expiry.plus(Duration.ofDays(1)))))
                .isEmpty();
    }

    @Test
    void revokedTokenDoesNotAuthenticateButIsStillListedNewestFirst() {
        User user = createUser("revoker", false);
        ApiToken older = new ApiToken(newId(), user.id(), "laptop", "my_abc", NOW, Optional.empty(), Optional.empty());
        ApiToken newer = new ApiToken(
                newId(), user.id(), "ci", "my_def", NOW.plusSeconds(60), Optional.empty(), Optional.empty());
        String olderHash = "hash-" + suffix();
        write(s -> {
            s.users().insertToken(older, olderHash);
            s.users().insertToken(newer, "hash-" + suffix());
        });
        Instant revokedAt = NOW.plusSeconds(120);

        write(s -> s.users().revokeToken(older.id(), revokedAt));
        write(s -> s.users().revokeToken(older.id(), revokedAt.plusSeconds(60)));

        assertThat(tx.read((Stores s) -> s.users().findActiveToken(olderHash, NOW)))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.users().listTokens(user.id())))
                .containsExactly(newer, older.revoked(revokedAt));
        assertThatThrownBy(() -> write(s -> s.users().revokeToken("missing-" + suffix(), revokedAt)))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.TOKEN_NOT_FOUND));
    }

    // ---------------------------------------------------------------- projects and members

    @Test
    void projectIsInsertedFoundAndUpdated() {
        User owner = createUser("owner", false);
        Project project = createProject("fraud", owner);

        assertThat(tx.read((Stores s) -> s.projects().findProjectByName(project.name())))
                .contains(project);
        assertThat(tx.read((Stores s) -> s.projects().findProjectById(project.id())))
                .contains(project);

        Project described = project.withDescription("Card fraud models");
        write(s -> s.projects().updateProject(described));

        assertThat(tx.read((Stores s) -> s.projects().findProjectById(project.id())))
                .map(Project::description)
                .contains("Card fraud models");
    }

    @Test
    void takenProjectNameIsRejectedAsAlreadyExists() {
        User owner = createUser("owner", false);
        Project project = createProject("churn", owner);
        Project sameName = new Project(newId(), project.name(), "", ref(owner), NOW);

        assertThatThrownBy(() -> write(s -> s.projects().insertProject(sameName)))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("project '" + project.name() + "' already exists");
                });
    }

    @Test
    void projectPagesChainThroughTheirTokens() {
        User owner = createUser("owner", false);
        String tag = suffix();
        List<String> names =
                List.of("p" + tag + "-e", "p" + tag + "-a", "p" + tag + "-d", "p" + tag + "-b", "p" + tag + "-c");
        names.forEach(name -> insertProject(new Project(newId(), name, "", ref(owner), NOW)));

        List<List<String>> pages = pageNames(
                2,
                tag,
                page -> tx.read((Stores s) -> s.projects().listProjects(page, Optional.empty())),
                Project::name);

        assertThat(pages)
                .containsExactly(
                        List.of("p" + tag + "-a", "p" + tag + "-b"),
                        List.of("p" + tag + "-c", "p" + tag + "-d"),
                        List.of("p" + tag + "-e"));
    }

    @Test
    void nameFilterIsCaseInsensitiveAndMatchesPercentAndUnderscoreLiterally() {
        User owner = createUser("owner", false);
        String tag = suffix();
        String underscore = "q" + tag + "-a_b";
        String anyCharacter = "q" + tag + "-axb";
        insertProject(new Project(newId(), underscore, "", ref(owner), NOW));
        insertProject(new Project(newId(), anyCharacter, "", ref(owner), NOW));

        assertThat(projectNamesContaining(tag + "-a_b")).containsExactly(underscore);
        assertThat(projectNamesContaining(tag.toUpperCase() + "-AXB")).containsExactly(anyCharacter);
        assertThat(projectNamesContaining(tag + "-a%")).isEmpty();
        assertThat(projectNamesContaining("q" + tag)).containsExactly(underscore, anyCharacter);
    }

    @Test
    void memberOnlyListingShowsTheProjectsOfThatUser() {
        User owner = createUser("owner", false);
        User member = createUser("member", false);
        Project mine = createProject("mine", owner);
        Project theirs = createProject("theirs", owner);
        addMember(mine, owner, Role.OWNER);
        addMember(theirs, owner, Role.OWNER);
        addMember(mine, member, Role.VIEWER);

        assertThat(tx.read((Stores s) -> s.projects().listProjects(PageRequest.all(), Optional.of(member.id()))))
                .containsExactly(mine);
        assertThat(tx.read((Stores s) -> s.projects().listProjects(PageRequest.all(), Optional.of(owner.id()))))
                .containsExactlyInAnyOrder(mine, theirs);
    }

    @Test
    void upsertingAMemberAddsThenChangesTheRole() {
        User owner = createUser("zed", false);
        User editor = createUser("amy", false);
        Project project = createProject("team", owner);
        addMember(project, owner, Role.OWNER);
        addMember(project, editor, Role.VIEWER);

        write(s -> s.projects()
                .upsertMember(
                        new ProjectMember(project.id(), editor.id(), editor.name(), Role.EDITOR, NOW.plusSeconds(5))));

        assertThat(tx.read((Stores s) -> s.projects().findMember(project.id(), editor.id())))
                .contains(new ProjectMember(project.id(), editor.id(), editor.name(), Role.EDITOR, NOW));
        assertThat(tx.read((Stores s) -> s.projects().listMembers(project.id())))
                .extracting(ProjectMember::userName)
                .containsExactly(editor.name(), owner.name());
        assertThat(tx.read((Stores s) -> s.projects().countMembersWithRole(project.id(), Role.OWNER)))
                .isEqualTo(1);
        assertThat(tx.read((Stores s) -> s.projects().countMembersWithRole(project.id(), Role.EDITOR)))
                .isEqualTo(1);
        assertThat(tx.read((Stores s) -> s.projects().countMembersWithRole(project.id(), Role.VIEWER)))
                .isZero();
    }

    @Test
    void removedMemberIsGone() {
        User owner = createUser("owner", false);
        User viewer = createUser("viewer", false);
        Project project = createProject("removal", owner);
        addMember(project, owner, Role.OWNER);
        addMember(project, viewer, Role.VIEWER);

        write(s -> s.projects().removeMember(project.id(), viewer.id()));

        assertThat(tx.read((Stores s) -> s.projects().findMember(project.id(), viewer.id())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.projects().listMembers(project.id())))
                .extracting(ProjectMember::userId)
                .containsExactly(owner.id());
    }

    @Test
    void deletingAProjectDeletesItsMemberships() {
        User owner = createUser("owner", false);
        Project project = createProject("doomed", owner);
        addMember(project, owner, Role.OWNER);

        write(s -> s.projects().deleteProject(project.id()));

        assertThat(tx.read((Stores s) -> s.projects().findProjectById(project.id())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.projects().findMember(project.id(), owner.id())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.projects().listProjects(PageRequest.all(), Optional.of(owner.id()))))
                .isEmpty();
    }

    @Test
    void projectWithModelsCannotBeDeleted() {
        User owner = createUser("owner", false);
        Project project = createProject("keeper", owner);
        createModel(project, "kept");

        assertThatThrownBy(() -> write(s -> s.projects().deleteProject(project.id())))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.CONFLICT));
        assertThat(tx.read((Stores s) -> s.projects().findProjectById(project.id())))
                .contains(project);
    }

    // ---------------------------------------------------------------- models and versions

    @Test
    void modelNamesAreUniquePerProjectOnly() {
        User owner = createUser("owner", false);
        Project first = createProject("first", owner);
        Project second = createProject("second", owner);
        Model model = createModel(first, "churn");
        Model sameNameElsewhere = createModel(second, "churn");

        assertThatThrownBy(() -> write(
                        s -> s.models().insertModel(new Model(newId(), first.id(), "churn", "", ref(owner), NOW))))
                .isInstanceOfSatisfying(ModelyardException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
                    assertThat(e.getMessage()).isEqualTo("model 'churn' already exists");
                });
        assertThat(tx.read((Stores s) -> s.models().findModel(first.id(), "churn")))
                .contains(model);
        assertThat(tx.read((Stores s) -> s.models().findModel(second.id(), "churn")))
                .contains(sameNameElsewhere);
    }

    @Test
    void modelsOfAProjectArePagedByNameAndCounted() {
        User owner = createUser("owner", false);
        Project project = createProject("many", owner);
        Project other = createProject("other", owner);
        List.of("gamma", "alpha", "beta").forEach(name -> createModel(project, name));
        createModel(other, "delta");

        List<List<String>> pages =
                pageNames(2, "", page -> tx.read((Stores s) -> s.models().listModels(project.id(), page)), Model::name);

        assertThat(pages).containsExactly(List.of("alpha", "beta"), List.of("gamma"));
        assertThat(tx.read((Stores s) -> s.models().countModels(project.id()))).isEqualTo(3);
        assertThat(pageNames(
                        10,
                        "ET",
                        page -> tx.read((Stores s) -> s.models().listModels(project.id(), page)),
                        Model::name))
                .containsExactly(List.of("beta"));
    }

    @Test
    void reservedVersionNumbersCountUpFromOne() {
        Model model = createModel(createProject("numbers", createUser("owner", false)), "counter");

        List<Integer> numbers = IntStream.range(0, 3)
                .mapToObj(i -> tx.inTransaction((Stores s) -> s.models().reserveNextVersionNumber(model.id())))
                .toList();

        assertThat(numbers).containsExactly(1, 2, 3);
    }

    @Test
    void rolledBackReservationGivesItsNumberBack() {
        Model model = createModel(createProject("rollback", createUser("owner", false)), "counter");
        assertThat(tx.inTransaction((Stores s) -> s.models().reserveNextVersionNumber(model.id())))
                .isEqualTo(1);

        assertThatThrownBy(() -> tx.inTransaction((Stores s) -> {
                    int number = s.models().reserveNextVersionNumber(model.id());
                    s.models().insertVersion(version(model, number, "aa"));
                    throw new IllegalStateException("upload failed after reserving " + number);
                }))
                .hasMessage("upload failed after reserving 2");

        assertThat(tx.inTransaction((Stores s) -> s.models().reserveNextVersionNumber(model.id())))
                .isEqualTo(2);
        assertThat(tx.read((Stores s) -> s.models().findVersion(model.id(), 2))).isEmpty();
    }

    @Test
    void reservingForAMissingModelFails() {
        assertThatThrownBy(() ->
                        tx.inTransaction((Stores s) -> s.models().reserveNextVersionNumber("missing-" + suffix())))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MODEL_NOT_FOUND));
    }

    @Test
    void versionRoundTripsSignatureManifestAndProperties() {
        Model model = createModel(createProject("roundtrip", createUser("owner", false)), "scorer");
        ModelVersion version = new ModelVersion(
                newId(),
                model.id(),
                1,
                "ab".repeat(32),
                123_456_789_012L,
                "onnx",
                "onnx",
                "model.onnx",
                new Signature(
                        List.of(new TensorSpec("features", "FP32", List.of(-1L, 4L))),
                        List.of(
                                new TensorSpec("label", "INT64", List.of(-1L)),
                                new TensorSpec("score", "FP64", List.of())),
                        List.of("age", "income", "tenure_months", "plan")),
                Map.of(
                        "name",
                        "scorer",
                        "metrics",
                        Map.of("auc", 0.91, "rows", 12000),
                        "tags",
                        List.of("prod", "eu"),
                        "flag",
                        true),
                Map.of("team", "risk", "git_sha", "abc123"),
                model.createdBy(),
                NOW);
        write(s -> s.models().insertVersion(version));

        assertThat(tx.read((Stores s) -> s.models().findVersion(model.id(), 1))).contains(version);
        assertThat(tx.read((Stores s) -> s.models().findVersion(model.id(), 2))).isEmpty();
    }

    @Test
    void takenVersionNumberIsRejectedAsAlreadyExists() {
        Model model = createModel(createProject("dupversion", createUser("owner", false)), "scorer");
        write(s -> s.models().insertVersion(version(model, 1, "aa")));

        assertThatThrownBy(() -> write(s -> s.models().insertVersion(version(model, 1, "bb"))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
    }

    @Test
    void versionsArePagedByNumber() {
        Model model = createModel(createProject("versions", createUser("owner", false)), "scorer");
        for (int number = 1; number <= 12; number++) {
            ModelVersion version = version(model, number, "cc");
            write(s -> s.models().insertVersion(version));
        }

        List<List<Integer>> pages = pages(
                5,
                Optional.empty(),
                page -> tx.read((Stores s) -> s.models().listVersions(model.id(), page)),
                v -> String.valueOf(v.number()),
                ModelVersion::number);

        assertThat(pages).containsExactly(List.of(1, 2, 3, 4, 5), List.of(6, 7, 8, 9, 10), List.of(11, 12));
    }

    @Test
    void concurrentUploadsGetEveryNumberExactlyOnce() throws Exception {
        Model model = createModel(createProject("concurrent", createUser("owner", false)), "busy");
        int uploads = 20;
        ExecutorService executor = Executors.newFixedThreadPool(uploads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < uploads; i++) {
                results.add(executor.submit(() -> {
                    start.await();
                    return tx.inTransaction((Stores s) -> {
                        // read first, as an upload does: on SQLite the later write must not fail to upgrade
                        Model found = s.models()
                                .findModel(model.projectId(), model.name())
                                .orElseThrow();
                        int number = s.models().reserveNextVersionNumber(found.id());
                        s.models().insertVersion(version(model, number, "dd"));
                        return number;
                    });
                }));
            }
            start.countDown();
            List<Integer> numbers = new ArrayList<>();
            for (Future<Integer> result : results) {
                numbers.add(result.get(60, TimeUnit.SECONDS));
            }

            assertThat(numbers)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.rangeClosed(1, uploads).boxed().toList());
            assertThat(tx.read((Stores s) -> s.models().listVersions(model.id(), PageRequest.all())))
                    .extracting(ModelVersion::number)
                    .containsExactlyElementsOf(
                            IntStream.rangeClosed(1, uploads).boxed().toList());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void deletingAModelDeletesItsVersions() {
        Model model = createModel(createProject("cleanup", createUser("owner", false)), "old");
        String artifact = suffix();
        write(s -> {
            s.models().insertVersion(version(model, 1, artifact));
            s.models().insertVersion(version(model, 2, artifact));
        });
        assertThat(tx.read((Stores s) -> s.models().countVersionsWithDigest(digest(artifact))))
                .isEqualTo(2);

        write(s -> s.models().deleteModel(model.id()));

        assertThat(tx.read((Stores s) -> s.models().findModel(model.projectId(), model.name())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.models().listVersions(model.id(), PageRequest.all())))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.models().countVersionsWithDigest(digest(artifact))))
                .isZero();
    }

    @Test
    void versionsSharingAnArtifactAreCountedAcrossModels() {
        Project project = createProject("shared", createUser("owner", false));
        Model first = createModel(project, "first");
        Model second = createModel(project, "second");
        String tag = suffix();
        write(s -> {
            s.models().insertVersion(version(first, 1, tag + "f0"));
            s.models().insertVersion(version(second, 1, tag + "f0"));
            s.models().insertVersion(version(second, 2, tag + "f1"));
        });

        assertThat(tx.read((Stores s) -> s.models().countVersionsWithDigest(digest(tag + "f0"))))
                .isEqualTo(2);
        assertThat(tx.read((Stores s) -> s.models().countVersionsWithDigest(digest(tag + "f1"))))
                .isEqualTo(1);
        assertThat(tx.read((Stores s) -> s.models().countVersionsWithDigest(digest(tag + "f2"))))
                .isZero();
    }

    // ---------------------------------------------------------------- audit

    @Test
    void auditEventsAreListedNewestFirstWithTheirStates() {
        String projectId = "project-" + suffix();
        AuditEvent created =
                auditEvent("e1", NOW, Optional.of(projectId), Optional.empty(), Optional.of(Map.of("name", "x")));
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("name", "x");
        withNull.put("expires_at", null);
        AuditEvent updated = auditEvent(
                "e2",
                NOW.plusSeconds(1),
                Optional.of(projectId),
                Optional.of(Map.of("name", "x")),
                Optional.of(withNull));
        write(s -> {
            s.audit().append(created);
            s.audit().append(updated);
        });

        assertThat(listAudit(Optional.of(projectId), Optional.empty(), Optional.empty(), PageRequest.all()))
                .containsExactly(updated, created);
    }

    @Test
    void auditEventsAreFilteredByProject() {
        String projectId = "project-" + suffix();
        String otherProjectId = "project-" + suffix();
        AuditEvent mine = auditEvent("a", NOW, Optional.of(projectId), Optional.empty(), Optional.empty());
        AuditEvent other = auditEvent("b", NOW, Optional.of(otherProjectId), Optional.empty(), Optional.empty());
        AuditEvent instanceWide = auditEvent("c", NOW, Optional.empty(), Optional.empty(), Optional.empty());
        write(s -> List.of(mine, other, instanceWide).forEach(s.audit()::append));

        assertThat(listAudit(Optional.of(projectId), Optional.empty(), Optional.empty(), PageRequest.all()))
                .containsExactly(mine);
        assertThat(listAudit(Optional.empty(), Optional.of(NOW), Optional.of(NOW.plusNanos(1000)), PageRequest.all()))
                .contains(mine, other, instanceWide);
    }

    @Test
    void auditTimeWindowIncludesFromAndExcludesTo() {
        String projectId = "project-" + suffix();
        Instant base = Instant.parse("2024-03-01T10:00:00Z");
        List<AuditEvent> events = IntStream.range(0, 4)
                .mapToObj(i -> auditEvent(
                        "w" + i, base.plusSeconds(i * 60L), Optional.of(projectId), Optional.empty(), Optional.empty()))
                .toList();
        write(s -> events.forEach(s.audit()::append));

        assertThat(listAudit(
                        Optional.of(projectId),
                        Optional.of(base.plusSeconds(60)),
                        Optional.of(base.plusSeconds(180)),
                        PageRequest.all()))
                .containsExactly(events.get(2), events.get(1));
        assertThat(listAudit(
                        Optional.of(projectId), Optional.of(base.plusSeconds(61)), Optional.empty(), PageRequest.all()))
                .containsExactly(events.get(3), events.get(2));
    }

    @Test
    void auditPagesAcrossEqualTimestampsWithoutGapsOrRepeats() {
        String projectId = "project-" + suffix();
        Instant sameInstant = NOW.plusSeconds(3600).plusNanos(123_456_000);
        List<AuditEvent> events = IntStream.range(0, 5)
                .mapToObj(i -> auditEvent(
                        "same-" + i, sameInstant, Optional.of(projectId), Optional.empty(), Optional.empty()))
                .toList();
        AuditEvent older = auditEvent(
                "older", sameInstant.minusNanos(1000), Optional.of(projectId), Optional.empty(), Optional.empty());
        write(s -> {
            events.forEach(s.audit()::append);
            s.audit().append(older);
        });

        List<List<String>> pages = pages(
                2,
                Optional.empty(),
                page -> listAudit(Optional.of(projectId), Optional.empty(), Optional.empty(), page),
                AuditEvent::sortKey,
                event -> event.id().substring(0, event.id().indexOf('_')));

        assertThat(pages)
                .containsExactly(List.of("same-4", "same-3"), List.of("same-2", "same-1"), List.of("same-0", "older"));
    }

    @Test
    void malformedAuditPageTokenIsRejected() {
        assertThatThrownBy(() -> listAudit(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        new PageRequest(10, Optional.of("not-a-sort-key"), Optional.empty())))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAGE_TOKEN));
    }

    // ---------------------------------------------------------------- storage format

    @Test
    void rowsAreStoredInThePortableFormatOtherToolsCanRead() {
        User user = createUser("format", false);
        Model model = createModel(createProject("format", user), "format");
        Signature signature = new Signature(
                List.of(new TensorSpec("x", "FP32", List.of(-1L, 2L))), List.of(), List.of("age", "income"));
        ModelVersion version = new ModelVersion(
                newId(),
                model.id(),
                1,
                digest(suffix()),
                1,
                "onnx",
                "onnx",
                "m.onnx",
                signature,
                Map.of(),
                Map.of(),
                ref(user),
                NOW);
        write(s -> s.models().insertVersion(version));

        Jdbi jdbi = database().jdbi();
        long storedMicros =
                jdbi.withHandle((Handle handle) -> handle.createQuery("SELECT created_at FROM users WHERE id = :id")
                        .bind("id", user.id())
                        .mapTo(Long.class)
                        .one());
        Instant mappedInstant =
                jdbi.withHandle((Handle handle) -> handle.createQuery("SELECT created_at FROM users WHERE id = :id")
                        .bind("id", user.id())
                        .mapTo(Instant.class)
                        .one());
        String signatureJson = jdbi.withHandle(
                (Handle handle) -> handle.createQuery("SELECT signature_json FROM model_versions WHERE id = :id")
                        .bind("id", version.id())
                        .mapTo(String.class)
                        .one());

        assertThat(storedMicros).isEqualTo(ChronoUnit.MICROS.between(Instant.EPOCH, NOW));
        assertThat(mappedInstant).isEqualTo(NOW);
        assertThat(signatureJson)
                .isEqualTo("{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1,2]}],\"outputs\":[],"
                        + "\"feature_names\":[\"age\",\"income\"]}");
    }

    // ---------------------------------------------------------------- migrations

    @Test
    void reopeningTheDatabaseRunsMigrationsAgainAndKeepsTheData() {
        User user = createUser("persistent", false);

        try (Database reopened = openDatabase()) {
            assertThat(reopened.transactions().read((Stores s) -> s.users().findUserById(user.id())))
                    .contains(user);
        }
        assertThat(tx.read((Stores s) -> s.users().findUserById(user.id()))).contains(user);
    }

    // ---------------------------------------------------------------- helpers

    protected final Database database() {
        return database;
    }

    protected final Transactions transactions() {
        return tx;
    }

    protected final void write(Consumer<Stores> work) {
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

    private User createUser(String prefix, boolean admin) {
        User user = new User(newId(), prefix + "-" + suffix(), prefix + " Display", admin, NOW);
        insertUser(user);
        return user;
    }

    private void insertUser(User user) {
        write(s -> s.users().insertUser(user));
    }

    private Project createProject(String prefix, User creator) {
        Project project = new Project(newId(), prefix + "-" + suffix(), "about " + prefix, ref(creator), NOW);
        insertProject(project);
        return project;
    }

    private void insertProject(Project project) {
        write(s -> s.projects().insertProject(project));
    }

    private void addMember(Project project, User user, Role role) {
        write(s -> s.projects().upsertMember(new ProjectMember(project.id(), user.id(), user.name(), role, NOW)));
    }

    private Model createModel(Project project, String name) {
        Model model = new Model(newId(), project.id(), name, "the " + name + " model", project.createdBy(), NOW);
        write(s -> s.models().insertModel(model));
        return model;
    }

    private static ApiToken token(User user, Optional<Instant> expiresAt) {
        return new ApiToken(
                newId(), user.id(), "token-" + suffix(), "my_" + suffix(), NOW, expiresAt, Optional.empty());
    }

    private static String digest(String start) {
        return (start + "0".repeat(64)).substring(0, 64);
    }

    private static ModelVersion version(Model model, int number, String digestStart) {
        return new ModelVersion(
                newId(),
                model.id(),
                number,
                digest(digestStart),
                1024,
                "sklearn",
                "pickle",
                "model.pkl",
                Signature.empty(),
                Map.of(),
                Map.of(),
                model.createdBy(),
                NOW);
    }

    private static AuditEvent auditEvent(
            String id,
            Instant at,
            Optional<String> projectId,
            Optional<Map<String, Object>> before,
            Optional<Map<String, Object>> after) {
        return new AuditEvent(
                id + "_" + newId(),
                at,
                "user-1",
                "ada",
                projectId,
                "project.update",
                "project",
                "resource-1",
                "fraud",
                before,
                after);
    }

    private List<AuditEvent> listAudit(
            Optional<String> projectId, Optional<Instant> from, Optional<Instant> to, PageRequest page) {
        return tx.read((Stores s) -> s.audit().list(new AuditQuery(projectId, from, to, Optional.empty(), page)));
    }

    private List<String> projectNamesContaining(String text) {
        return tx
                .read(s -> s.projects()
                        .listProjects(new PageRequest(100, Optional.empty(), Optional.of(text)), Optional.empty()))
                .stream()
                .map(Project::name)
                .toList();
    }

    /** Every page's names, following the page tokens as a client would. */
    private static <T> List<List<String>> pageNames(
            int pageSize, String nameContains, Function<PageRequest, List<T>> fetch, Function<T, String> name) {
        return pages(pageSize, Optional.of(nameContains), fetch, name, name);
    }

    private static <T, R> List<List<R>> pages(
            int pageSize,
            Optional<String> nameContains,
            Function<PageRequest, List<T>> fetch,
            Function<T, String> sortKey,
            Function<T, R> shown) {
        List<List<R>> pages = new ArrayList<>();
        PageRequest request = new PageRequest(pageSize, Optional.empty(), nameContains);
        while (true) {
            Page<T> page = Page.fromOverfetch(fetch.apply(request), request, sortKey);
            pages.add(page.items().stream().map(shown).toList());
            if (page.nextPageToken().isEmpty() || pages.size() > 100) {
                return pages;
            }
            request = PageRequest.of(pageSize, page.nextPageToken().get(), nameContains.orElse(null));
        }
    }

    private static UserRef ref(User user) {
        return new UserRef(user.id(), user.name());
    }
}
