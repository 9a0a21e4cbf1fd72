package dev.modelyard.cli;

import dev.modelyard.api.ListTagsResponse;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.api.TagHistoryResponse;
import dev.modelyard.api.TagResponse;
import dev.modelyard.client.ModelyardClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard tags …}: an objective's environment tags, their moves and history. */
@Command(
        name = "tags",
        description = {
            "List, move, remove and trace an objective's environment tags (Staging, Production, …).",
            "Protected tags (Production by default) are moved only by project owners."
        },
        subcommands = {
            TagsCommand.ListTags.class,
            TagsCommand.SetTag.class,
            TagsCommand.RemoveTag.class,
            TagsCommand.TagHistory.class,
            TagsCommand.ResolveTag.class
        })
final class TagsCommand extends GroupCommand {

    static String moved(String objective, TagResponse tag) {
        return "Tag " + tag.tag() + " of " + objective + " is now on release " + tag.release()
                + (tag.protectedTag() ? " (protected tag)" : "") + ".\n";
    }

    static Map<String, Object> removed(String project, String objective, String tag) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("project", project);
        result.put("objective", objective);
        result.put("removed", tag);
        return result;
    }

    @Command(name = "list", description = "List an objective's tags and the release each is on.")
    static final class ListTags extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        ListTags(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ListTagsResponse tags = client.listTags(project, objective);
            output.print(tags, () -> {
                Table table = new Table("TAG", "PROTECTED", "RELEASE", "SINCE");
                tags.tags()
                        .forEach(tag -> table.addRow(
                                tag.tag(),
                                tag.protectedTag() ? "yes" : "no",
                                tag.release(),
                                Formats.instant(tag.since())));
                return table.render();
            });
        }
    }

    @Command(name = "set", description = "Put TAG on release VERSION, taking it off the release that had it.")
    static final class SetTag extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "TAG")
        String tag;

        @Parameters(index = "3", paramLabel = "VERSION", description = "The release version, e.g. 1.0.0.")
        String version;

        SetTag(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            TagResponse moved = client.putTag(project, objective, tag, version);
            output.print(moved, () -> moved(objective, moved));
        }
    }

    @Command(name = "remove", description = "Take TAG off whichever release carries it.")
    static final class RemoveTag extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "TAG")
        String tag;

        RemoveTag(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            client.removeTag(project, objective, tag);
            output.print(removed(project, objective, tag), () -> "Removed tag " + tag + " of " + objective + ".\n");
        }
    }

    @Command(name = "history", description = "Every move of TAG, oldest first: when, who, from which release to which.")
    static final class TagHistory extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "TAG")
        String tag;

        TagHistory(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            TagHistoryResponse history = client.tagHistory(project, objective, tag);
            output.print(history, () -> {
                Table table = new Table("#", "AT", "ACTOR", "RELEASE", "MOVE");
                history.events()
                        .forEach(event -> table.addRow(
                                event.sequence(),
                                Formats.instant(event.at()),
                                event.actor(),
                                event.release(),
                                GovernanceText.tagMove(event)));
                return table.render();
            });
        }
    }

    @Command(
            name = "resolve",
            description = {
                "Show the release carrying TAG now, or at an instant with --as-of (e.g. 2025-03-01T12:00:00Z).",
                "Exits 1 with RELEASE_NOT_FOUND when no release carried it."
            })
    static final class ResolveTag extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "TAG")
        String tag;

        @Option(
                names = "--as-of",
                paramLabel = "INSTANT",
                description = "An ISO-8601 instant, e.g. 2025-03-01T12:00:00Z.")
        Instant asOf;

        ResolveTag(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            ReleaseResponse release = client.resolveTag(project, objective, tag, Optional.ofNullable(asOf));
            output.print(
                    release,
                    () -> tag + " of " + objective + (asOf == null ? "" : " as of " + Formats.instant(asOf))
                            + ": release " + release.version() + "\n\n" + GovernanceText.release(release));
        }
    }
}
