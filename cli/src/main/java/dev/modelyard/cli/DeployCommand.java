package dev.modelyard.cli;

import dev.modelyard.api.CreateDeploymentRequest;
import dev.modelyard.api.DeploymentResponse;
import dev.modelyard.client.ModelyardClient;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard deploy PROJECT NAME --objective O (--track TAG | --pin VERSION)}: a live deployment. */
@Command(
        name = "deploy",
        description = {
            "Create a live deployment of an objective's release: tracking a tag (it follows the tag's moves) or"
                    + " pinned to one release.",
            "Waits until it serves (--no-wait to return at once) and prints where to call it. Manage it with"
                    + " 'modelyard deployments', its API keys with 'modelyard keys'."
        })
final class DeployCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "NAME", description = "The deployment's name, unique on the server.")
    String name;

    @Option(names = "--objective", required = true, paramLabel = "OBJECTIVE", description = "Whose releases to serve.")
    String objective;

    @ArgGroup(exclusive = true, multiplicity = "1")
    DeploymentOptions.Target target;

    @Option(
            names = "--access",
            paramLabel = "LEVEL",
            description = "Who may call it: public (anyone), instance (any signed-in user or a key), project"
                    + " (project members or a key; the default).")
    DeploymentOptions.Access access;

    @Mixin
    DeploymentOptions.Resources resources;

    @Mixin
    DeploymentOptions.Wait wait;

    DeployCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        DeploymentResponse created = client.createDeployment(
                project,
                new CreateDeploymentRequest(
                        name,
                        objective,
                        target.trackSpec(),
                        target.pinSpec(),
                        access == null ? null : access.id(),
                        resources.spec(),
                        null));
        DeploymentsCommand.settleAndPrint(
                root,
                client,
                output,
                project,
                created,
                wait,
                deployment -> "Deployed " + deployment.name() + ": " + DeploymentText.targetSentence(deployment)
                        + " of objective " + deployment.objective() + ", access " + deployment.access() + ".\n");
    }
}
