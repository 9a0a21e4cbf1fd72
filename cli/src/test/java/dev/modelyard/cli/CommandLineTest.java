package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line against a canned server: exit codes, error lines, login handling, output. */
class CommandLineTest {
    private static final String ALICE =
            """
            {"id":"u1","name":"alice","display_name":"Alice","admin":false,"created_at":"2025-01-02T03:04:05Z"}""";
    private static final String PROJECTS =
            """
            {"projects":[{"id":"p1","name":"fraud","description":"Fraud models","created_by":"alice",
                          "created_at":"2025-01-02T03:04:05.123Z"},
                         {"id":"p2","name":"churn-prediction","created_by":"bob",
                          "created_at":"2025-02-03T04:05:06Z"}]}""";

    @TempDir
    Path configDirectory;

    private TestingApiServer server;
    private CliRunner cli;

    @BeforeEach
    void start() throws IOException {
        server = new TestingApiServer();
        cli = new CliRunner(configDirectory);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void withoutACommandPrintsUsageAndExitsWith2() {
        CliRunner.Result result = cli.run();

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Usage: modelyard").contains("projects");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        CliRunner.Result result = cli.run("projects", "list", "--colour");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("Unknown option: '--colour'");
    }

    @Test
    void saysHowToLogInWhenThereIsNoLogin() {
        CliRunner.Result result = cli.run("projects", "list");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: not logged in").contains("modelyard login");
    }

    @Test
    void loginChecksTheTokenSavesItAndLaterCommandsUseIt() {
        server.answer("GET", "/api/v1/users/me", 200, ALICE);
        server.answer("GET", "/api/v1/projects", 200, PROJECTS);

        CliRunner.Result login = cli.run("login", "--url", server.baseUri().toString(), "--token", "alice-token");
        CliRunner.Result list = cli.run("projects", "list");

        assertThat(login.exitCode()).isEqualTo(0);
        assertThat(login.out()).contains("Logged in to " + server.baseUri() + " as alice");
        assertThat(cli.configFile()).exists();
        assertThat(list.exitCode()).isEqualTo(0);
        assertThat(list.out())
                .isEqualTo(
                        """
                        NAME              DESCRIPTION   CREATED BY  CREATED AT
                        fraud             Fraud models  alice       2025-01-02T03:04:05Z
                        churn-prediction  -             bob         2025-02-03T04:05:06Z
                        """);
        assertThat(server.authorizations()).containsOnly("Bearer alice-token");
    }

    @Test
    void loginWithARejectedTokenSavesNothingAndExitsWith1() {
        server.answer(
                "GET",
                "/api/v1/users/me",
                401,
                """
                {"error":{"code":"UNAUTHENTICATED","message":"the token is not valid"}}""");

        CliRunner.Result login = cli.run("login", "--url", server.baseUri().toString(), "--token", "wrong");

        assertThat(login.exitCode()).isEqualTo(1);
        assertThat(login.err()).isEqualTo("error: the token is not valid (UNAUTHENTICATED)\n");
        assertThat(cli.configFile()).doesNotExist();
    }

    @Test
    void printsTheServersErrorMessageAndCodeAndExitsWith1() {
        server.answer(
                "GET",
                "/api/v1/projects/ghost",
                404,
                """
                {"error":{"code":"PROJECT_NOT_FOUND","message":"project 'ghost' does not exist","details":{}}}""");

        CliRunner.Result result =
                cli.run("projects", "show", "ghost", "--url", server.baseUri().toString(), "--token", "t");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).isEqualTo("error: project 'ghost' does not exist (PROJECT_NOT_FOUND)\n");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void jsonOutputIsTheApiResponseForScripts() throws IOException {
        server.answer("GET", "/api/v1/projects", 200, PROJECTS);

        CliRunner.Result result = cli.run(
                "--output",
                "json",
                "projects",
                "list",
                "--url",
                server.baseUri().toString(),
                "--token",
                "t");

        assertThat(result.exitCode()).isEqualTo(0);
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertThat(json.path("projects").findValuesAsText("name")).containsExactly("fraud", "churn-prediction");
        assertThat(json.path("projects").get(0).path("created_by").asText()).isEqualTo("alice");
    }

    @Test
    void environmentVariablesStandInForTheLogin() {
        server.answer("GET", "/api/v1/users/me", 200, ALICE);
        CliRunner withEnvironment = new CliRunner(
                configDirectory,
                Map.of("MODELYARD_URL", server.baseUri().toString(), "MODELYARD_TOKEN", "from-environment"));

        CliRunner.Result result = withEnvironment.run("whoami");

        assertThat(result.exitCode()).isEqualTo(0);
        assertThat(result.out())
                .contains("User:")
                .contains("alice")
                .contains("Admin:")
                .contains("no");
        assertThat(server.authorizations()).containsExactly("Bearer from-environment");
    }

    @Test
    void neverSendsTheSavedTokenToAnotherServer() {
        server.answer("GET", "/api/v1/users/me", 200, ALICE);
        cli.run("login", "--url", server.baseUri().toString(), "--token", "saved-secret");

        CliRunner.Result result = cli.run("whoami", "--url", "http://other.example:8080");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("no token for http://other.example:8080");
    }

    @Test
    void logoutForgetsTheLogin() {
        server.answer("GET", "/api/v1/users/me", 200, ALICE);
        cli.run("login", "--url", server.baseUri().toString(), "--token", "t");

        CliRunner.Result logout = cli.run("logout");
        CliRunner.Result whoami = cli.run("whoami");

        assertThat(logout.out()).startsWith("Logged out");
        assertThat(cli.configFile()).doesNotExist();
        assertThat(whoami.exitCode()).isEqualTo(2);
    }

    @Test
    void anUnreachableServerIsReportedWithItsUrl() {
        server.close();

        CliRunner.Result result = cli.run("whoami", "--url", server.baseUri().toString(), "--token", "t");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("error: cannot reach Modelyard at " + server.baseUri());
    }

    @Test
    void anUnknownRoleIsAUsageError() {
        CliRunner.Result result = cli.run(
                "projects",
                "members",
                "add",
                "fraud",
                "alice",
                "--role",
                "boss",
                "--url",
                "http://x:1",
                "--token",
                "t");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).contains("role 'boss' is not one of [viewer, editor, owner]");
    }

    @Test
    void anUnknownServerSettingIsAUsageErrorNamingTheKey() {
        CliRunner.Result result = cli.run("server", "--set", "server.colour=blue");

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.err()).startsWith("error: ").contains("server.colour");
    }
}
