package dev.modelyard.cli;

import static dev.modelyard.cli.GovernanceFixtures.assertRefused;
import static dev.modelyard.cli.GovernanceFixtures.assertSucceeded;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The governance story typed at the command line, in this JVM, against the real server. */
class GovernanceCliIT {
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void aModelGoesFromSubmissionThroughReviewToATaggedReleaseAtTheCommandLine() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            String url = server.baseUri().toString();
            CliRunner admin = login(url, "admin", server.adminToken());
            assertSucceeded(admin.run("projects", "create", "churn"));
            CliRunner alice = member(url, admin, "alice", "editor");
            CliRunner bob = member(url, admin, "bob", "editor");
            CliRunner olivia = member(url, admin, "olivia", "owner");

            Path model = EmbeddedServer.fixture("wine_mlp.onnx", work);
            assertSucceeded(alice.run("models", "create", "churn", "wine"));
            assertSucceeded(alice.run("models", "upload", "churn", "wine", model.toString()));
            assertSucceeded(alice.run("models", "upload", "churn", "wine", model.toString()));

            CliRunner.Result created = assertSucceeded(olivia.run(
                    "objectives",
                    "create",
                    "churn",
                    "churn",
                    "--task-type",
                    "binary_classification",
                    "--label-column",
                    "churned",
                    "--metric",
                    "roc_auc",
                    "--metric",
                    "accuracy",
                    "--field",
                    "framework:enum:required:onnx,xgboost",
                    "--field",
                    "notes:string",
                    "--check",
                    "min_approvals=1:block",
                    "--check",
                    "primary_metric_at_least=0.8:warn",
                    "--description",
                    "Which customers leave next month"));
            assertThat(created.out())
                    .contains("Created objective churn")
                    .contains("roc_auc (maximize, primary)")
                    .contains("Staging, Production (protected)");
            assertThat(assertSucceeded(alice.run("objectives", "list", "churn")).out())
                    .containsPattern("churn\\s+binary_classification\\s+roc_auc");

            // metadata must fit
            CliRunner.Result missing = assertRefused(
                    alice.run("submit", "churn", "churn", "wine", "1", "--meta", "notes=no framework"),
                    "INVALID_METADATA");
            assertThat(missing.err()).contains("framework");
            assertThat(assertSucceeded(alice.run(
                                    "submit", "churn", "churn", "wine", "1", "--meta", "framework=onnx", "-m", "first"))
                            .out())
                    .isEqualTo("Submitted wine version 1 to objective churn as submission #1 (open).\n");

            // no self-approval; bob approves
            assertRefused(alice.run("review", "churn", "churn", "1", "--approve"), "PERMISSION_DENIED");
            JsonNode question = json.readTree(assertSucceeded(bob.run(
                            "review", "churn", "churn", "1", "--comment", "-m", "Calibrated?", "--output", "json"))
                    .out());
            assertSucceeded(alice.run(
                    "review",
                    "churn",
                    "churn",
                    "1",
                    "-m",
                    "Yes",
                    "--reply-to",
                    question.path("id").asText()));
            assertThat(assertSucceeded(bob.run("review", "churn", "churn", "1", "--approve", "-m", "LGTM"))
                            .out())
                    .startsWith("bob approved submission #1 of churn (review ");
            CliRunner.Result shown = assertSucceeded(alice.run("submissions", "show", "churn", "churn", "1"));
            assertThat(shown.out())
                    .containsPattern("Status:\\s+approved")
                    .containsPattern("framework:\\s+onnx")
                    .containsPattern("(?s)  \\S+  bob  commented .*\\n    Calibrated\\?\\n    \\S+  alice  commented");

            // release 1.0.0 to Staging: the warn check is visible
            CliRunner.Result first = assertSucceeded(
                    alice.run("release", "churn", "churn", "1", "1.0.0", "--tag", "Staging", "--note", "First"));
            assertThat(first.out())
                    .startsWith("Released churn 1.0.0 from submission #1 (wine version 1), tagged Staging.")
                    .containsPattern("min_approvals\\s+block\\s+passed");
            assertThat(first.err()).contains("warning: release check primary_metric_at_least (warn) not_evaluable");

            // a second submission, released to Staging and Production: only the owner may
            assertSucceeded(alice.run("submit", "churn", "churn", "wine", "2", "--meta", "framework=xgboost"));
            assertSucceeded(bob.run("review", "churn", "churn", "2", "--approve"));
            assertRefused(
                    alice.run("release", "churn", "churn", "2", "1.1.0", "--tag", "Staging", "--tag", "Production"),
                    "PERMISSION_DENIED");
            assertSucceeded(
                    olivia.run("release", "churn", "churn", "2", "1.1.0", "--tag", "Staging", "--tag", "Production"));
            Thread.sleep(20);
            String whileOnNewRelease = Instant.now().toString();
            Thread.sleep(20);

