package dev.modelyard.cli;

import dev.modelyard.api.LeaderboardResponse;
import dev.modelyard.client.ModelyardClient;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard leaderboard}: an objective's submissions ranked by the primary metric. */
@Command(
        name = "leaderboard",
        description = {
            "Rank an objective's submissions by its primary metric on an evaluation dataset (default: the first),"
                    + " a version (default: the current one) and a subset (default: all rows)."
        })
final class LeaderboardCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "OBJECTIVE")
    String objective;

    @Option(names = "--dataset", paramLabel = "DATASET", description = "An evaluation dataset of the objective.")
    String dataset;

    @Option(names = "--version", paramLabel = "VERSION", description = "A version of that dataset.")
    Integer version;

    @Option(names = "--subset", paramLabel = "SUBSET", description = "One of the objective's subsets.")
    String subset;

    LeaderboardCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        LeaderboardResponse board = client.leaderboard(
                project,
                objective,
                Optional.ofNullable(dataset),
                Optional.ofNullable(version),
                Optional.ofNullable(subset));
        output.print(board, () -> EvaluationText.leaderboard(board));
    }
}
