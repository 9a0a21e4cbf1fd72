package dev.modelyard.cli;

import dev.modelyard.api.ListModelVersionsResponse;
import dev.modelyard.api.ListModelsResponse;
import dev.modelyard.api.ModelResponse;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.SignatureResponse;
import dev.modelyard.api.TensorSpecResponse;
import dev.modelyard.client.DownloadedArtifact;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.Pages;
import dev.modelyard.client.UploadProgressListener;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard models …}: models, their versions, uploads and downloads. */
@Command(
        name = "models",
        description = "Create, list, show and delete models; upload, list, show and download versions.",
        subcommands = {
            ModelsCommand.CreateModel.class,
            ModelsCommand.ListModels.class,
            ModelsCommand.ShowModel.class,
            ModelsCommand.DeleteModel.class,
            ModelsCommand.UploadVersion.class,
            ModelsCommand.ListVersions.class,
            ModelsCommand.ShowVersion.class,
            ModelsCommand.DownloadVersion.class
        })
final class ModelsCommand extends GroupCommand {
    /** Uploads above this size get a progress bar (unless the output is JSON). */
    static final long PROGRESS_BAR_THRESHOLD_BYTES = 1024 * 1024;

    @Command(name = "create", description = "Create a model in a project.")
    static final class CreateModel extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "MODEL")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        CreateModel(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ModelResponse model = client.createModel(project, name, description);
            output.print(model, () -> "Created model " + model.name() + " in project " + project + ".\n");
        }
    }

    @Command(name = "list", description = "List a project's models.")
    static final class ListModels extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Option(names = "--name", paramLabel = "TEXT", description = "Only models whose name contains TEXT.")
        String nameContains;

        ListModels(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<ModelResponse> models = Pages.collectAll(
                    PageOptions.firstPage().withNameContains(nameContains),
                    page -> client.listModels(project, page),
                    ListModelsResponse::models,
                    ListModelsResponse::nextPageToken);
            output.print(new ListModelsResponse(models, null), () -> {
                Table table = new Table("NAME", "DESCRIPTION", "CREATED BY", "CREATED AT");
                models.forEach(model -> table.addRow(
                        model.name(), model.description(), model.createdBy(), Formats.instant(model.createdAt())));
                return table.render();
            });
        }
    }

    @Command(name = "show", description = "Show one model.")
    static final class ShowModel extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "MODEL")
        String model;

        ShowModel(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ModelResponse shown = client.getModel(project, model);
            output.print(shown, () -> {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("Project", shown.project());
                fields.put("Model", shown.name());
                fields.put("Description", shown.description());
                fields.put("Created by", shown.createdBy());
                fields.put("Created at", Formats.instant(shown.createdAt()));
                fields.put("ID", shown.id());
                return Table.keyValues(fields);
            });
        }
    }

    @Command(name = "delete", description = "Delete a model with all its versions.")
    static final class DeleteModel extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "MODEL")
        String model;

        DeleteModel(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            client.deleteModel(project, model);
            output.print(
                    Map.of("deleted", model, "project", project),
                    () -> "Deleted model " + model + " from project " + project + ".\n");
        }
    }

    @Command(
            name = "upload",
            description = {
                "Upload a model file (ONNX, XGBoost JSON, …) or a zip package as the model's next version.",
                "Files over 1 MiB show a progress bar on stderr (not with --output json)."
            })
    static final class UploadVersion extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "MODEL")
        String model;

        @Parameters(index = "2", paramLabel = "FILE")
        Path file;

        @Option(names = "--manifest", paramLabel = "FILE", description = "A modelyard.yaml describing the model.")
        Path manifest;

        UploadVersion(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            requireReadable(file);
            Optional<Path> manifestFile = Optional.ofNullable(manifest);
            manifestFile.ifPresent(UploadVersion::requireReadable);
            long size = sizeOf(file);
            ModelVersionResponse version;
            if (!output.isJson() && size > PROGRESS_BAR_THRESHOLD_BYTES) {
                try (ProgressBar bar = new ProgressBarBuilder()
                        .setTaskName("Uploading " + file.getFileName())
                        .setInitialMax(size)
                        .setUnit("MiB", 1024 * 1024)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(250)
                        .setConsumer(
                                new ConsoleProgressBarConsumer(root.context().err(), 100))
                        .showSpeed()
                        .build()) {
                    UploadProgressListener listener =
                            (sent, total) -> bar.maxHint(total).stepTo(sent);
                    version = client.uploadModelVersion(project, model, file, manifestFile, listener);
                }
            } else {
                version = client.uploadModelVersion(project, model, file, manifestFile, UploadProgressListener.none());
            }
            ModelVersionResponse uploaded = version;
            output.print(
                    uploaded,
                    () -> "Uploaded " + file.getFileName() + " as version " + uploaded.number() + " of "
                            + project + "/" + model + " (" + Formats.size(uploaded.sizeBytes()) + ", runtime "
                            + uploaded.runtime() + ").\n");
        }

        private static void requireReadable(Path path) {
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new CliUsageException(path + " is not a readable file");
            }
        }

        private static long sizeOf(Path path) {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
    }

    @Command(name = "versions", description = "List a model's versions.")
    static final class ListVersions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "MODEL")
        String model;

        ListVersions(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<ModelVersionResponse> versions = Pages.collectAll(
                    PageOptions.firstPage(),
                    page -> client.listModelVersions(project, model, page),
                    ListModelVersionsResponse::versions,
                    ListModelVersionsResponse::nextPageToken);
            output.print(new ListModelVersionsResponse(versions, null), () -> {
                Table table = new Table("VERSION", "RUNTIME", "FORMAT", "FILE", "SIZE", "CREATED BY", "CREATED AT");
                versions.forEach(version -> table.addRow(
                        version.number(),
                        version.runtime(),
                        version.format(),
                        version.fileName(),
                        Formats.size(version.sizeBytes()),
                        version.createdBy(),
                        Formats.instant(version.createdAt())));
                return table.render();
            });
        }
    }

    @Command(name = "version", description = "Show one version: artifact, runtime and signature.")
    static final class ShowVersion extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "MODEL")
        String model;

        @Parameters(index = "2", paramLabel = "VERSION")
        int number;

        ShowVersion(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ModelVersionResponse version = client.getModelVersion(project, model, number);
            output.print(version, () -> describe(version));
        }

        static String describe(ModelVersionResponse version) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("Project", version.project());
            fields.put("Model", version.model());
            fields.put("Version", version.number());
            fields.put("Runtime", version.runtime());
            fields.put("Format", version.format());
            fields.put("File", version.fileName());
            fields.put("Size", Formats.size(version.sizeBytes()) + " (" + version.sizeBytes() + " bytes)");
            fields.put("SHA-256", version.digest());
            fields.put("Created by", version.createdBy());
            fields.put("Created at", Formats.instant(version.createdAt()));
            StringBuilder text = new StringBuilder(Table.keyValues(fields));
            SignatureResponse signature = version.signature();
            if (signature == null) {
                text.append("\nSignature: none\n");
            } else {
                appendTensors(text, "Inputs", signature.inputs());
                appendTensors(text, "Outputs", signature.outputs());
                if (signature.featureNames() != null
                        && !signature.featureNames().isEmpty()) {
                    text.append("\nFeature names: ")
                            .append(String.join(", ", signature.featureNames()))
                            .append('\n');
                }
            }
            if (version.properties() != null && !version.properties().isEmpty()) {
                text.append("\nProperties:\n");
                Table properties = new Table("NAME", "VALUE");
                version.properties().forEach(properties::addRow);
                text.append(indent(properties.render()));
            }
            return text.toString();
        }

        private static void appendTensors(StringBuilder text, String title, List<TensorSpecResponse> tensors) {
            text.append('\n').append(title).append(":\n");
            Table table = new Table("NAME", "DATATYPE", "SHAPE");
            if (tensors != null) {
                tensors.forEach(
                        tensor -> table.addRow(tensor.name(), tensor.datatype(), Formats.shape(tensor.shape())));
            }
            text.append(indent(table.render()));
        }

        private static String indent(String lines) {
            return lines.lines().map(line -> "  " + line + "\n").reduce("", String::concat);
        }
    }

    @Command(name = "download", description = "Download a version's artifact; its SHA-256 is checked.")
    static final class DownloadVersion extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "MODEL")
        String model;

        @Parameters(index = "2", paramLabel = "VERSION")
        int number;

        @Option(
                names = {"-o", "--output-file"},
                paramLabel = "FILE",
                required = true,
                description = "Where to write the artifact (replaced if it exists).")
        Path target;

        DownloadVersion(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DownloadedArtifact artifact = client.downloadArtifact(project, model, number, target);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", artifact.file().toString());
            result.put("size_bytes", artifact.sizeBytes());
            result.put("sha256", artifact.sha256());
            output.print(
                    result,
                    () -> "Downloaded version " + number + " of " + project + "/" + model + " to " + artifact.file()
                            + " (" + Formats.size(artifact.sizeBytes()) + ", SHA-256 " + artifact.sha256() + ").\n");
        }
    }
}
