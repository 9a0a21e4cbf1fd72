package dev.modelyard.server.project;

import static dev.modelyard.server.http.ApiCall.required;

import dev.modelyard.api.CreateProjectRequest;
import dev.modelyard.api.ListMembersResponse;
import dev.modelyard.api.ListProjectsResponse;
import dev.modelyard.api.PutMemberRequest;
import dev.modelyard.api.UpdateProjectRequest;
import dev.modelyard.core.Page;
import dev.modelyard.core.project.Project;
import dev.modelyard.core.project.ProjectService;
import dev.modelyard.core.project.Role;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.WireMapping;
import io.vertx.core.http.HttpMethod;

/** Projects and members under {@code /api/v1/projects}. */
public final class ProjectRoutes {
    private final ProjectService projects;

    public ProjectRoutes(ProjectService projects) {
        this.projects = projects;
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, "/api/v1/projects", 201, call -> {
            CreateProjectRequest request = call.body(CreateProjectRequest.class);
            return WireMapping.project(
                    projects.create(call.principal(), required(request.name(), "name"), request.description()));
        });
        endpoints.json(HttpMethod.GET, "/api/v1/projects", 200, call -> {
            Page<Project> page = projects.list(call.principal(), call.page());
            return new ListProjectsResponse(
                    page.items().stream().map(WireMapping::project).toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(
                HttpMethod.GET,
                "/api/v1/projects/{project}",
                200,
                call -> WireMapping.project(projects.get(call.principal(), call.path("project"))));
        endpoints.json(HttpMethod.PATCH, "/api/v1/projects/{project}", 200, call -> {
            UpdateProjectRequest request = call.body(UpdateProjectRequest.class);
            return WireMapping.project(projects.updateDescription(
                    call.principal(), call.path("project"), required(request.description(), "description")));
        });
        endpoints.json(HttpMethod.DELETE, "/api/v1/projects/{project}", 204, call -> {
            projects.delete(call.principal(), call.path("project"));
            return null;
        });

        endpoints.json(
                HttpMethod.GET,
                "/api/v1/projects/{project}/members",
                200,
                call -> new ListMembersResponse(projects.listMembers(call.principal(), call.path("project")).stream()
                        .map(WireMapping::member)
                        .toList()));
        endpoints.json(HttpMethod.PUT, "/api/v1/projects/{project}/members/{user}", 200, call -> {
            PutMemberRequest request = call.body(PutMemberRequest.class);
            Role role = Role.fromId(required(request.role(), "role"));
            return WireMapping.member(
                    projects.putMember(call.principal(), call.path("project"), call.path("user"), role));
        });
        endpoints.json(HttpMethod.DELETE, "/api/v1/projects/{project}/members/{user}", 204, call -> {
            projects.removeMember(call.principal(), call.path("project"), call.path("user"));
            return null;
        });
    }
}
