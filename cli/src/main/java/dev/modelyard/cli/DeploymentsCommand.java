package dev.modelyard.cli;

import dev.modelyard.api.DeploymentResponse;
import dev.modelyard.api.ListDeploymentRevisionsResponse;
import dev.modelyard.api.ListDeploymentsResponse;
import dev.modelyard.api.UpdateDeploymentRequest;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.Pages;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard deployments …}: list, show, change, stop, start and roll back live deployments. */
@Command(
        name = "deployments",
        description = "List, show, update, stop, start and roll back live deployments (create one with 'modelyard"
                + " deploy').",
        subcommands = {
            DeploymentsCommand.ListDeployments.class,
            DeploymentsCommand.ShowDeployment.class,
            DeploymentsCommand.UpdateDeployment.class,
            DeploymentsCommand.StopDeployment.class,
            DeploymentsCommand.StartDeployment.class,
            DeploymentsCommand.Revisions.class,
            DeploymentsCommand.Rollback.class
        })
final class DeploymentsCommand extends GroupCommand {

    /**
     * Waits (unless {@code --no-wait}) until the changed deployment serves its target, then prints
     * the headline and the summary, or the JSON of the deployment as it then is.
     */
    static void settleAndPrint(
            ModelyardCommand root,
            ModelyardClient client,
            Output output,
            String project,
            DeploymentResponse changed,
            DeploymentOptions.Wait wait,
            Function<DeploymentResponse, String> headline) {
        DeploymentResponse settled =
                wait.wait ? DeploymentWait.await(client, project, changed, wait.timeout()) : changed;
        if (!settled.stopped() && settled.targetRelease() == null) {
            root.context()
                    .err()
                    .println("warning: no release of objective " + settled.objective() + " is "
                            + (settled.track() != null
                                    ? "tagged " + settled.track().tag()
                                    : "the pinned one")
                            + " yet; " + settled.name() + " starts serving when one is.");
        }
        output.print(settled, () -> headline.apply(settled) + DeploymentText.summary(client.baseUri(), settled));
    }

    @Command(name = "list", description = "List a project's deployments with their status and release.")
    static final class ListDeployments extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        ListDeployments(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<DeploymentResponse> deployments = Pages.collectAll(
                    PageOptions.firstPage(),
                    page -> client.listDeployments(project, page),
                    ListDeploymentsResponse::deployments,
                    ListDeploymentsResponse::nextPageToken);
            output.print(new ListDeploymentsResponse(deployments, null), () -> DeploymentText.list(deployments));
        }
    }

    @Command(
            name = "show",
            description = "Show a deployment: status, current and target release, loaded releases, resources and"
                    + " endpoints.")
    static final class ShowDeployment extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        ShowDeployment(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DeploymentResponse deployment = client.getDeployment(project, name);
            output.print(deployment, () -> DeploymentText.show(client.baseUri(), deployment));
        }
    }

    @Command(
            name = "update",
            description = "Change what a deployment serves, who may call it, or how it runs; unset options stay.")
    static final class UpdateDeployment extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        DeploymentOptions.Target target;

        @Option(names = "--access", paramLabel = "LEVEL", description = "public, instance or project.")
        DeploymentOptions.Access access;

        @Mixin
        DeploymentOptions.Resources resources;

        @Mixin
        DeploymentOptions.Wait wait;

        UpdateDeployment(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            if (target == null && access == null && resources.spec() == null) {
                throw usageError("Say what to change: --track, --pin, --access or a resource option");
            }
            DeploymentResponse updated = client.updateDeployment(
                    project,
                    name,
                    new UpdateDeploymentRequest(
                            target == null ? null : target.trackSpec(),
                            target == null ? null : target.pinSpec(),
                            access == null ? null : access.id(),
                            resources.spec(),
                            null,
                            null));
            settleAndPrint(
                    root,
                    client,
                    output,
                    project,
                    updated,
                    wait,
                    deployment -> "Updated " + deployment.name() + " (revision " + deployment.revision() + "): "
                            + DeploymentText.targetSentence(deployment) + ", access " + deployment.access() + ".\n");
        }
    }

    @Command(name = "stop", description = "Stop serving (calls get 503); the configuration and keys stay.")
    static final class StopDeployment extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Mixin
        DeploymentOptions.Wait wait;

        StopDeployment(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DeploymentResponse stopped = client.updateDeployment(
                    project, name, new UpdateDeploymentRequest(null, null, null, null, true, null));
            DeploymentResponse settled =
                    wait.wait ? DeploymentWait.await(client, project, stopped, wait.timeout()) : stopped;
            output.print(
                    settled,
                    () -> "Stopped " + settled.name() + " (revision " + settled.revision()
                            + "); 'modelyard deployments start " + project + " " + settled.name()
                            + "' serves it again.\n");
        }
    }

    @Command(name = "start", description = "Serve a stopped deployment again.")
    static final class StartDeployment extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Mixin
        DeploymentOptions.Wait wait;

        StartDeployment(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DeploymentResponse started = client.updateDeployment(
                    project, name, new UpdateDeploymentRequest(null, null, null, null, false, null));
            settleAndPrint(
                    root,
                    client,
                    output,
                    project,
                    started,
                    wait,
                    deployment -> "Started " + deployment.name() + " (revision " + deployment.revision() + ").\n");
        }
    }

    @Command(
            name = "revisions",
            description = "List a deployment's revisions, newest first, with the release that served at each.")
    static final class Revisions extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        Revisions(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ListDeploymentRevisionsResponse revisions = client.listDeploymentRevisions(project, name);
            output.print(revisions, () -> DeploymentText.revisions(revisions.revisions()));
        }
    }

    @Command(
            name = "rollback",
            description = {
                "Restore revision REVISION's configuration as a new revision, pinned to the release that served"
                        + " then.",
                "Track the tag again with 'deployments update PROJECT NAME --track TAG'."
            })
    static final class Rollback extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "NAME")
        String name;

        @Parameters(index = "2", paramLabel = "REVISION", description = "A number from 'deployments revisions'.")
        int revision;

        @Mixin
        DeploymentOptions.Wait wait;

        Rollback(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DeploymentResponse rolledBack = client.rollbackDeployment(project, name, revision);
            settleAndPrint(
                    root,
                    client,
                    output,
                    project,
                    rolledBack,
                    wait,
                    deployment -> "Rolled " + deployment.name() + " back to revision " + revision + " as revision "
                            + deployment.revision() + ": " + DeploymentText.targetSentence(deployment) + ".\n");
        }
    }
}
