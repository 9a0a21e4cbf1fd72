package dev.modelyard.cli;

import dev.modelyard.api.ListReleasesResponse;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.Pages;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard releases …}: list, show and deprecate an objective's releases. */
@Command(
        name = "releases",
        description = "List, show and deprecate releases (create one with 'modelyard release').",
        subcommands = {
            ReleasesCommand.ListReleases.class,
            ReleasesCommand.ShowRelease.class,
            ReleasesCommand.DeprecateRelease.class
        })
final class ReleasesCommand extends GroupCommand {

    @Command(name = "list", description = "List an objective's releases, newest first.")
    static final class ListReleases extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        ListReleases(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            List<ReleaseResponse> releases = Pages.collectAll(
                    PageOptions.firstPage(),
                    page -> client.listReleases(project, objective, page),
                    ListReleasesResponse::releases,
                    ListReleasesResponse::nextPageToken);
            output.print(new ListReleasesResponse(releases, null), () -> {
                Table table = new Table(
                        "VERSION",
                        "SUBMISSION",
                        "MODEL",
                        "MODEL VERSION",
                        "TAGS",
                        "DEPRECATED",
                        "CREATED BY",
                        "CREATED AT");
                releases.forEach(release -> table.addRow(
                        release.version(),
                        release.submission() > 0 ? "#" + release.submission() : null,
                        release.model(),
                        release.modelVersion(),
                        release.tags() == null ? null : String.join(", ", release.tags()),
                        release.deprecated() ? "yes" : "no",
                        release.createdBy(),
                        Formats.instant(release.createdAt())));
                return table.render();
            });
        }
    }

    @Command(name = "show", description = "Show one release: model, digest, tags, note and check results.")
    static final class ShowRelease extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "VERSION")
        String version;

        ShowRelease(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ReleaseResponse release = client.getRelease(project, objective, version);
            output.print(release, () -> GovernanceText.release(release));
        }
    }

    @Command(
            name = "deprecate",
            description = "Mark a release deprecated, with the reason (releases are never deleted).")
    static final class DeprecateRelease extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "VERSION")
        String version;

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it should not be used.")
        String reason;

        DeprecateRelease(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ReleaseResponse release = client.deprecateRelease(project, objective, version, reason);
            output.print(
                    release,
                    () -> "Deprecated release " + release.version() + " of " + objective + ": " + reason + ".\n");
        }
    }
}
