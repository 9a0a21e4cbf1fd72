package dev.modelyard.cli;

import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.SubmissionResponse;
import dev.modelyard.api.SubmitRequest;
import dev.modelyard.client.ModelyardClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard submit PROJECT OBJECTIVE MODEL VERSION --meta key=value …}. */
@Command(
        name = "submit",
        description = {
            "Submit a model version to an objective for review, with the objective's metadata fields.",
            "--meta KEY=VALUE is typed by the objective's field: a number field gets a number, a boolean field"
                    + " true/false, other fields the text as is. --meta-json KEY=JSON sends any JSON value as is"
                    + " (e.g. --meta-json layers=[64,32] or --meta-json version='\"2\"')."
        })
final class SubmitCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "OBJECTIVE")
    String objective;

    @Parameters(index = "2", paramLabel = "MODEL")
    String model;

    @Parameters(index = "3", paramLabel = "VERSION", description = "The model version number.")
    int version;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata field (repeatable).")
    List<String> meta = new ArrayList<>();

    @Option(names = "--meta-json", paramLabel = "KEY=JSON", description = "A metadata field as JSON (repeatable).")
    List<String> metaJson = new ArrayList<>();

    @Option(
            names = {"-m", "--description"},
            paramLabel = "TEXT",
            description = "What this submission is, like a pull request's description.")
    String description;

    SubmitCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        Map<String, String> fieldTypes = new HashMap<>();
        if (!meta.isEmpty()) {
            ObjectiveResponse target = client.getObjective(project, objective);
            if (target.metadataFields() != null) {
                for (MetadataFieldSpec field : target.metadataFields()) {
                    fieldTypes.put(field.name(), field.type());
                }
            }
        }
        Map<String, Object> metadata = GovernanceSpecs.metadata(meta, metaJson, fieldTypes);
        SubmissionResponse submission =
                client.submit(project, objective, new SubmitRequest(model, version, metadata, description));
        output.print(
                submission,
                () -> "Submitted " + submission.model() + " version " + submission.modelVersion() + " to objective "
                        + objective + " as submission #" + submission.number() + " (" + submission.status() + ").\n");
    }
}
