package dev.modelyard.server.audit;

import dev.modelyard.api.ListAuditEventsResponse;
import dev.modelyard.core.Page;
import dev.modelyard.core.audit.AuditEvent;
import dev.modelyard.core.audit.AuditService;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.WireMapping;
import io.vertx.core.http.HttpMethod;

/** The audit log: {@code /api/v1/projects/{project}/audit} and the instance-wide {@code /api/v1/audit}. */
public final class AuditRoutes {
    private final AuditService audit;

    public AuditRoutes(AuditService audit) {
        this.audit = audit;
    }

    public void register(Endpoints endpoints) {
        endpoints.json(
                HttpMethod.GET,
                "/api/v1/projects/{project}/audit",
                200,
                call -> response(audit.listProjectEvents(
                        call.principal(),
                        call.path("project"),
                        call.instantQuery("from"),
                        call.instantQuery("to"),
                        call.query("resource_type"),
                        call.page())));
        endpoints.json(
                HttpMethod.GET,
                "/api/v1/audit",
                200,
                call -> response(audit.listInstanceEvents(
                        call.principal(),
                        call.instantQuery("from"),
                        call.instantQuery("to"),
                        call.query("resource_type"),
                        call.page())));
    }

    private static ListAuditEventsResponse response(Page<AuditEvent> page) {
        return new ListAuditEventsResponse(
                page.items().stream().map(WireMapping::auditEvent).toList(),
                page.nextPageToken().orElse(null));
    }
}
