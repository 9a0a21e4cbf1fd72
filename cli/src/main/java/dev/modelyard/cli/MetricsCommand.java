package dev.modelyard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.api.ApiJson;
import dev.modelyard.api.CreateMetricSetRequest;
import dev.modelyard.api.EvaluationDatasetSpec;
import dev.modelyard.api.ListMetricSetsResponse;
import dev.modelyard.api.MetricSetResponse;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.client.DownloadedArtifact;
import dev.modelyard.client.ModelyardClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard metrics …}: a submission's metric sets, ad hoc ones and their images. */
@Command(
        name = "metrics",
        description = "Show and list a submission's metric sets; post one computed elsewhere; save its images.",
        subcommands = {
            MetricsCommand.ShowMetrics.class,
            MetricsCommand.ListMetricSets.class,
            MetricsCommand.PostMetricSet.class,
            MetricsCommand.SaveImage.class
        })
final class MetricsCommand extends GroupCommand {

    @Command(
            name = "show",
            description = {
                "Show a submission's metrics on one dataset version and subset: values, undefined metrics and why,"
                        + " the confusion matrix, the charts (their data with --output json) and the images.",
                "Defaults: the objective's first evaluation dataset, the newest version with metrics, all rows; an"
                        + " evaluated metric set before an ad hoc one."
            })
    static final class ShowMetrics extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "SUBMISSION")
        int submission;

        @Option(names = "--dataset", paramLabel = "DATASET")
        String dataset;

        @Option(names = "--version", paramLabel = "VERSION")
        Integer version;

        @Option(names = "--subset", paramLabel = "SUBSET", description = "A subset (default: all rows).")
        String subset;

        ShowMetrics(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<MetricSetResponse> all =
                    client.listMetricSets(project, objective, submission).metricSets();
            // the dataset asked for, else the objective's first evaluation dataset, else that of the newest set
            Optional<String> datasetName = Optional.ofNullable(dataset)
                    .or(() -> primaryDataset(client))
                    .or(() -> all.stream().findFirst().map(MetricSetResponse::dataset));
            List<MetricSetResponse> candidates = all.stream()
                    .filter(set -> datasetName.isPresent() && datasetName.get().equalsIgnoreCase(set.dataset()))
                    .filter(set -> subset == null ? set.subset() == null : subset.equalsIgnoreCase(set.subset()))
                    .toList();
            Optional<Integer> chosenVersion = Optional.ofNullable(version).or(() -> candidates.stream()
                    .map(MetricSetResponse::datasetVersion)
                    .max(Integer::compare));
            MetricSetResponse chosen = candidates.stream()
                    .filter(set -> chosenVersion.isPresent() && set.datasetVersion() == chosenVersion.get())
                    .min(Comparator.comparing((MetricSetResponse set) -> "ad_hoc".equals(set.source())))
                    .orElseThrow(() -> new CommandFailedException(
                            "METRIC_SET_NOT_FOUND",
                            "submission #" + submission + " has no metrics"
                                    + datasetName
                                            .map(name -> " on dataset '" + name + "'")
                                            .orElse("")
                                    + chosenVersion
                                            .map(number -> " version " + number)
                                            .orElse("")
                                    + (subset == null ? ", all rows" : ", subset '" + subset + "'")
                                    + "; see its evaluation jobs with 'modelyard evaluations " + project + " "
                                    + objective + " --submission " + submission + "'"));
            output.print(chosen, () -> EvaluationText.metricSet(chosen));
        }

        /** The objective's first evaluation dataset, which the leaderboard and release checks use. */
        private Optional<String> primaryDataset(ModelyardClient client) {
            ObjectiveResponse shown = client.getObjective(project, objective);
            if (shown.evaluation() == null || shown.evaluation().datasets() == null) {
                return Optional.empty();
            }
            return shown.evaluation().datasets().stream()
                    .map(EvaluationDatasetSpec::dataset)
                    .filter(Objects::nonNull)
                    .findFirst();
        }
    }

    @Command(name = "list", description = "List a submission's metric sets, newest first.")
    static final class ListMetricSets extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "SUBMISSION")
        int submission;

        ListMetricSets(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ListMetricSetsResponse sets = client.listMetricSets(project, objective, submission);
            output.print(sets, () -> EvaluationText.metricSets(sets.metricSets()));
        }
    }

    @Command(
            name = "post",
            description = {
                "Post a metric set computed elsewhere for a submission on a dataset version: values, PNG images and,"
                        + " from --file, anything the API takes (charts, confusion_matrix).",
                "Example: metrics post churn churn 1 --dataset customers --version 1 --value lift_at_10=2.4"
                        + " --image shap=shap.png"
            })
    static final class PostMetricSet extends ApiCommand {
        private static final ObjectMapper STRICT = ApiJson.strictMapper();

        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "SUBMISSION")
        int submission;

        @Option(names = "--dataset", paramLabel = "DATASET", description = "A dataset of the project.")
        String dataset;

        @Option(names = "--version", paramLabel = "VERSION", description = "The version the metrics are of.")
        Integer version;

        @Option(names = "--subset", paramLabel = "SUBSET", description = "One of the objective's subsets.")
        String subset;

        @Option(
                names = "--rows",
                paramLabel = "ROWS",
                description = "How many rows the metrics cover (default: the version's).")
        Long rows;

        @Option(
                names = "--value",
                paramLabel = "NAME=NUMBER",
                description = "A metric value (repeatable); names are lower-case letters, digits and '_'.")
        List<String> values = new ArrayList<>();

        @Option(names = "--image", paramLabel = "NAME=FILE", description = "A PNG image (repeatable).")
        List<String> images = new ArrayList<>();

        @Option(
                names = "--file",
                paramLabel = "FILE",
                description = "A JSON metric set as the API takes it; the other options add to it or override it.")
        Path file;

        PostMetricSet(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            CreateMetricSetRequest base = file == null
                    ? new CreateMetricSetRequest(null, null, null, null, null, null, null, null)
                    : read(file);
            Map<String, Double> allValues = new LinkedHashMap<>(base.values() == null ? Map.of() : base.values());
            for (String form : values) {
                Map.Entry<String, String> entry = GovernanceSpecs.keyValue("--value", form);
                try {
                    allValues.put(
                            entry.getKey(), Double.parseDouble(entry.getValue().strip()));
                } catch (NumberFormatException e) {
                    throw new CliUsageException("--value '" + form + "': '" + entry.getValue() + "' is not a number");
                }
            }
            Map<String, String> allImages = new LinkedHashMap<>(base.images() == null ? Map.of() : base.images());
            for (String form : images) {
                Map.Entry<String, String> entry = GovernanceSpecs.keyValue("--image", form);
                Path image = Path.of(entry.getValue());
                if (!Files.isRegularFile(image)) {
                    throw new CliUsageException("--image '" + form + "': " + image + " is not a readable file");
                }
                try {
                    allImages.put(entry.getKey(), Base64.getEncoder().encodeToString(Files.readAllBytes(image)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + image, e);
                }
            }
            CreateMetricSetRequest request = new CreateMetricSetRequest(
                    dataset != null ? dataset : base.dataset(),
                    version != null ? version : base.version(),
                    subset != null ? subset : base.subset(),
                    rows != null ? rows : base.rowCount(),
                    allValues.isEmpty() ? null : allValues,
                    base.charts(),
                    base.confusionMatrix(),
                    allImages.isEmpty() ? null : allImages);
            if (request.dataset() == null || request.version() == null) {
                throw new CliUsageException("say which dataset version the metrics are of: --dataset and --version"
                        + " (or \"dataset\" and \"version\" in --file)");
            }
            MetricSetResponse posted = client.postMetricSet(project, objective, submission, request);
            output.print(
                    posted,
                    () -> "Posted metric set " + posted.id() + " for submission #" + posted.submission() + " of "
                            + objective + " on "
                            + EvaluationText.scope(posted.dataset(), posted.datasetVersion(), posted.subset()) + ": "
                            + (posted.values() == null ? 0 : posted.values().size()) + " value(s), "
                            + (posted.charts() == null ? 0 : posted.charts().size()) + " chart(s), "
                            + (posted.images() == null ? 0 : posted.images().size()) + " image(s).\n");
        }

        private static CreateMetricSetRequest read(Path path) {
            try {
                return STRICT.readValue(Files.readAllBytes(path), CreateMetricSetRequest.class);
            } catch (JsonProcessingException e) {
                throw new CliUsageException(
                        "--file " + path + " is not a metric set as the API takes it: " + e.getOriginalMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path, e);
            }
        }
    }

    @Command(name = "image", description = "Save an image of a metric set to a file.")
    static final class SaveImage extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "SUBMISSION")
        int submission;

        @Parameters(index = "3", paramLabel = "METRIC_SET", description = "The metric set's ID.")
        String metricSet;

        @Parameters(index = "4", paramLabel = "IMAGE", description = "The image's name.")
        String image;

        @Option(
                names = {"-o", "--output-file"},
                paramLabel = "FILE",
                required = true,
                description = "Where to write the PNG (replaced if it exists).")
        Path target;

        SaveImage(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DownloadedArtifact saved =
                    client.downloadMetricImage(project, objective, submission, metricSet, image, target);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", saved.file().toString());
            result.put("size_bytes", saved.sizeBytes());
            result.put("sha256", saved.sha256());
            output.print(
                    result,
                    () -> "Saved image " + image + " to " + saved.file() + " (" + Formats.size(saved.sizeBytes())
                            + ", SHA-256 " + saved.sha256() + ").\n");
        }
    }
}
