package dev.modelyard.cli;

import dev.modelyard.api.CreateReleaseRequest;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.client.ModelyardClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard release PROJECT OBJECTIVE SUBMISSION VERSION [--note …] [--tag T …]}. */
@Command(
        name = "release",
        description = {
            "Release an approved submission as VERSION (MAJOR.MINOR.PATCH[-pre]), optionally tagged.",
            "The objective's release checks run first: a failing block check refuses the release, failing"
                    + " warn checks are printed as warnings (on stderr) and recorded on the release.",
            "Putting a protected tag (Production by default) needs the owner role."
        })
final class ReleaseCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "OBJECTIVE")
    String objective;

    @Parameters(index = "2", paramLabel = "SUBMISSION", description = "The approved submission's number.")
    int submission;

    @Parameters(index = "3", paramLabel = "VERSION", description = "The release version, e.g. 1.0.0.")
    String version;

    @Option(names = "--note", paramLabel = "TEXT", description = "The release note.")
    String note;

    @Option(
            names = "--tag",
            paramLabel = "TAG",
            split = ",",
            description = "A tag to put on the release (repeatable, or comma-separated).")
    List<String> tags = new ArrayList<>();

    ReleaseCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        ReleaseResponse release = client.createRelease(
                project, objective, new CreateReleaseRequest(submission, version, note, GovernanceSpecs.tagList(tags)));
        output.print(
                release,
                () -> "Released " + objective + " " + release.version() + " from submission #" + submission + " ("
                        + release.model() + " version " + release.modelVersion() + ")"
                        + (release.tags() == null || release.tags().isEmpty()
                                ? ""
                                : ", tagged " + String.join(", ", release.tags()))
                        + ".\nRelease checks:\n" + GovernanceText.checks(release.checkResults()));
        GovernanceText.printWarnings(root.context().err(), release.checkResults());
    }
}