            // Production back to 1.0.0: the owner may, an editor may not
            assertThat(assertSucceeded(olivia.run("tag", "churn", "churn", "Production", "1.0.0"))
                            .out())
                    .isEqualTo("Tag Production of churn is now on release 1.0.0 (protected tag).\n");
            assertRefused(alice.run("tag", "churn", "churn", "Production", "1.0.0"), "PERMISSION_DENIED");
            assertRefused(alice.run("tags", "set", "churn", "churn", "Production", "1.1.0"), "PERMISSION_DENIED");

            assertThat(assertSucceeded(alice.run("tags", "history", "churn", "churn", "Production"))
                            .out())
                    .containsPattern(
                            "(?s)olivia\\s+1\\.1\\.0\\s+put on 1\\.1\\.0\\n.*olivia\\s+1\\.0\\.0\\s+put on 1\\.0\\.0"
                                    + " \\(was on 1\\.1\\.0\\)\\n$");
            assertThat(assertSucceeded(alice.run("tags", "history", "churn", "churn", "Staging"))
                            .out())
                    .containsPattern(
                            "(?s)alice\\s+1\\.0\\.0\\s+put on 1\\.0\\.0\\n.*olivia\\s+1\\.1\\.0\\s+put on 1\\.1\\.0"
                                    + " \\(was on 1\\.0\\.0\\)\\n$");
            assertThat(assertSucceeded(alice.run("objectives", "show", "churn", "churn"))
                            .out())
                    .containsPattern("Staging\\s+no\\s+1\\.1\\.0")
                    .containsPattern("Production\\s+yes\\s+1\\.0\\.0")
                    .containsPattern("framework\\s+enum\\s+yes\\s+onnx, xgboost");
            assertThat(assertSucceeded(alice.run("tags", "list", "churn", "churn"))
                            .out())
                    .containsPattern("Production\\s+yes\\s+1\\.0\\.0");
            assertThat(assertSucceeded(alice.run(
                                    "tags", "resolve", "churn", "churn", "Production", "--as-of", whileOnNewRelease))
                            .out())
                    .contains(": release 1.1.0");
            assertThat(assertSucceeded(alice.run("tags", "resolve", "churn", "churn", "Production"))
                            .out())
                    .contains(": release 1.0.0");

            // listings for comparison and scripts
            assertThat(assertSucceeded(alice.run("submissions", "list", "churn", "churn"))
                            .out())
                    .containsPattern("FRAMEWORK\\s+NOTES")
                    .containsPattern("1\\s+wine\\s+1\\s+approved\\s+1\\s+1\\.0\\.0\\s+alice.*onnx")
                    .containsPattern("2\\s+wine\\s+2\\s+approved\\s+1\\s+1\\.1\\.0\\s+alice.*xgboost");
            JsonNode onlyXgboost = json.readTree(assertSucceeded(alice.run(
                            "submissions",
                            "list",
                            "churn",
                            "churn",
                            "--where",
                            "framework=xgboost",
                            "--output",
                            "json"))
                    .out());
            assertThat(onlyXgboost.path("submissions").findValuesAsText("number"))
                    .containsExactly("2");
            assertThat(assertSucceeded(alice.run("releases", "list", "churn", "churn"))
                            .out())
                    .containsPattern("(?s)1\\.1\\.0\\s+#2.*\\n1\\.0\\.0\\s+#1");
            assertSucceeded(olivia.run("releases", "deprecate", "churn", "churn", "1.1.0", "--reason", "drift"));
            assertThat(assertSucceeded(alice.run("releases", "show", "churn", "churn", "1.1.0"))
                            .out())
                    .containsPattern("Deprecated:\\s+yes.*: drift");
            assertRefused(alice.run("models", "delete", "churn", "wine"), "CONFLICT");

            // bundles round-trip through the CLI too
            Path bundle = work.resolve("churn-1.0.0.zip");
            assertSucceeded(alice.run("bundle", "export", "churn", "churn", "1.0.0", "-o", bundle.toString()));
            assertThat(Files.size(bundle)).isGreaterThan(Files.size(model));
            assertSucceeded(admin.run("projects", "create", "archive"));
            assertThat(assertSucceeded(admin.run("bundle", "import", "archive", bundle.toString()))
                            .out())
                    .startsWith("Imported release 1.0.0 of objective churn into project archive");
        }
    }

    private CliRunner login(String url, String user, String token) throws Exception {
        Path config = Files.createDirectories(work.resolve("config-" + user));
        CliRunner cli = new CliRunner(config);
        assertSucceeded(cli.run("login", "--url", url, "--token", token));
        return cli;
    }

    private CliRunner member(String url, CliRunner admin, String user, String role) throws Exception {
        JsonNode created = json.readTree(assertSucceeded(admin.run("users", "create", user, "--output", "json"))
                .out());
        assertSucceeded(admin.run("projects", "members", "add", "churn", user, "--role", role));
        return login(url, user, created.path("secret").asText());
    }
}
