package dev.modelyard.cli;

import dev.modelyard.api.ReviewRequest;
import dev.modelyard.api.ReviewResponse;
import dev.modelyard.client.ModelyardClient;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard review PROJECT OBJECTIVE N --approve|--request-changes|--reject|--comment -m TEXT}. */
@Command(
        name = "review",
        description = {
            "Review a submission: approve, request changes, reject, or comment (-m is needed for a comment).",
            "Any project member may comment; editors and owners give verdicts; nobody approves their own"
                    + " submission. Reply to a review with --reply-to REVIEW_ID (shown by 'submissions show')."
        })
final class ReviewCommand extends ApiCommand {
    @Parameters(index = "0", paramLabel = "PROJECT")
    String project;

    @Parameters(index = "1", paramLabel = "OBJECTIVE")
    String objective;

    @Parameters(index = "2", paramLabel = "N", description = "The submission number.")
    int number;

    @Option(names = "--approve", description = "Approve the submission.")
    boolean approve;

    @Option(names = "--request-changes", description = "Ask the submitter for changes.")
    boolean requestChanges;

    @Option(names = "--reject", description = "Reject the submission (final).")
    boolean reject;

    @Option(names = "--comment", description = "Only comment (the default when just -m is given).")
    boolean comment;

    @Option(
            names = {"-m", "--message"},
            paramLabel = "TEXT",
            description = "The review's text.")
    String message;

    @Option(names = "--reply-to", paramLabel = "REVIEW_ID", description = "Thread this review under another.")
    String replyTo;

    ReviewCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        String verdict = verdict();
        ReviewResponse review = client.review(project, objective, number, new ReviewRequest(verdict, message, replyTo));
        output.print(
                review,
                () -> review.author() + " " + GovernanceText.verdictVerb(review.verdict()) + " submission #" + number
                        + " of " + objective + " (review " + review.id() + ").\n");
    }

    private String verdict() {
        List<String> chosen = new ArrayList<>();
        if (approve) {
            chosen.add("approve");
        }
        if (requestChanges) {
            chosen.add("request_changes");
        }
        if (reject) {
            chosen.add("reject");
        }
        if (comment) {
            chosen.add("comment");
        }
        if (chosen.size() > 1) {
            throw usageError("Say one of --approve, --request-changes, --reject, --comment, not several");
        }
        if (chosen.isEmpty()) {
            if (message == null) {
                throw usageError("Say --approve, --request-changes, --reject, or --comment -m TEXT");
            }
            return "comment";
        }
        if (chosen.get(0).equals("comment") && (message == null || message.isBlank())) {
            throw usageError("A comment needs its text: -m TEXT");
        }
        return chosen.get(0);
    }
}
