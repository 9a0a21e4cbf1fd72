package dev.modelyard.cli;

import dev.modelyard.api.AuditEventResponse;
import dev.modelyard.api.ListAuditEventsResponse;
import dev.modelyard.client.AuditQuery;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard audit PROJECT} or {@code modelyard audit --instance}: who did what, newest first. */
@Command(
        name = "audit",
        description = {
            "Show the audit trail of a project, or of the whole instance (--instance, administrators only),"
                    + " newest first."
        })
final class AuditCommand extends ApiCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "PROJECT")
    String project;

    @Option(names = "--instance", description = "Every project's events and the instance's (administrators).")
    boolean instance;

    @Option(
            names = "--from",
            paramLabel = "INSTANT",
            description = "Only events at or after, e.g. 2025-01-01T00:00:00Z.")
    Instant from;

    @Option(names = "--to", paramLabel = "INSTANT", description = "Only events before.")
    Instant to;

    @Option(
            names = "--resource-type",
            paramLabel = "TYPE",
            description = "Only one kind: project, model, model_version, …")
    String resourceType;

    @Option(
            names = "--max-results",
            paramLabel = "N",
            defaultValue = "100",
            description = "Page size (default ${DEFAULT-VALUE}).")
    int maxResults;

    @Option(names = "--page-token", paramLabel = "TOKEN", description = "Continue where the last page ended.")
    String pageToken;

    AuditCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Output output) {
        if (instance == (project != null)) {
            throw usageError("Say either PROJECT or --instance");
        }
        if (maxResults < 1) {
            throw usageError("--max-results must be at least 1");
        }
        AuditQuery query = AuditQuery.everything()
                .withFrom(from)
                .withTo(to)
                .withResourceType(resourceType)
                .withPage(PageOptions.firstPage().withMaxResults(maxResults).withPageToken(pageToken));
        ListAuditEventsResponse events =
                instance ? client.listInstanceAudit(query) : client.listProjectAudit(project, query);
        output.print(events, () -> {
            Table table = new Table("TIME", "ACTOR", "ACTION", "RESOURCE");
            for (AuditEventResponse event : events.events()) {
                table.addRow(
                        Formats.instant(event.at()),
                        event.actor(),
                        event.action(),
                        event.resourceType() + " "
                                + (event.resourceName() == null ? event.resourceId() : event.resourceName()));
            }
            String text = table.render();
            if (events.nextPageToken() != null && !events.nextPageToken().isEmpty()) {
                text += "More events: add --page-token " + events.nextPageToken() + "\n";
            }
            return text;
        });
    }
}
