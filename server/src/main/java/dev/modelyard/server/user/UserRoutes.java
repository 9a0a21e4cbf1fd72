package dev.modelyard.server.user;

import static dev.modelyard.server.http.ApiCall.required;

import dev.modelyard.api.CreateTokenRequest;
import dev.modelyard.api.CreateTokenResponse;
import dev.modelyard.api.CreateUserRequest;
import dev.modelyard.api.CreateUserResponse;
import dev.modelyard.api.ListTokensResponse;
import dev.modelyard.api.ListUsersResponse;
import dev.modelyard.core.Page;
import dev.modelyard.core.user.User;
import dev.modelyard.core.user.UserService;
import dev.modelyard.core.user.UserService.CreatedToken;
import dev.modelyard.core.user.UserService.CreatedUser;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.WireMapping;
import io.vertx.core.http.HttpMethod;
import java.util.Optional;

/** Users and personal API tokens under {@code /api/v1/users} and {@code /api/v1/tokens}. */
public final class UserRoutes {
    private final UserService users;

    public UserRoutes(UserService users) {
        this.users = users;
    }

    public void register(Endpoints endpoints) {
        endpoints.json(
                HttpMethod.GET,
                "/api/v1/users/me",
                200,
                call -> WireMapping.user(call.principal().user()));
        endpoints.json(HttpMethod.GET, "/api/v1/users", 200, call -> {
            Page<User> page = users.listUsers(call.principal(), call.page());
            return new ListUsersResponse(
                    page.items().stream().map(WireMapping::user).toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(HttpMethod.POST, "/api/v1/users", 201, call -> {
            CreateUserRequest request = call.body(CreateUserRequest.class);
            CreatedUser created = users.createUser(
                    call.principal(),
                    required(request.name(), "name"),
                    request.displayName(),
                    Boolean.TRUE.equals(request.admin()));
            return new CreateUserResponse(
                    WireMapping.user(created.user()), WireMapping.token(created.token()), created.secret());
        });
        endpoints.json(
                HttpMethod.GET,
                "/api/v1/users/{user}",
                200,
                call -> WireMapping.user(users.getUser(call.principal(), call.path("user"))));

        endpoints.json(
                HttpMethod.GET,
                "/api/v1/tokens",
                200,
                call -> new ListTokensResponse(users.listTokens(call.principal()).stream()
                        .map(WireMapping::token)
                        .toList()));
        endpoints.json(HttpMethod.POST, "/api/v1/tokens", 201, call -> {
            CreateTokenRequest request = call.body(CreateTokenRequest.class);
            CreatedToken created = users.createToken(
                    call.principal(), required(request.name(), "name"), Optional.ofNullable(request.expiresAt()));
            return new CreateTokenResponse(WireMapping.token(created.token()), created.secret());
        });
        endpoints.json(
                HttpMethod.DELETE,
                "/api/v1/tokens/{token_id}",
                200,
                call -> WireMapping.token(users.revokeToken(call.principal(), call.path("token_id"))));
    }
}
