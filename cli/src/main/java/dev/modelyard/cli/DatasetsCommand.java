package dev.modelyard.cli;

import dev.modelyard.api.ColumnSummaryResponse;
import dev.modelyard.api.DatasetColumnResponse;
import dev.modelyard.api.DatasetPreviewResponse;
import dev.modelyard.api.DatasetResponse;
import dev.modelyard.api.DatasetSummaryResponse;
import dev.modelyard.api.DatasetVersionResponse;
import dev.modelyard.api.ListDatasetVersionsResponse;
import dev.modelyard.api.ListDatasetsResponse;
import dev.modelyard.api.ValueCountResponse;
import dev.modelyard.client.DownloadedArtifact;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.ModelyardClient.DownloadProgressListener;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.Pages;
import dev.modelyard.client.UploadProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard datasets …}: datasets, their versions, uploads, previews, summaries and downloads. */
@Command(
        name = "datasets",
        description = "Create and list datasets; upload, list, show, preview, summarize and download versions.",
        subcommands = {
            DatasetsCommand.CreateDataset.class,
            DatasetsCommand.ListDatasets.class,
            DatasetsCommand.ShowVersion.class,
            DatasetsCommand.UploadVersion.class,
            DatasetsCommand.ListVersions.class,
            DatasetsCommand.PreviewVersion.class,
            DatasetsCommand.SummarizeVersion.class,
            DatasetsCommand.DownloadVersion.class
        })
final class DatasetsCommand extends GroupCommand {
    private static final List<String> FORMATS = List.of("csv", "parquet");
    private static final List<String> MODES = List.of("snapshot", "append");

    /** A version given on the command line, or the newest one when absent. */
    static int versionOrLatest(ModelyardClient client, String project, String dataset, Integer version) {
        if (version != null) {
            return version;
        }
        List<DatasetVersionResponse> versions = Pages.collectAll(
                PageOptions.firstPage(),
                page -> client.listDatasetVersions(project, dataset, page),
                ListDatasetVersionsResponse::versions,
                ListDatasetVersionsResponse::nextPageToken);
        return versions.stream()
                .mapToInt(DatasetVersionResponse::number)
                .max()
                .orElseThrow(() -> new CommandFailedException(
                        "DATASET_VERSION_NOT_FOUND",
                        "dataset '" + dataset + "' has no versions yet; upload one with 'modelyard datasets upload "
                                + project + " " + dataset + " FILE'"));
    }

    private static String choice(String option, String value, List<String> allowed) {
        String normalized = value.strip().toLowerCase(Locale.ROOT);
        if (!allowed.contains(normalized)) {
            throw new CliUsageException(option + " must be one of " + allowed + ", got '" + value + "'");
        }
        return normalized;
    }

