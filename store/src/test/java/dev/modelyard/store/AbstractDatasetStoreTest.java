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
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
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
    /** The schema of the rows written as a server before V012 did, and its stored JSON. */
    private static final TableSchema LEGACY_SCHEMA = new TableSchema(
            List.of(new Column("request_id", ColumnType.VARCHAR), new Column("score", ColumnType.DOUBLE)));

    private static final String LEGACY_SCHEMA_JSON =
            "[{\"name\":\"request_id\",\"type\":\"VARCHAR\"},{\"name\":\"score\",\"type\":\"DOUBLE\"}]";

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

    @Test
    void aLongChainOfAppendsReadsBackEveryVersionFromSmallRows() {
        Fixture f = fixture();
        Dataset dataset = createDataset(f, "inference-history");
        List<DatasetVersion> versions = new ArrayList<>();
        versions.add(snapshot(f, dataset, 1, 100));
        for (int i = 0; i < 2000; i++) {
            versions.add(append(f, versions.get(versions.size() - 1), file(1 + i % 7)));
        }
        insertVersions(versions);

        // every version through the pages; one in ten alone, as each read folds the chain before it
        assertThat(listAllVersions(dataset, 1000)).isEqualTo(versions);
        tx.read((Stores s) -> {
            for (int number = 1; number <= versions.size(); number += 10) {
                assertThat(s.datasets().findVersion(dataset.id(), number))
                        .as("version %d", number)
                        .contains(versions.get(number - 1));
            }
            return null;
        });
        DatasetVersion latest = versions.get(2000);
        assertThat(latest.files()).hasSize(2001);
        assertThat(tx.read((Stores s) -> s.datasets().findLatestVersion(dataset.id())))
                .contains(latest);
        assertThat(tx.read((Stores s) -> s.datasets()
                        .listVersions(dataset.id(), new PageRequest(7, Optional.of("1234"), Optional.empty()))))
                .isEqualTo(versions.subList(1234, 1242));

        // one file takes about 110 characters: the last row holds its own, not the 2,001 of its list
        assertThat(storedFileListLength(dataset, "number = 2001")).isLessThan(200);
        assertThat(storedFileListLength(dataset, "number > 1")).isLessThan(2000L * 200);
    }

    @Test
    void aSnapshotInTheMiddleStartsTheChainAgain() {
        Fixture f = fixture();
        Dataset dataset = createDataset(f, "restarted");
        List<DatasetVersion> versions = new ArrayList<>();
        versions.add(snapshot(f, dataset, 1, 10));
        versions.add(append(f, versions.get(0), file(2)));
        versions.add(append(f, versions.get(1), file(3)));
        versions.add(snapshot(f, dataset, 4, 40));
        versions.add(append(f, versions.get(3), file(5)));
        DataFile firstOwn = file(6);
        DataFile secondOwn = file(7);
        versions.add(append(f, versions.get(4), firstOwn, secondOwn));
        insertVersions(versions);

        for (DatasetVersion version : versions) {
            assertThat(tx.read((Stores s) -> s.datasets().findVersion(dataset.id(), version.number())))
                    .contains(version);
        }
        assertThat(tx.read((Stores s) -> s.datasets().findVersion(dataset.id(), 6))
                        .orElseThrow()
                        .files())
                .containsExactly(
                        versions.get(3).files().get(0), versions.get(4).files().get(1), firstOwn, secondOwn);
        assertThat(tx.read((Stores s) -> s.datasets().findLatestVersion(dataset.id())))
                .contains(versions.get(5));
        for (int pageSize = 1; pageSize <= 6; pageSize++) {
            assertThat(listAllVersions(dataset, pageSize))
                    .as("pages of %d", pageSize)
                    .isEqualTo(versions);
        }

        assertThat(tx.read((Stores s) -> s.datasets().countVersionsWithDigest(firstOwn.digest())))
                .isEqualTo(1);
        assertThat(tx.read((Stores s) -> s.datasets().countVersionsWithDigest(secondOwn.digest())))
                .isEqualTo(1);
        assertThat(tx.read((Stores s) ->
                        s.datasets().countVersionsWithDigest(versions.get(3).digest())))
                .isEqualTo(1);
        assertThat(tx.read((Stores s) -> s.datasets().countVersionsWithDigest(hash())))
                .isZero();
    }

    @Test
    void versionsStoredBeforeOwnFilesReadBackAndCanBeAppendedTo() {
        Fixture f = fixture();
        Dataset dataset = createDataset(f, "legacy");
        List<DatasetVersion> versions = new ArrayList<>();
        DataFile first = file(10);
        versions.add(new DatasetVersion(
                newId(),
                dataset.id(),
                1,
                VersionMode.SNAPSHOT,
                LEGACY_SCHEMA,
                first.rowCount(),
                first.digest(),
                first.sizeBytes(),
                List.of(first),
                SourceFormat.CSV,
                "first.csv",
                hash(),
                700,
                f.ref(),
                NOW));
        versions.add(append(f, versions.get(0), file(2)));
        versions.add(append(f, versions.get(1), file(3)));
        versions.forEach(this::insertAsAnOldServerDid);
        DatasetVersion appended = append(f, versions.get(2), file(4));
        insertVersions(List.of(appended));
        versions.add(appended);
        DatasetVersion appendedAgain = append(f, appended, file(5));
        insertVersions(List.of(appendedAgain));
        versions.add(appendedAgain);

        for (DatasetVersion version : versions) {
            assertThat(tx.read((Stores s) -> s.datasets().findVersion(dataset.id(), version.number())))
                    .contains(version);
        }
        assertThat(appendedAgain.files()).hasSize(5);
        assertThat(tx.read((Stores s) -> s.datasets().findLatestVersion(dataset.id())))
                .contains(appendedAgain);
        assertThat(listAllVersions(dataset, 2)).isEqualTo(versions);
        assertThat(database().jdbi().withHandle((Handle handle) -> handle.createQuery(
                                "SELECT files_json FROM dataset_versions WHERE dataset_id = :datasetId AND number = 5")
                        .bind("datasetId", dataset.id())
                        .mapTo(String.class)
                        .one()))
                .isEqualTo("[]");

        assertThat(tx.read((Stores s) -> s.datasets().countVersionsWithDigest(first.digest())))
                .isEqualTo(1);
        assertThat(tx.read((Stores s) ->
                        s.datasets().countVersionsWithDigest(versions.get(1).digest())))
                .isEqualTo(1);
        assertThat(tx.read((Stores s) -> s.datasets().countVersionsWithDigest(appended.digest())))
                .isEqualTo(1);
    }

    @Test
    void anAppendMustListThePreviousFilesFollowedByItsOwn() {
        Fixture f = fixture();
        Dataset dataset = createDataset(f, "strict-appends");
        DatasetVersion first = snapshot(f, dataset, 1, 10);
        DatasetVersion orphan = append(f, first, file(2));
        DatasetVersion withNothingNew = new DatasetVersion(
                newId(),
                dataset.id(),
                2,
                VersionMode.APPEND,
                SCHEMA,
                first.rowCount(),
                first.digest(),
                first.sizeBytes(),
                first.files(),
                SourceFormat.PARQUET,
                "empty.parquet",
                hash(),
                10,
                f.ref(),
                NOW);
        DatasetVersion otherBase = append(f, snapshot(f, dataset, 1, 10), file(3));

        assertThatThrownBy(() -> write(s -> s.datasets().insertVersion(orphan)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no version 1");
        write(s -> s.datasets().insertVersion(first));
        assertThatThrownBy(() -> write(s -> s.datasets().insertVersion(withNothingNew)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("files of version 1 followed by its own");
        assertThatThrownBy(() -> write(s -> s.datasets().insertVersion(otherBase)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("files of version 1 followed by its own");
        assertThat(tx.read((Stores s) -> s.datasets().findLatestVersion(dataset.id())))
                .contains(first);
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

    /** An append after {@code previous} adding {@code own}, as DatasetService builds them. */
    private static DatasetVersion append(Fixture f, DatasetVersion previous, DataFile... own) {
        List<DataFile> files = new ArrayList<>(previous.files());
        files.addAll(List.of(own));
        DataFile last = own[own.length - 1];
        int number = previous.number() + 1;
        return new DatasetVersion(
                newId(),
                previous.datasetId(),
                number,
                VersionMode.APPEND,
                previous.schema(),
                files.stream().mapToLong(DataFile::rowCount).sum(),
                last.digest(),
                last.sizeBytes(),
                files,
                SourceFormat.PARQUET,
                "rows-" + number + ".parquet",
                last.digest(),
                last.sizeBytes(),
                f.ref(),
                NOW.plusSeconds(number));
    }

    private static DataFile file(long rows) {
        return new DataFile(hash(), 512 + rows, rows);
    }

    /** Numbers and inserts the versions in one transaction, as DatasetService does one by one. */
    private void insertVersions(List<DatasetVersion> versions) {
        write(s -> {
            for (DatasetVersion version : versions) {
                assertThat(s.datasets().reserveNextVersionNumber(version.datasetId()))
                        .isEqualTo(version.number());
                s.datasets().insertVersion(version);
            }
        });
    }

    /** Inserts the row a server before V012 wrote: the full file list, no own_files_json. */
    private void insertAsAnOldServerDid(DatasetVersion version) {
        String filesJson = version.files().stream()
                .map(file -> "{\"digest\":\"" + file.digest() + "\",\"size_bytes\":" + file.sizeBytes()
                        + ",\"row_count\":" + file.rowCount() + "}")
                .collect(Collectors.joining(",", "[", "]"));
        database().jdbi().useHandle((Handle handle) -> {
            handle.createUpdate(
                            """
                            INSERT INTO dataset_versions (id, dataset_id, number, mode, schema_json, row_count,
                                digest, size_bytes, files_json, source_format, source_file_name, source_digest,
                                source_size_bytes, created_by, created_at)
                            VALUES (:id, :datasetId, :number, :mode, :schemaJson, :rowCount,
                                :digest, :sizeBytes, :filesJson, :sourceFormat, :sourceFileName, :sourceDigest,
                                :sourceSizeBytes, :createdBy, :createdAt)
                            """)
                    .bind("id", version.id())
                    .bind("datasetId", version.datasetId())
                    .bind("number", version.number())
                    .bind("mode", version.mode().id())
                    .bind("schemaJson", LEGACY_SCHEMA_JSON)
                    .bind("rowCount", version.rowCount())
                    .bind("digest", version.digest())
                    .bind("sizeBytes", version.sizeBytes())
                    .bind("filesJson", filesJson)
                    .bind("sourceFormat", version.sourceFormat().id())
                    .bind("sourceFileName", version.sourceFileName())
                    .bind("sourceDigest", version.sourceDigest())
                    .bind("sourceSizeBytes", version.sourceSizeBytes())
                    .bind("createdBy", version.createdBy().id())
                    .bind("createdAt", version.createdAt())
                    .execute();
            handle.createUpdate("UPDATE datasets SET last_version_number = :number WHERE id = :id")
                    .bind("number", version.number())
                    .bind("id", version.datasetId())
                    .execute();
        });
    }

    /** Every version of the dataset, read page by page. */
    private List<DatasetVersion> listAllVersions(Dataset dataset, int pageSize) {
        List<DatasetVersion> all = new ArrayList<>();
        Optional<String> after = Optional.empty();
        while (true) {
            PageRequest page = new PageRequest(pageSize, after, Optional.empty());
            List<DatasetVersion> rows = tx.read((Stores s) -> s.datasets().listVersions(dataset.id(), page));
            assertThat(rows).hasSizeLessThanOrEqualTo(pageSize + 1);
            if (rows.size() <= pageSize) {
                all.addAll(rows);
                return all;
            }
            all.addAll(rows.subList(0, pageSize));
            after = Optional.of(Integer.toString(rows.get(pageSize - 1).number()));
        }
    }

    /** The characters the stored file lists of the dataset's rows matching {@code condition} take. */
    private long storedFileListLength(Dataset dataset, String condition) {
        return database().jdbi().withHandle((Handle handle) -> handle.createQuery(
                        "SELECT SUM(LENGTH(files_json) + LENGTH(own_files_json)) FROM dataset_versions"
                                + " WHERE dataset_id = :datasetId AND " + condition)
                .bind("datasetId", dataset.id())
                .mapTo(Long.class)
                .one());
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
