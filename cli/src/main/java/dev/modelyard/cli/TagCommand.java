package dev.modelyard.cli;

import dev.modelyard.api.TagResponse;
import dev.modelyard.client.ModelyardClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard tag PROJECT OBJECTIVE TAG VERSION} or {@code … TAG --remove}: the short form of {@code tags set|remove}. */
@Command(
        name = "tag",
        description = {
            "Move TAG to release VERSION (like 'tags set'), or take it off with --remove (like 'tags remove').",
            "See 'modelyard tags' for listing, history and as-of queries."
        })
final class TagCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "OBJECTIVE")
    String objective;

    @Parameters(index = "2", paramLabel = "TAG")
    String tag;

    @Parameters(index = "3", arity = "0..1", paramLabel = "VERSION", description = "The release version, e.g. 1.0.0.")
    String version;

    @Option(names = "--remove", description = "Take the tag off whichever release carries it.")
    boolean remove;

    TagCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        if (remove == (version != null)) {
            throw usageError("Say either the VERSION to put " + tag + " on, or --remove");
        }
        if (remove) {
            client.removeTag(project, objective, tag);
            output.print(
                    TagsCommand.removed(project, objective, tag),
                    () -> "Removed tag " + tag + " of " + objective + ".\n");
        } else {
            TagResponse moved = client.putTag(project, objective, tag, version);
            output.print(moved, () -> TagsCommand.moved(objective, moved));
        }
    }
}
