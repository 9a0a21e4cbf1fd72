package dev.modelyard.core.dataset;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Names;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.audit.AuditRecorder;
import dev.modelyard.core.audit.AuditRecorder.Change;
import dev.modelyard.core.blob.BlobStore;
import dev.modelyard.core.evaluation.EvaluationQueue;
import dev.modelyard.core.evaluation.JobTrigger;
import dev.modelyard.core.evaluation.VersionPolicy;
import dev.modelyard.core.model.UploadedFile;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.tx.Stores;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import dev.modelyard.core.user.UserRef;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Datasets and their immutable, numbered versions: uploads become Parquet files in the blob store
 * (through the {@link TableEngine}), which preview, summaries, downloads and scans read back.
 */
public final class DatasetService {
    public static final int DEFAULT_PREVIEW_ROWS = 100;
    public static final int MAX_PREVIEW_ROWS = 1000;
    public static final int MAX_SCAN_BATCH_ROWS = 1_000_000;
    private static final int MAX_DESCRIPTION_LENGTH = 10_000;
    private static final byte[] PARQUET_MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

    private final Transactions transactions;
    private final ProjectAccess access;
    private final AuditRecorder audit;
    private final BlobStore blobs;
    private final TableEngine engine;
    private final EvaluationQueue evaluations;
    private final Clock clock;

