package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.client.MemberRole;
import dev.modelyard.client.ModelyardApiException;
import dev.modelyard.client.ModelyardClient;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** What the governance end-to-end tests share: members, the churn objective, refusals. */
final class GovernanceFixtures {
    private GovernanceFixtures() {}

    /** Creates {@code user}, makes them a member of {@code project} with {@code role}, returns their client. */
    static ModelyardClient member(
            EmbeddedServer server, ModelyardClient admin, String project, String user, MemberRole role) {
        String token = admin.createUser(user, Optional.empty(), false).secret();
        admin.putMember(project, user, role);
        return server.clientFor(token);
    }

    /**
     * A binary classification objective ranked by roc_auc then accuracy, with a required {@code
     * framework} field (onnx or xgboost), an optional {@code notes} text field, one approval needed
     * (block) and a roc_auc threshold (warn). Tags left to the defaults.
     */
    static CreateObjectiveRequest churnObjective(String name) {
        return new CreateObjectiveRequest(
                name,
                "Which customers leave next month",
                "binary_classification",
                "churned",
                List.of(new MetricSpec("roc_auc", null, null), new MetricSpec("accuracy", null, null)),
                null,
                null,
                List.of(
                        new MetadataFieldSpec(
                                "framework", "enum", true, "How it was trained", List.of("onnx", "xgboost")),
                        new MetadataFieldSpec("notes", "string", false, null, null)),
                List.of(
                        new ReleaseCheckSpec("min_approvals", "block", 1, null, null, null),
                        new ReleaseCheckSpec("primary_metric_at_least", "warn", null, 0.8, null, null)),
                null);
    }

    /** Runs {@code call}, asserts the server refused it with {@code status} and {@code code}, returns the error. */
    static ModelyardApiException refused(ThrowingCallable call, int status, String code) {
        ModelyardApiException error = catchThrowableOfType(ModelyardApiException.class, call);
        assertThat(error)
                .as("expected the server to refuse with %s %s", status, code)
                .isNotNull();
        assertThat(error.httpStatus()).as("HTTP status of %s", error).isEqualTo(status);
        assertThat(error.code()).as("error code of %s", error).isEqualTo(code);
        return error;
    }

    static CliRunner.Result assertSucceeded(CliRunner.Result result) {
        assertThat(result.exitCode())
                .as("exit code; stdout: %s; stderr: %s", result.out(), result.err())
                .isZero();
        return result;
    }

    /** Asserts the command exited 1 with the server's {@code code} on stderr. */
    static CliRunner.Result assertRefused(CliRunner.Result result, String code) {
        assertThat(result.exitCode())
                .as("exit code; stdout: %s; stderr: %s", result.out(), result.err())
                .isEqualTo(1);
        assertThat(result.err()).startsWith("error: ").contains("(" + code + ")");
        return result;
    }
}
