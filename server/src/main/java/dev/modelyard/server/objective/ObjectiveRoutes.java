package dev.modelyard.server.objective;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.ListObjectivesResponse;
import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.api.UpdateObjectiveRequest;
import dev.modelyard.core.Page;
import dev.modelyard.core.objective.MetadataField;
import dev.modelyard.core.objective.MetricDirection;
import dev.modelyard.core.objective.Objective;
import dev.modelyard.core.objective.ObjectiveDefinition;
import dev.modelyard.core.objective.ObjectiveDefinition.MetricRequest;
import dev.modelyard.core.objective.ObjectiveService;
import dev.modelyard.core.objective.ReleaseCheck;
import dev.modelyard.core.objective.TaskType;
import dev.modelyard.core.release.ReleaseRef;
import dev.modelyard.core.release.ReleaseService;
import dev.modelyard.core.release.TagState;
import dev.modelyard.core.user.Principal;
import dev.modelyard.server.evaluation.EvaluationWireMapping;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.WireMapping;
import io.vertx.core.http.HttpMethod;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Objectives under {@code /api/v1/projects/{project}/objectives}. */
public final class ObjectiveRoutes {
    static final String OBJECTIVES = "/api/v1/projects/{project}/objectives";

    private final ObjectiveService objectives;
    private final ReleaseService releases;

    public ObjectiveRoutes(ObjectiveService objectives, ReleaseService releases) {
        this.objectives = requireNonNull(objectives, "objectives is null");
        this.releases = requireNonNull(releases, "releases is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, OBJECTIVES, 201, call -> {
            CreateObjectiveRequest request = call.body(CreateObjectiveRequest.class);
            ObjectiveDefinition definition = new ObjectiveDefinition(
                    Optional.ofNullable(request.description()),
                    Optional.ofNullable(request.taskType()).map(TaskType::fromId),
                    Optional.ofNullable(request.labelColumn()),
                    Optional.ofNullable(request.metrics()).map(ObjectiveRoutes::metrics),
                    Optional.ofNullable(request.tags()),
                    Optional.ofNullable(request.protectedTags()),
                    Optional.ofNullable(request.metadataFields()).map(ObjectiveRoutes::fields),
                    Optional.ofNullable(request.releaseChecks()).map(ObjectiveRoutes::checks),
                    Optional.ofNullable(request.evaluation()).map(EvaluationWireMapping::definition),
                    Optional.empty());
            String project = call.path("project");
            Objective objective =
                    objectives.create(call.principal(), project, required(request.name(), "name"), definition);
            return response(call.principal(), project, objective);
        });
        endpoints.json(HttpMethod.GET, OBJECTIVES, 200, call -> {
            String project = call.path("project");
            Page<Objective> page = objectives.list(
                    call.principal(),
                    project,
                    call.page(),
                    call.booleanQuery("include_archived").orElse(false));
            return new ListObjectivesResponse(
                    page.items().stream()
                            .map(objective -> response(call.principal(), project, objective))
                            .toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(HttpMethod.GET, OBJECTIVES + "/{objective}", 200, call -> {
            String project = call.path("project");
            return response(
                    call.principal(), project, objectives.get(call.principal(), project, call.path("objective")));
        });
        endpoints.json(HttpMethod.PATCH, OBJECTIVES + "/{objective}", 200, call -> {
            UpdateObjectiveRequest request = call.body(UpdateObjectiveRequest.class);
            ObjectiveDefinition changes = new ObjectiveDefinition(
                    Optional.ofNullable(request.description()),
                    Optional.empty(),
                    Optional.ofNullable(request.labelColumn()),
                    Optional.ofNullable(request.metrics()).map(ObjectiveRoutes::metrics),
                    Optional.ofNullable(request.tags()),
                    Optional.ofNullable(request.protectedTags()),
                    Optional.ofNullable(request.metadataFields()).map(ObjectiveRoutes::fields),
                    Optional.ofNullable(request.releaseChecks()).map(ObjectiveRoutes::checks),
                    Optional.ofNullable(request.evaluation()).map(EvaluationWireMapping::definition),
                    Optional.ofNullable(request.archived()));
            String project = call.path("project");
            return response(
                    call.principal(),
                    project,
                    objectives.update(call.principal(), project, call.path("objective"), changes));
        });
    }

    private ObjectiveResponse response(Principal principal, String project, Objective objective) {
        Map<String, String> currentTags = new LinkedHashMap<>();
        for (TagState state : releases.tags(principal, project, objective.name())) {
            state.release().map(ReleaseRef::version).ifPresent(version -> currentTags.put(state.tag(), version));
        }
        return WireMapping.objective(project, objective, currentTags);
    }

    private static List<MetricRequest> metrics(List<MetricSpec> specs) {
        return specs.stream()
                .map(spec -> new MetricRequest(
                        required(spec.name(), "metrics.name"),
                        Optional.ofNullable(spec.direction()).map(MetricDirection::fromId),
                        Optional.ofNullable(spec.primary())))
                .toList();
    }

    private static List<MetadataField> fields(List<MetadataFieldSpec> specs) {
        return specs.stream()
                .map(spec -> new MetadataField(
                        required(spec.name(), "metadata_fields.name"),
                        MetadataField.Type.fromId(required(spec.type(), "metadata_fields.type")),
                        Boolean.TRUE.equals(spec.required()),
                        spec.description(),
                        spec.allowedValues() == null ? List.of() : spec.allowedValues()))
                .toList();
    }

    private static List<ReleaseCheck> checks(List<ReleaseCheckSpec> specs) {
        return specs.stream()
                .map(spec -> new ReleaseCheck(
                        ReleaseCheck.Kind.fromId(required(spec.kind(), "release_checks.kind")),
                        ReleaseCheck.Enforcement.fromId(required(spec.enforcement(), "release_checks.enforcement")),
                        Optional.ofNullable(spec.minApprovals()),
                        Optional.ofNullable(spec.threshold()),
                        Optional.ofNullable(spec.tag()),
                        Optional.ofNullable(spec.maxRegression())))
                .toList();
    }
}
