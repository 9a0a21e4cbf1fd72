package dev.modelyard.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.dataset.Column;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.DataFile;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.SourceFormat;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.dataset.VersionMode;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The contract of the dataset store (datasets and their versions), run against SQLite and
 * PostgreSQL. One database per test class; every test makes its own user and project.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractDatasetStoreTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);
    private static final TableSchema SCHEMA = new TableSchema(List.of(
            new Column("age", ColumnType.BIGINT),
            new Column("income", ColumnType.DOUBLE),
            new Column("Name with \"quotes\"", ColumnType.VARCHAR),
            new Column("active", ColumnType.BOOLEAN),
            new Column("joined", ColumnType.DATE),
            new Column("seen_at", ColumnType.TIMESTAMP)));

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

    @Test
    void datasetRoundTripsEveryField() {
        Fixture f = fixture();
        Dataset dataset = new Dataset(newId(), f.project().id(), "churn-features", "monthly snapshot", f.ref(), NOW);
        write(s -> s.datasets().insertDataset(dataset));

        assertThat(tx.read((Stores s) -> s.datasets().findDataset(f.project().id(), "churn-features")))
                .contains(dataset);
        assertThat(tx.read((Stores s) -> s.datasets().findDataset(f.project().id(), "other")))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.datasets().findDataset(newId(), "churn-features")))
                .isEmpty();
    }

    @Test
    void namesAreUniqueWithinAProjectOnly() {
        Fixture f = fixture();
        Fixture other = fixture();
        write(s -> s.datasets().insertDataset(dataset(f, "events")));
        write(s -> s.datasets().insertDataset(dataset(other, "events")));

        assertThatThrownBy(() -> write(s -> s.datasets().insertDataset(dataset(f, "events"))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS))
                .hasMessageContaining("'events' already exists");
    }

    @Test
    void datasetsAreListedByNameInPages() {
        Fixture f = fixture();
        for (String name : List.of("delta", "alpha", "charlie", "bravo", "echo")) {
            write(s -> s.datasets().insertDataset(dataset(f, name)));
        }

        List<Dataset> first =
                tx.read((Stores s) -> s.datasets().listDatasets(f.project().id(), PageRequest.first(2)));
        assertThat(first).extracting(Dataset::name).containsExactly("alpha", "bravo", "charlie");
        List<Dataset> next = tx.read((Stores s) -> s.datasets()
                .listDatasets(f.project().id(), new PageRequest(2, Optional.of("bravo"), Optional.empty())));
        assertThat(next).extracting(Dataset::name).containsExactly("charlie", "delta", "echo");
        List<Dataset> filtered = tx.read((Stores s) ->
                s.datasets().listDatasets(f.project().id(), new PageRequest(10, Optional.empty(), Optional.of("HAR"))));
        assertThat(filtered).extracting(Dataset::name).containsExactly("charlie");
    }

    @Test
    void versionRoundTripsEveryField() {
        Fixture f = fixture();
        Dataset dataset = createDataset(f, "scored");
        DatasetVersion snapshot = tx.inTransaction((Stores s) -> {
            int number = s.datasets().reserveNextVersionNumber(dataset.id());
            DatasetVersion version = snapshot(f, dataset, number, 1000);
            s.datasets().insertVersion(version);
            return version;
        });
        DatasetVersion appended = tx.inTransaction((Stores s) -> {
            int number = s.datasets().reserveNextVersionNumber(dataset.id());
            DataFile own = new DataFile(hash(), 512, 25);
            List<DataFile> files = new ArrayList<>(snapshot.files());
            files.add(own);
            DatasetVersion version = new DatasetVersion(
                    newId(),
                    dataset.id(),
                    number,
                    VersionMode.APPEND,
                    SCHEMA,
                    1025,
                    own.digest(),
                    own.sizeBytes(),
                    files,
                    SourceFormat.PARQUET,
                    "more.parquet",
                    hash(),
                    600,
                    f.ref(),
                    NOW.plusSeconds(1));
            s.datasets().insertVersion(version);
            return version;
        });

        assertThat(snapshot.number()).isEqualTo(1);
        assertThat(appended.number()).isEqualTo(2);
        assertThat(tx.read((Stores s) -> s.datasets().findVersion(dataset.id(), 1)))
                .contains(snapshot);
        DatasetVersion found =
                tx.read((Stores s) -> s.datasets().findVersion(dataset.id(), 2)).orElseThrow();
        assertThat(found).isEqualTo(appended);
        assertThat(found.files()).hasSize(2);
        assertThat(found.schema().columns().get(2).name()).isEqualTo("Name with \"quotes\"");
        assertThat(found.createdBy().name()).isEqualTo(f.user().name());
        assertThat(tx.read((Stores s) -> s.datasets().findLatestVersion(dataset.id())))
                .contains(appended);
        assertThat(tx.read((Stores s) -> s.datasets().findVersion(dataset.id(), 3)))
                .isEmpty();
        assertThat(tx.read((Stores s) -> s.datasets().countVersionsWithDigest(appended.digest())))
                .isEqualTo(1);
    }

    @Test
    void aRolledBackVersionGivesItsNumberBack() {
        Fixture f = fixture();
        Dataset dataset = createDataset(f, "rollback");
        assertThatThrownBy(() -> write(s -> {
                    int number = s.datasets().reserveNextVersionNumber(dataset.id());
                    s.datasets().insertVersion(snapshot(f, dataset, number, 10));
                    throw new IllegalStateException("the blob could not be stored");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(tx.read((Stores s) -> s.datasets().findLatestVersion(dataset.id())))
                .isEmpty();
        int number = tx.inTransaction((Stores s) -> s.datasets().reserveNextVersionNumber(dataset.id()));
        assertThat(number).isEqualTo(1);
    }

    @Test
    void aVersionNumberIsTakenOnce() {
        Fixture f = fixture();
        Dataset dataset = createDataset(f, "numbers");
        write(s -> s.datasets().insertVersion(snapshot(f, dataset, 1, 10)));

        assertThatThrownBy(() -> write(s -> s.datasets().insertVersion(snapshot(f, dataset, 1, 11))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> write(s -> s.datasets().reserveNextVersionNumber(newId())))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DATASET_NOT_FOUND));
    }

    @Test
    void versionsAreListedByNumberInPages() {
        Fixture f = fixture();
        Dataset dataset = createDataset(f, "paged");
        for (int i = 0; i < 5; i++) {
            write(s -> s.datasets()
                    .insertVersion(snapshot(f, dataset, s.datasets().reserveNextVersionNumber(dataset.id()), 1)));
        }

        assertThat(tx.read((Stores s) -> s.datasets().listVersions(dataset.id(), PageRequest.first(2))))
                .extracting(DatasetVersion::number)
                .containsExactly(1, 2, 3);
        assertThat(tx.read((Stores s) -> s.datasets()
                        .listVersions(dataset.id(), new PageRequest(2, Optional.of("3"), Optional.empty()))))
                .extracting(DatasetVersion::number)
                .containsExactly(4, 5);
        assertThatThrownBy(() -> tx.read((Stores s) -> s.datasets()
                        .listVersions(dataset.id(), new PageRequest(2, Optional.of("x"), Optional.empty()))))
                .isInstanceOfSatisfying(
                        ModelyardException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PAGE_TOKEN));
    }

    // ---------------------------------------------------------------- fixtures

    private record Fixture(User user, Project project) {
        UserRef ref() {
            return new UserRef(user.id(), user.name());
        }
    }

    private Fixture fixture() {
        User user = new User(newId(), "ds-" + suffix(), "Data Steward", false, NOW);
        write(s -> s.users().insertUser(user));
        Project project = new Project(newId(), "ds-" + suffix(), "", new UserRef(user.id(), user.name()), NOW);
        write(s -> s.projects().insertProject(project));
        return new Fixture(user, project);
    }

    private Dataset createDataset(Fixture f, String name) {
        Dataset dataset = dataset(f, name);
        write(s -> s.datasets().insertDataset(dataset));
        return dataset;
    }

    private static Dataset dataset(Fixture f, String name) {
        return new Dataset(newId(), f.project().id(), name, "", f.ref(), NOW);
    }

    private static DatasetVersion snapshot(Fixture f, Dataset dataset, int number, long rows) {
        DataFile file = new DataFile(hash(), 4096 + rows, rows);
        return new DatasetVersion(
                newId(),
                dataset.id(),
                number,
                VersionMode.SNAPSHOT,
                SCHEMA,
                rows,
                file.digest(),
                file.sizeBytes(),
                List.of(file),
                SourceFormat.CSV,
                "data.csv",
                hash(),
                9000,
                f.ref(),
                NOW);
    }

    private void write(Consumer<Stores> work) {
        tx.inTransaction(stores -> {
            work.accept(stores);
            return null;
        });
    }

    private static String suffix() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36);
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }

    private static String hash() {
        byte[] bytes = new byte[32];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
