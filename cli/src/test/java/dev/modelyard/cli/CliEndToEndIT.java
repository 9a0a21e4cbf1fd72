package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry story typed at the command line, run in this JVM against the real server. */
class CliEndToEndIT {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @TempDir
    Path adminConfig;

    @TempDir
    Path aliceConfig;

    @Test
    void adminSetsUpAProjectAndAliceRegistersVersionsFromTheCommandLine() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            String url = server.baseUri().toString();
            CliRunner admin = new CliRunner(adminConfig);
            CliRunner alice = new CliRunner(aliceConfig);

            CliRunner.Result adminLogin = admin.run("login", "--url", url, "--token", server.adminToken());
            assertSucceeded(adminLogin);
            assertThat(adminLogin.out()).contains("as admin (admin)");
            assertThat(admin.run("whoami").out()).contains("admin");

            CliRunner.Result createdUser =
                    admin.run("users", "create", "alice", "--display-name", "Alice", "--output", "json");
            assertSucceeded(createdUser);
            JsonNode createdUserJson = json.readTree(createdUser.out());
            assertThat(createdUserJson.path("user").path("name").asText()).isEqualTo("alice");
            String aliceToken = createdUserJson.path("secret").asText();
            assertThat(aliceToken).isNotBlank();
            assertThat(admin.run("users", "list").out()).contains("alice").contains("Alice");

            assertThat(assertSucceeded(admin.run("projects", "create", "fraud", "--description", "Fraud models"))
                            .out())
                    .contains("Created project fraud");
            assertThat(assertSucceeded(admin.run("projects", "members", "add", "fraud", "alice", "--role", "editor"))
                            .out())
                    .contains("Added alice to fraud as editor");
            assertThat(admin.run("projects", "members", "list", "fraud").out())
                    .containsPattern("alice\\s+editor")
                    .containsPattern("admin\\s+owner");

            assertSucceeded(alice.run("login", "--url", url, "--token", aliceToken));
            assertThat(alice.run("projects", "list").out()).containsPattern("fraud\\s+Fraud models");
            assertThat(assertSucceeded(alice.run("models", "create", "fraud", "wine", "--description", "Wine"))
                            .out())
                    .contains("Created model wine");

            Path wineModel = EmbeddedServer.fixture("wine_mlp.onnx", work);
            Path regressionModel = EmbeddedServer.fixture("synth_regression_linear.onnx", work);
            CliRunner.Result firstUpload = alice.run("models", "upload", "fraud", "wine", wineModel.toString());
            assertSucceeded(firstUpload);
            assertThat(firstUpload.out()).contains("as version 1 of fraud/wine");
            assertThat(firstUpload.err()).doesNotContain("Uploading");
            CliRunner.Result secondUpload =
                    alice.run("models", "upload", "fraud", "wine", regressionModel.toString(), "--output", "json");
            assertSucceeded(secondUpload);
            assertThat(json.readTree(secondUpload.out()).path("number").asInt()).isEqualTo(2);

            CliRunner.Result versionOne = alice.run("models", "version", "fraud", "wine", "1");
            assertSucceeded(versionOne);
            assertThat(versionOne.out())
                    .contains("Version:")
                    .containsPattern("input\\s+FP32\\s+\\[-1, 13\\]")
                    .containsPattern("probabilities\\s+FP32\\s+\\[-1, 3\\]");

            assertThat(alice.run("models", "versions", "fraud", "wine").out())
                    .containsPattern("(?m)^1\\s+onnx")
                    .containsPattern("(?m)^2\\s+onnx");
            JsonNode versionsJson = json.readTree(alice.run("models", "versions", "fraud", "wine", "--output", "json")
                    .out());
            assertThat(versionsJson.path("versions").findValuesAsText("number")).containsExactlyInAnyOrder("1", "2");

            Path downloaded = work.resolve("wine-v1.onnx");
            CliRunner.Result download =
                    alice.run("models", "download", "fraud", "wine", "1", "-o", downloaded.toString());
            assertSucceeded(download);
            assertThat(downloaded).hasSameBinaryContentAs(wineModel);

            CliRunner.Result audit = admin.run("audit", "fraud");
            assertSucceeded(audit);
            assertThat(audit.out())
                    .containsPattern("admin\\s+project\\.create")
                    .containsPattern("admin\\s+member\\.add")
                    .containsPattern("alice\\s+model\\.create")
                    .containsPattern("alice\\s+model_version\\.create");
            JsonNode auditJson = json.readTree(
                    admin.run("--output", "json", "audit", "--instance").out());
            assertThat(auditJson.path("events").findValuesAsText("action"))
                    .contains("project.create", "member.add", "model.create", "model_version.create");

            JsonNode ciToken = json.readTree(assertSucceeded(alice.run("tokens", "create", "ci", "--output", "json"))
                    .out());
            String ciTokenId = ciToken.path("token").path("id").asText();
            assertThat(ciToken.path("secret").asText()).isNotBlank();
            assertThat(alice.run("whoami", "--token", ciToken.path("secret").asText())
                            .out())
                    .contains("alice");
            assertThat(alice.run("tokens", "list").out()).containsPattern(ciTokenId + "\\s+ci\\s+.*active");
            assertSucceeded(alice.run("tokens", "revoke", ciTokenId));
            assertThat(alice.run("tokens", "list").out()).containsPattern(ciTokenId + "\\s+ci\\s+.*revoked");
            CliRunner.Result revokedToken =
                    alice.run("whoami", "--token", ciToken.path("secret").asText());
            assertThat(revokedToken.exitCode()).isEqualTo(1);
            assertThat(revokedToken.err()).endsWith("(UNAUTHENTICATED)\n");
            assertThat(admin.run("users", "show", "alice").out()).containsPattern("Display name:\\s+Alice");

            CliRunner.Result missing = alice.run("projects", "show", "ghost");
            assertThat(missing.exitCode()).isEqualTo(1);
            assertThat(missing.err()).startsWith("error: ").endsWith("(PROJECT_NOT_FOUND)\n");
        }
    }

    @Test
    void largeUploadsShowAProgressBarOnStderrButNeverWithJsonOutput() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            CliRunner admin = new CliRunner(adminConfig);
            assertSucceeded(admin.run("login", "--url", server.baseUri().toString(), "--token", server.adminToken()));
            assertSucceeded(admin.run("projects", "create", "big"));
            assertSucceeded(admin.run("models", "create", "big", "blob"));
            byte[] notAModel = new byte[3 * 1024 * 1024];
            new Random(42).nextBytes(notAModel);
            Path file = Files.write(work.resolve("large.onnx"), notAModel);

            CliRunner.Result table = admin.run("models", "upload", "big", "blob", file.toString());
            CliRunner.Result scripted =
                    admin.run("models", "upload", "big", "blob", file.toString(), "--output", "json");

            assertThat(table.err()).contains("Uploading large.onnx");
            assertThat(scripted.err()).doesNotContain("Uploading");
            assertThat(table.exitCode()).as("random bytes are not a model").isEqualTo(1);
            assertThat(table.err()).containsPattern("error: .+ \\([A-Z_]+\\)");
        }
    }

    private static CliRunner.Result assertSucceeded(CliRunner.Result result) {
        assertThat(result.exitCode())
                .as("exit code; stdout: %s; stderr: %s", result.out(), result.err())
                .isZero();
        return result;
    }
}
