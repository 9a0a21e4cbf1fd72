package dev.modelyard.core.tx;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.audit.AuditStore;
import dev.modelyard.core.dataset.DatasetStore;
import dev.modelyard.core.deployment.DeploymentStore;
import dev.modelyard.core.evaluation.EvaluationStore;
import dev.modelyard.core.history.HistoryStore;
import dev.modelyard.core.model.ModelStore;
import dev.modelyard.core.monitoring.monitor.MonitorStore;
import dev.modelyard.core.objective.ObjectiveStore;
import dev.modelyard.core.project.ProjectStore;
import dev.modelyard.core.release.ReleaseStore;
import dev.modelyard.core.submission.SubmissionStore;
import dev.modelyard.core.user.UserStore;

/** Every store, bound to one transaction. */
public record Stores(
        UserStore users,
        ProjectStore projects,
        ModelStore models,
        AuditStore audit,
        ObjectiveStore objectives,
        SubmissionStore submissions,
        ReleaseStore releases,
        DeploymentStore deployments,
        DatasetStore datasets,
        EvaluationStore evaluations,
        HistoryStore histories,
        MonitorStore monitors) {
    public Stores {
        requireNonNull(users, "users is null");
        requireNonNull(projects, "projects is null");
        requireNonNull(models, "models is null");
        requireNonNull(audit, "audit is null");
        requireNonNull(objectives, "objectives is null");
        requireNonNull(submissions, "submissions is null");
        requireNonNull(releases, "releases is null");
        requireNonNull(deployments, "deployments is null");
        requireNonNull(datasets, "datasets is null");
        requireNonNull(evaluations, "evaluations is null");
        requireNonNull(histories, "histories is null");
        requireNonNull(monitors, "monitors is null");
    }
}