    @Command(name = "create", description = "Create a dataset in a project.")
    static final class CreateDataset extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DATASET", description = "Name: lower-case letters, digits, '-'.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        CreateDataset(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DatasetResponse dataset = client.createDataset(project, name, description);
            output.print(dataset, () -> "Created dataset " + dataset.name() + " in project " + project + ".\n");
        }
    }

    @Command(name = "list", description = "List a project's datasets.")
    static final class ListDatasets extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Option(names = "--name", paramLabel = "TEXT", description = "Only datasets whose name contains TEXT.")
        String nameContains;

        ListDatasets(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<DatasetResponse> datasets = Pages.collectAll(
                    PageOptions.firstPage().withNameContains(nameContains),
                    page -> client.listDatasets(project, page),
                    ListDatasetsResponse::datasets,
                    ListDatasetsResponse::nextPageToken);
            output.print(new ListDatasetsResponse(datasets, null), () -> {
                Table table = new Table("NAME", "DESCRIPTION", "CREATED BY", "CREATED AT");
                datasets.forEach(dataset -> table.addRow(
                        dataset.name(),
                        dataset.description(),
                        dataset.createdBy(),
                        Formats.instant(dataset.createdAt())));
                return table.render();
            });
        }
    }

    @Command(name = "show", description = "Show a version (default: the newest): rows, digest, source file and schema.")
    static final class ShowVersion extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DATASET")
        String dataset;

        @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION")
        Integer version;

        ShowVersion(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DatasetResponse shown = client.getDataset(project, dataset);
            List<DatasetVersionResponse> versions = version != null
                    ? List.of(client.getDatasetVersion(project, dataset, version))
                    : Pages.collectAll(
                            PageOptions.firstPage(),
                            page -> client.listDatasetVersions(project, dataset, page),
                            ListDatasetVersionsResponse::versions,
                            ListDatasetVersionsResponse::nextPageToken);
            if (versions.isEmpty()) {
                output.print(shown, () -> {
                    Map<String, Object> fields = fields(shown);
                    fields.put("Versions", "none yet");
                    return Table.keyValues(fields);
                });
                return;
            }
            DatasetVersionResponse newest = versions.get(versions.size() - 1);
            output.print(newest, () -> describe(shown, newest));
        }

        private static Map<String, Object> fields(DatasetResponse dataset) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Project", dataset.project());
            fields.put("Dataset", dataset.name());
            fields.put("Description", dataset.description());
            return fields;
        }

        private static String describe(DatasetResponse dataset, DatasetVersionResponse version) {
            Map<String, Object> fields = fields(dataset);
            fields.put("Version", version.number());
            fields.put("Mode", version.mode());
            fields.put("Rows", version.rowCount());
            fields.put(
                    "Columns", version.schema() == null ? 0 : version.schema().size());
            fields.put("SHA-256", version.digest());
            fields.put(
                    "Size",
                    Formats.size(version.sizeBytes()) + " (" + version.fileCount() + " Parquet file"
                            + (version.fileCount() == 1 ? "" : "s") + ")");
            fields.put(
                    "Source",
                    version.sourceFileName() + " (" + version.sourceFormat() + ", "
                            + Formats.size(version.sourceSizeBytes()) + ")");
            fields.put("Source SHA-256", version.sourceDigest());
            fields.put("Created by", version.createdBy());
            fields.put("Created at", Formats.instant(version.createdAt()));
            fields.put("ID", version.id());
            StringBuilder text = new StringBuilder(Table.keyValues(fields));
            text.append("\nSchema:\n");
            Table schema = new Table("COLUMN", "TYPE");
            if (version.schema() != null) {
                version.schema().forEach(column -> schema.addRow(column.name(), column.type()));
            }
            text.append(EvaluationText.indent(schema.render()));
            return text.toString();
        }
    }

    @Command(
            name = "upload",
            description = {
                "Upload a CSV or Parquet file as the dataset's next version.",
                "Files over 1 MiB show a progress bar on stderr (not with --output json).",
                "Example: datasets upload demo wine wine.csv --type label=VARCHAR"
            })
    static final class UploadVersion extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DATASET")
        String dataset;

        @Parameters(index = "2", paramLabel = "FILE")
        Path file;

        @Option(
                names = "--format",
                paramLabel = "FORMAT",
                description = "csv or parquet (default: from the file's name, else its first bytes).")
        String format;

        @Option(
                names = "--mode",
                paramLabel = "MODE",
                description = "snapshot (the file is the whole table, the default) or append (its rows follow the"
                        + " previous version's).")
        String mode;

        @Option(
                names = "--type",
                paramLabel = "COLUMN=TYPE",
                description = "Give a column a type instead of the inferred one (repeatable): BIGINT, DOUBLE,"
                        + " VARCHAR, BOOLEAN, DATE or TIMESTAMP.")
        List<String> types = new ArrayList<>();

        UploadVersion(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CliUsageException(file + " is not a readable file");
            }
            Map<String, String> columnTypes = new LinkedHashMap<>();
            for (String form : types) {
                Map.Entry<String, String> entry = GovernanceSpecs.keyValue("--type", form);
                if (entry.getValue().isBlank()) {
                    throw new CliUsageException("--type '" + form + "' names no type, e.g. label=VARCHAR");
                }
                columnTypes.put(entry.getKey(), entry.getValue().strip().toUpperCase(Locale.ROOT));
            }
            Optional<String> chosenFormat =
                    Optional.ofNullable(format).map(value -> choice("--format", value, FORMATS));
            Optional<String> chosenMode = Optional.ofNullable(mode).map(value -> choice("--mode", value, MODES));
            long size = sizeOf(file);
            DatasetVersionResponse version;
            if (!output.isJson() && size > ProgressBars.TRANSFER_THRESHOLD_BYTES) {
                try (ProgressBar bar =
                        ProgressBars.bytes(root.context().err(), "Uploading " + file.getFileName(), size)) {
                    UploadProgressListener listener =
                            (sent, total) -> bar.maxHint(total).stepTo(sent);
                    version = client.uploadDatasetVersion(
                            project, dataset, file, columnTypes, chosenFormat, chosenMode, listener);
                }
            } else {
                version = client.uploadDatasetVersion(
                        project, dataset, file, columnTypes, chosenFormat, chosenMode, UploadProgressListener.none());
            }
            DatasetVersionResponse uploaded = version;
            output.print(
                    uploaded,
                    () -> "Uploaded " + file.getFileName() + " as version " + uploaded.number() + " of " + project + "/"
                            + dataset + " (" + shape(uploaded) + ").\n");
        }

        /** {@code snapshot: 178 rows, 14 columns, 16.0 KiB as Parquet} or {@code append: 356 rows in 2 Parquet files, 14 columns}. */
        private static String shape(DatasetVersionResponse version) {
            int columns = version.schema() == null ? 0 : version.schema().size();
            if ("append".equals(version.mode())) {
                return "append: " + version.rowCount() + " rows in " + version.fileCount() + " Parquet files, "
                        + columns + " columns";
            }
            return version.mode() + ": " + version.rowCount() + " rows, " + columns + " columns, "
                    + Formats.size(version.sizeBytes()) + " as Parquet";
        }

        private static long sizeOf(Path path) {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
    }

    @Command(name = "versions", description = "List a dataset's versions, oldest first.")
    static final class ListVersions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DATASET")
        String dataset;

        ListVersions(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<DatasetVersionResponse> versions = Pages.collectAll(
                    PageOptions.firstPage(),
                    page -> client.listDatasetVersions(project, dataset, page),
                    ListDatasetVersionsResponse::versions,
                    ListDatasetVersionsResponse::nextPageToken);
            output.print(new ListDatasetVersionsResponse(versions, null), () -> {
                Table table = new Table(
                        "VERSION", "MODE", "ROWS", "COLUMNS", "SIZE", "SOURCE", "SHA-256", "CREATED BY", "CREATED AT");
                versions.forEach(version -> table.addRow(
                        version.number(),
                        version.mode(),
                        version.rowCount(),
                        version.schema() == null ? 0 : version.schema().size(),
                        Formats.size(version.sizeBytes()),
                        version.sourceFileName(),
                        version.digest(),
                        version.createdBy(),
                        Formats.instant(version.createdAt())));
                return table.render();
            });
        }
    }

    @Command(name = "preview", description = "Show rows of a version (default: the newest) as a table.")
    static final class PreviewVersion extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DATASET")
        String dataset;

        @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION")
        Integer version;

        @Option(names = "--offset", paramLabel = "ROW", description = "The first row, counting from 0 (default 0).")
        long offset;

        @Option(
                names = "--limit",
                paramLabel = "ROWS",
                description = "At most this many rows (default 20, up to 1000).")
        int limit = 20;

        PreviewVersion(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            int number = versionOrLatest(client, project, dataset, version);
            DatasetPreviewResponse preview = client.previewDatasetVersion(project, dataset, number, offset, limit);
            output.print(preview, () -> {
                List<DatasetColumnResponse> schema = preview.schema() == null ? List.of() : preview.schema();
                if (schema.isEmpty()) {
                    return "Version " + number + " has no columns.\n";
                }
                Table table = new Table(
                        schema.stream().map(DatasetColumnResponse::name).toArray(String[]::new));
                preview.rows()
                        .forEach(row -> table.addRow(row.stream()
                                .map(value -> value == null ? "null" : value)
                                .toArray()));
                long last = preview.offset() + preview.rows().size();
                String footer = preview.rows().isEmpty()
                        ? "No rows from " + preview.offset() + " on; version " + number + " has " + preview.totalRows()
                                + " rows.\n"
                        : "Rows " + preview.offset() + " to " + (last - 1) + " of " + preview.totalRows()
                                + " (version " + number + ")"
                                + (preview.nextOffset() == null ? "" : "; more with --offset " + preview.nextOffset())
                                + ".\n";
                return (preview.rows().isEmpty() ? "" : table.render()) + footer;
            });
        }
    }

    @Command(name = "summary", description = "Show per-column statistics of a version (default: the newest).")
    static final class SummarizeVersion extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DATASET")
        String dataset;

        @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION")
        Integer version;

        SummarizeVersion(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            int number = versionOrLatest(client, project, dataset, version);
            DatasetSummaryResponse summary = client.summarizeDatasetVersion(project, dataset, number);
            output.print(summary, () -> {
                Table table = new Table(
                        "COLUMN",
                        "TYPE",
                        "COUNT",
                        "NULLS",
                        "DISTINCT",
                        "MIN",
                        "MAX",
                        "MEAN",
                        "STD",
                        "P50",
                        "TOP VALUES");
                for (ColumnSummaryResponse column : summary.columns()) {
                    table.addRow(
                            column.name(),
                            column.type(),
                            column.count(),
                            column.nulls(),
                            "~" + column.distinctEstimate(),
                            value(column.min()),
                            value(column.max()),
                            value(column.mean()),
                            value(column.std()),
                            column.quantiles() == null
                                    ? null
                                    : value(column.quantiles().get("p50")),
                            topValues(column.topValues()));
                }
                return "Dataset " + dataset + " version " + number + ": " + summary.rowCount() + " rows; quantiles "
                        + (summary.quantilesExact() ? "exact" : "approximate") + ".\n\n" + table.render();
            });
        }

        /** Numbers to six significant digits without trailing zeros; other values as they are. */
        private static Object value(Object value) {
            if (value instanceof Double number) {
                if (number.isNaN() || number.isInfinite()) {
                    return number.toString();
                }
                return new BigDecimal(number)
                        .round(new MathContext(6))
                        .stripTrailingZeros()
                        .toPlainString();
            }
            return value;
        }

        private static String topValues(List<ValueCountResponse> values) {
            if (values == null) {
                return null;
            }
            return values.stream()
                    .limit(3)
                    .map(value -> value(value.value()) + " (" + value.count() + ")")
                    .collect(Collectors.joining(", "));
        }
    }

    @Command(
            name = "download",
            description = {
                "Download a version (default: the newest) as CSV or Parquet; '-o -' writes it to stdout.",
                "Downloads over 1 MiB show a progress bar on stderr (not with --output json)."
            })
    static final class DownloadVersion extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "DATASET")
        String dataset;

        @Parameters(index = "2", arity = "0..1", paramLabel = "VERSION")
        Integer version;

        @Option(names = "--format", paramLabel = "FORMAT", description = "csv or parquet (default parquet).")
        String format = "parquet";

        @Option(
                names = {"-o", "--output-file"},
                paramLabel = "FILE",
                required = true,
                description = "Where to write it (replaced if it exists); '-' for stdout.")
        String target;

        DownloadVersion(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            String chosen = choice("--format", format, FORMATS);
            int number = versionOrLatest(client, project, dataset, version);
            if (target.equals("-")) {
                client.downloadDatasetVersion(
                        project, dataset, number, chosen, root.context().out(), DownloadProgressListener.none());
                root.context().out().flush();
                return;
            }
            DownloadedArtifact file;
            if (output.isJson()) {
                file = client.downloadDatasetVersion(
                        project, dataset, number, chosen, Path.of(target), DownloadProgressListener.none());
            } else {
                file = downloadWithProgress(client, number, chosen);
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", file.file().toString());
            result.put("format", chosen);
            result.put("size_bytes", file.sizeBytes());
            result.put("sha256", file.sha256());
            output.print(
                    result,
                    () -> "Downloaded version " + number + " of " + project + "/" + dataset + " as "
                            + (chosen.equals("csv") ? "CSV" : "Parquet") + " to " + file.file() + " ("
                            + Formats.size(file.sizeBytes()) + ", SHA-256 " + file.sha256() + ").\n");
        }

        /** A bar appears once the server announced more than the threshold. */
        private DownloadedArtifact downloadWithProgress(ModelyardClient client, int number, String chosen) {
            ProgressBar[] bar = new ProgressBar[1];
            try {
                return client.downloadDatasetVersion(
                        project, dataset, number, chosen, Path.of(target), (received, total) -> {
                            if (bar[0] == null && total > ProgressBars.TRANSFER_THRESHOLD_BYTES) {
                                bar[0] = ProgressBars.bytes(
                                        root.context().err(), "Downloading " + dataset + " version " + number, total);
                            }
                            if (bar[0] != null) {
                                bar[0].stepTo(received);
                            }
                        });
            } finally {
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
        }
    }
}
