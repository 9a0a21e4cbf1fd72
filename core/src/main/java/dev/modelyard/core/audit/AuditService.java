package dev.modelyard.core.audit;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectAccess;
import dev.modelyard.core.project.Role;
import dev.modelyard.core.tx.Transactions;
import dev.modelyard.core.user.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the audit log: a project's to its viewers, the whole instance's to administrators. */
public final class AuditService {
    private final Transactions transactions;
    private final ProjectAccess access;

    public AuditService(Transactions transactions, ProjectAccess access) {
        this.transactions = requireNonNull(transactions, "transactions is null");
        this.access = requireNonNull(access, "access is null");
    }

    public Page<AuditEvent> listProjectEvents(
            Principal principal,
            String projectName,
            Optional<Instant> from,
            Optional<Instant> to,
            Optional<String> resourceType,
            PageRequest page) {
        List<AuditEvent> rows = transactions.read(stores -> {
            Project project = access.require(stores, principal, projectName, Role.VIEWER);
            return stores.audit().list(new AuditQuery(Optional.of(project.id()), from, to, resourceType, page));
        });
        return Page.fromOverfetch(rows, page, AuditEvent::sortKey);
    }

    public Page<AuditEvent> listInstanceEvents(
            Principal principal,
            Optional<Instant> from,
            Optional<Instant> to,
            Optional<String> resourceType,
            PageRequest page) {
        if (!principal.admin()) {
            throw new ModelyardException(
                    ErrorCode.PERMISSION_DENIED,
                    "only administrators may read the instance-wide audit log; read a project's at"
                            + " /api/v1/projects/{project}/audit",
                    Map.of());
        }
        List<AuditEvent> rows = transactions.read(
                stores -> stores.audit().list(new AuditQuery(Optional.empty(), from, to, resourceType, page)));
        return Page.fromOverfetch(rows, page, AuditEvent::sortKey);
    }
}
