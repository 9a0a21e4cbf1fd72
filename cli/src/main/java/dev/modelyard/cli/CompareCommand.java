package dev.modelyard.cli;

import dev.modelyard.api.ComparisonResponse;
import dev.modelyard.client.ModelyardClient;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard compare}: two submissions metric by metric. */
@Command(
        name = "compare",
        description = {
            "Compare two submissions metric by metric on the leaderboard's scope; DIFFERENCE is SECOND − FIRST.",
            "Example: compare churn churn 1 2 --subset web"
        })
final class CompareCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "OBJECTIVE")
    String objective;

    @Parameters(index = "2", paramLabel = "FIRST", description = "A submission number.")
    int first;

    @Parameters(index = "3", paramLabel = "SECOND", description = "Another submission number.")
    int second;

    @Option(names = "--dataset", paramLabel = "DATASET", description = "An evaluation dataset (default: the first).")
    String dataset;

    @Option(names = "--version", paramLabel = "VERSION", description = "A version (default: the current one).")
    Integer version;

    @Option(names = "--subset", paramLabel = "SUBSET", description = "A subset (default: all rows).")
    String subset;

    CompareCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        ComparisonResponse comparison = client.compare(
                project,
                objective,
                first,
                second,
                Optional.ofNullable(dataset),
                Optional.ofNullable(version),
                Optional.ofNullable(subset));
        output.print(comparison, () -> EvaluationText.comparison(comparison));
    }
}
