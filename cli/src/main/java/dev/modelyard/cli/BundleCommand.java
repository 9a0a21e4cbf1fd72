package dev.modelyard.cli;

import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.client.DownloadedArtifact;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.UploadProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard bundle export|import}: a release as one self-contained zip, to move it between servers. */
@Command(
        name = "bundle",
        description = {
            "Export a release as a self-contained zip (bundle.json, the artifact, checksums.sha256) and import it"
                    + " into a project, on this server or another."
        },
        subcommands = {BundleCommand.ExportBundle.class, BundleCommand.ImportBundle.class})
final class BundleCommand extends GroupCommand {

    @Command(name = "export", description = "Download release VERSION of an objective as a bundle zip.")
    static final class ExportBundle extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "OBJECTIVE")
        String objective;

        @Parameters(index = "2", paramLabel = "VERSION")
        String version;

        @Option(
                names = {"-o", "--output-file"},
                paramLabel = "FILE",
                required = true,
                description = "Where to write the bundle (replaced if it exists).")
        Path target;

        ExportBundle(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            DownloadedArtifact bundle = client.exportBundle(project, objective, version, target);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("file", bundle.file().toString());
            result.put("size_bytes", bundle.sizeBytes());
            result.put("sha256", bundle.sha256());
            output.print(
                    result,
                    () -> "Exported release " + version + " of " + project + "/" + objective + " to " + bundle.file()
                            + " (" + Formats.size(bundle.sizeBytes()) + ", SHA-256 " + bundle.sha256() + ").\n");
        }
    }

    @Command(
            name = "import",
            description = {
                "Import a bundle into PROJECT: creates the objective and the model when missing, and the release with"
                        + " the same version and digests, without tags."
            })
    static final class ImportBundle extends ApiCommand {
        @Parameters(index = "0", paramLabel = "PROJECT")
        String project;

        @Parameters(index = "1", paramLabel = "FILE")
        Path file;

        ImportBundle(ModelyardCommand root) {
            super(root);
        }

        @Override
        void execute(ModelyardClient client, Output output) {
            if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new CliUsageException(file + " is not a readable file");
            }
            ReleaseResponse release = client.importBundle(project, file, UploadProgressListener.none());
            output.print(
                    release,
                    () -> "Imported release " + release.version() + " of objective " + release.objective()
                            + " into project " + project + " (model " + release.model() + " version "
                            + release.modelVersion() + ", SHA-256 " + release.digest() + ").\n");
        }
    }
}