    public DatasetService(
            Transactions transactions,
            ProjectAccess access,
            AuditRecorder audit,
            BlobStore blobs,
            TableEngine engine,
            EvaluationQueue evaluations,
            Clock clock) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
        this.audit = requireNonNull(audit, "audit is null");
        this.blobs = requireNonNull(blobs, "blobs is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.evaluations = requireNonNull(evaluations, "evaluations is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * A version's rows as one file to send: {@code sha256} is present when the bytes are the
     * stored Parquet file itself. The caller closes {@code content} (which removes any temporary
     * file behind it).
     */
    public record Download(
            DatasetVersion version,
            SourceFormat format,
            String fileName,
            long sizeBytes,
            Optional<String> sha256,
            InputStream content) {}

    public Dataset createDataset(Principal principal, String projectName, String name, String description) {
        Names.requireValid("dataset", name);
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "description is " + description.length() + " characters long; the limit is "
                            + MAX_DESCRIPTION_LENGTH,
                    Map.of("field", "description"));
        }
        return transactions.inTransaction(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Dataset dataset = new Dataset(
                    UUID.randomUUID().toString(),
                    project.id(),
                    name,
                    description,
                    UserRef.of(principal),
                    clock.instant());
            stores.datasets().insertDataset(dataset);
            audit.record(
                    stores,
                    principal,
                    Optional.of(project.id()),
                    new Change("dataset.create", "dataset", dataset.id(), dataset.name(), null, dataset.auditState()));
            return dataset;
        });
    }

    public Dataset getDataset(Principal principal, String projectName, String datasetName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return requireDataset(stores, project, datasetName);
        });
    }

    public Page<Dataset> listDatasets(Principal principal, String projectName, PageRequest page) {
        List<Dataset> rows = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return stores.datasets().listDatasets(project.id(), page);
        });
        return Page.fromOverfetch(rows, page, Dataset::name);
    }

    /**
     * Checks, before an upload's bytes are read, that the caller may upload to this dataset and
     * that it exists, so a refused upload costs no disk.
     */
    public Dataset requireUploadable(Principal principal, String projectName, String datasetName) {
        return transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.EDITOR);
            Dataset dataset = requireDataset(stores, project, datasetName);
            stores.histories().findHistoryByDataset(dataset.id()).ifPresent(history -> {
                throw new ModelyardException(
                        ErrorCode.CONFLICT,
                        "dataset '" + datasetName + "' is an inference history; only Modelyard appends to it",
                        Map.of("dataset", datasetName));
            });
            return dataset;
        });
    }

    /**
     * Appends rows Modelyard produced itself (an inference history, batch outputs) as a new
     * version: one new Parquet file, appended to the newest version's files (or the first
     * version). No access check: the caller is the server.
     */
    public DatasetVersion appendRows(String datasetId, TableSchema schema, List<Object[]> rows, UserRef by) {
        Path parquet = null;
        try {
            parquet = blobs.newStagingFile();
            IngestedTable table = engine.writeRows(schema, rows, parquet);
            long size = Files.size(parquet);
            String digest = sha256(parquet);
            blobs.commit(parquet, digest);
            DataFile own = new DataFile(digest, size, table.rowCount());
            return transactions.inTransaction(stores -> {
                int number = stores.datasets().reserveNextVersionNumber(datasetId);
                Optional<DatasetVersion> previous = stores.datasets().findVersion(datasetId, number - 1);
                List<DataFile> files =
                        new ArrayList<>(previous.map(DatasetVersion::files).orElse(List.of()));
                files.add(own);
                DatasetVersion version = new DatasetVersion(
                        UUID.randomUUID().toString(),
                        datasetId,
                        number,
                        previous.isPresent() ? VersionMode.APPEND : VersionMode.SNAPSHOT,
                        table.schema(),
                        files.stream().mapToLong(DataFile::rowCount).sum(),
                        digest,
                        size,
                        files,
                        SourceFormat.PARQUET,
                        "rows-" + number + ".parquet",
                        digest,
                        size,
                        by,
                        clock.instant());
                stores.datasets().insertVersion(version);
                return version;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not store appended rows", e);
        } finally {
            if (parquet != null) {
                deleteQuietly(parquet);
            }
        }
    }

    /**
     * Makes the next version of a dataset from a staged upload: the engine converts it to a
     * Parquet file (validating it on the way), the file is committed to the blob store, then the
     * version is numbered and recorded in one transaction. Bad input is refused before anything
     * is stored; the staged upload is consumed whatever happens.
     */
    public DatasetVersion createVersion(
            Principal principal, String projectName, String datasetName, DatasetUpload upload) {
        UploadedFile file = upload.file();
        Path parquet = null;
        try {
            Dataset dataset = requireUploadable(principal, projectName, datasetName);
            if (file.sizeBytes() == 0) {
                throw invalidFile(file, new InvalidTableException("the file is empty"));
            }
            SourceFormat format = upload.format().orElseGet(() -> detectFormat(file));
            Optional<TableSchema> required = Optional.empty();
            if (upload.mode() == VersionMode.APPEND) {
                required = Optional.of(appendBase(dataset, upload).schema());
            }
            parquet = blobs.newStagingFile();
            IngestedTable table;
            try {
                table = engine.ingest(
                        new IngestRequest(file.stagedFile(), format, upload.typeOverrides(), required, parquet));
            } catch (InvalidTableException e) {
                throw invalidFile(file, e);
            }
            long size = Files.size(parquet);
            String digest = sha256(parquet);
            blobs.commit(parquet, digest);
            DataFile own = new DataFile(digest, size, table.rowCount());
            DatasetVersion created = transactions.inTransaction(stores -> {
                Project project = access.require(stores, principal, projectName, Role.EDITOR);
                Dataset current = requireDataset(stores, project, datasetName);
                int number = stores.datasets().reserveNextVersionNumber(current.id());
                List<DataFile> files = List.of(own);
                if (upload.mode() == VersionMode.APPEND) {
                    DatasetVersion previous = stores.datasets()
                            .findVersion(current.id(), number - 1)
                            .orElseThrow(() -> noVersionToAppendTo(datasetName));
                    if (!previous.schema().equals(table.schema())) {
                        throw new ModelyardException(
                                ErrorCode.CONFLICT,
                                "version " + previous.number() + " of dataset '" + datasetName
                                        + "' was uploaded meanwhile with another schema; append again to it",
                                Map.of("dataset", datasetName, "version", previous.number()));
                    }
                    files = new ArrayList<>(previous.files());
                    files.add(own);
                }
                DatasetVersion version = new DatasetVersion(
                        UUID.randomUUID().toString(),
                        current.id(),
                        number,
                        upload.mode(),
                        table.schema(),
                        files.stream().mapToLong(DataFile::rowCount).sum(),
                        digest,
                        size,
                        files,
                        format,
                        file.fileName(),
                        file.sha256(),
                        file.sizeBytes(),
                        UserRef.of(principal),
                        clock.instant());
                stores.datasets().insertVersion(version);
                audit.record(
                        stores,
                        principal,
                        Optional.of(project.id()),
                        new Change(
                                "dataset_version.create",
                                "dataset_version",
                                version.id(),
                                current.name() + "/" + number,
                                null,
                                version.auditState()));
                reevaluate(stores, principal, project, version);
                return version;
            });
            evaluations.wakeUp();
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("could not store the uploaded dataset", e);
        } finally {
            deleteQuietly(file.stagedFile());
            if (parquet != null) {
                deleteQuietly(parquet);
            }
        }
    }

    public DatasetVersion getVersion(Principal principal, String projectName, String datasetName, int number) {
        return transactions.read(stores -> requireVersion(stores, principal, projectName, datasetName, number));
    }

    public Page<DatasetVersion> listVersions(
            Principal principal, String projectName, String datasetName, PageRequest page) {
        List<DatasetVersion> rows = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            Dataset dataset = requireDataset(stores, project, datasetName);
            return stores.datasets().listVersions(dataset.id(), page);
        });
        return Page.fromOverfetch(rows, page, version -> Integer.toString(version.number()));
    }

    /** Up to {@code limit} rows from {@code offset}; past the last row, no rows. */
    public TablePreview preview(
            Principal principal, String projectName, String datasetName, int number, long offset, int limit) {
        if (offset < 0) {
            throw badParameter("offset", "offset must be 0 or more, got " + offset);
        }
        if (limit < 1 || limit > MAX_PREVIEW_ROWS) {
            throw badParameter("limit", "limit must be between 1 and " + MAX_PREVIEW_ROWS + ", got " + limit);
        }
        DatasetVersion version = getVersion(principal, projectName, datasetName, number);
        return engine.preview(version, offset, limit);
    }

    public TableSummary summarize(Principal principal, String projectName, String datasetName, int number) {
        return engine.summarize(getVersion(principal, projectName, datasetName, number));
    }

    public Download openDownload(
            Principal principal, String projectName, String datasetName, int number, SourceFormat format) {
        DatasetVersion version = getVersion(principal, projectName, datasetName, number);
        String fileName = datasetName + "-" + number + format.extension();
        if (format == SourceFormat.PARQUET && version.files().size() == 1) {
            try {
                return new Download(
                        version,
                        format,
                        fileName,
                        version.sizeBytes(),
                        Optional.of(version.digest()),
                        blobs.open(version.digest()));
            } catch (IOException e) {
                throw missingBlob(datasetName, version, e);
            }
        }
        Path exported = engine.export(version, format);
        try {
            return new Download(
                    version, format, fileName, Files.size(exported), Optional.empty(), deletingOnClose(exported));
        } catch (IOException e) {
            deleteQuietly(exported);
            throw new UncheckedIOException("could not open the exported dataset", e);
        }
    }

    /**
     * Reads a version's rows in column batches (for evaluations and batch runs); the caller needs
     * the viewer role.
     */
    public void scan(
            Principal principal,
            String projectName,
            String datasetName,
            int number,
            List<String> columns,
            int batchRows,
            Consumer<ColumnBatch> consumer) {
        DatasetVersion version = getVersion(principal, projectName, datasetName, number);
        scan(datasetName, version, columns, batchRows, consumer);
    }

    /** Reads a version already resolved (and access-checked) by the caller, in column batches. */
    public void scan(
            String datasetName,
            DatasetVersion version,
            List<String> columns,
            int batchRows,
            Consumer<ColumnBatch> consumer) {
        if (batchRows < 1 || batchRows > MAX_SCAN_BATCH_ROWS) {
            throw badParameter("batch_rows", "batch size must be between 1 and " + MAX_SCAN_BATCH_ROWS);
        }
        for (String column : columns) {
            if (version.schema().column(column).isEmpty()) {
                throw new ModelyardException(
                        ErrorCode.INVALID_DATASET,
                        "dataset '" + datasetName + "' version " + version.number() + " has no column '" + column
                                + "'; its columns are " + version.schema().names(),
                        Map.of("dataset", datasetName, "version", version.number(), "column", column));
            }
        }
        engine.scan(version, columns, batchRows, consumer);
    }

    private DatasetVersion appendBase(Dataset dataset, DatasetUpload upload) {
        if (!upload.typeOverrides().isEmpty()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "an append keeps the schema of the version it appends to; leave out part 'schema'",
                    Map.of("parameter", "schema"));
        }
        return transactions
                .read(stores -> stores.datasets().findLatestVersion(dataset.id()))
                .orElseThrow(() -> noVersionToAppendTo(dataset.name()));
    }

    /**
     * Queues the evaluation of every open submission of each objective that follows the latest
     * version of this dataset.
     */
    private void reevaluate(Stores stores, Principal principal, Project project, DatasetVersion version) {
        Optional<String> after = Optional.empty();
        while (true) {
            List<Objective> objectives = stores.objectives()
                    .listObjectives(
                            project.id(), new PageRequest(PageRequest.MAX_MAX_RESULTS, after, Optional.empty()), false);
            for (Objective objective : objectives) {
                boolean follows = objective.evaluation().datasets().stream()
                        .anyMatch(dataset -> dataset.datasetId().equals(version.datasetId())
                                && dataset.policy() == VersionPolicy.LATEST);
                if (follows) {
                    evaluations.enqueueMissingForOpenSubmissions(
                            stores, objective, JobTrigger.NEW_DATASET_VERSION, UserRef.of(principal));
                }
            }
            if (objectives.size() <= PageRequest.MAX_MAX_RESULTS) {
                return;
            }
            after = Optional.of(objectives.get(PageRequest.MAX_MAX_RESULTS - 1).name());
        }
    }

    private static SourceFormat detectFormat(UploadedFile file) {
        String name = file.fileName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return SourceFormat.CSV;
        }
        if (name.endsWith(".parquet") || name.endsWith(".pq")) {
            return SourceFormat.PARQUET;
        }
        try (InputStream in = Files.newInputStream(file.stagedFile())) {
            return Arrays.equals(in.readNBytes(PARQUET_MAGIC.length), PARQUET_MAGIC)
                    ? SourceFormat.PARQUET
                    : SourceFormat.CSV;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the uploaded file", e);
        }
    }

    private static ModelyardException invalidFile(UploadedFile file, InvalidTableException e) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("file_name", file.fileName());
        e.line().ifPresent(line -> details.put("line", line));
        e.position().ifPresent(position -> details.put("position", position));
        e.row().ifPresent(row -> details.put("row", row));
        e.column().ifPresent(column -> details.put("column", column));
        String name = file.fileName().isBlank() ? "the file" : file.fileName();
        return new ModelyardException(ErrorCode.INVALID_DATASET, name + ": " + e.getMessage(), details, e);
    }

    private static ModelyardException noVersionToAppendTo(String datasetName) {
        return new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "dataset '" + datasetName + "' has no version to append to; upload a snapshot first",
                Map.of("dataset", datasetName, "parameter", "mode"));
    }

    private static ModelyardException missingBlob(String datasetName, DatasetVersion version, IOException e) {
        return new ModelyardException(
                ErrorCode.INTERNAL,
                "the data of dataset " + datasetName + " version " + version.number()
                        + " is missing from blob storage (" + version.digest() + "); restore it from a backup",
                Map.of("digest", version.digest()),
                e);
    }

    private static ModelyardException badParameter(String name, String message) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of("parameter", name));
    }

    private DatasetVersion requireVersion(
            Stores stores, Principal principal, String projectName, String datasetName, int number) {
        Project project = access.require(stores, principal, projectName, Role.VIEWER);
        Dataset dataset = requireDataset(stores, project, datasetName);
        return stores.datasets()
                .findVersion(dataset.id(), number)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.DATASET_VERSION_NOT_FOUND,
                        "dataset '" + datasetName + "' has no version " + number,
                        Map.of("project", projectName, "dataset", datasetName, "version", number)));
    }

    private static Dataset requireDataset(Stores stores, Project project, String datasetName) {
        return stores.datasets()
                .findDataset(project.id(), datasetName)
                .orElseThrow(() -> new ModelyardException(
                        ErrorCode.DATASET_NOT_FOUND,
                        "dataset '" + datasetName + "' does not exist in project '" + project.name() + "'",
                        Map.of("project", project.name(), "dataset", String.valueOf(datasetName))));
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static InputStream deletingOnClose(Path file) throws IOException {
        return new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    deleteQuietly(file);
                }
            }
        };
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // the staging folder is swept at the next start
        }
    }
}
