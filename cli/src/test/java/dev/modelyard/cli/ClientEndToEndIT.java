package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.modelyard.api.AuditEventResponse;
import dev.modelyard.api.CreateUserResponse;
import dev.modelyard.api.MemberResponse;
import dev.modelyard.api.ModelResponse;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.ProjectResponse;
import dev.modelyard.api.TensorSpecResponse;
import dev.modelyard.client.AuditQuery;
import dev.modelyard.client.DownloadedArtifact;
import dev.modelyard.client.MemberRole;
import dev.modelyard.client.ModelyardApiException;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.UploadProgressListener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry story through the Java client against the real server. */
class ClientEndToEndIT {
    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void adminSetsUpAProjectAndAliceRegistersVersionsOfHerModel() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            ModelyardClient admin = server.clientFor(server.adminToken());
            assertThat(admin.health()).isEqualTo("ok");
            assertThat(admin.me().name()).isEqualTo("admin");

            CreateUserResponse created = admin.createUser("alice", Optional.of("Alice"), false);
            assertThat(created.user().name()).isEqualTo("alice");
            assertThat(created.secret()).isNotBlank();
            ModelyardClient alice = server.clientFor(created.secret());
            assertThat(alice.me().name()).isEqualTo("alice");
            assertThat(alice.me().admin()).isFalse();

            ProjectResponse project = admin.createProject("fraud", "Fraud detection models");
            assertThat(project.name()).isEqualTo("fraud");
            assertThatThrownBy(() -> alice.createModel("fraud", "wine", null))
                    .isInstanceOfSatisfying(ModelyardApiException.class, error -> assertThat(error.httpStatus())
                            .isIn(403, 404));

            MemberResponse member = admin.putMember("fraud", "alice", MemberRole.EDITOR);
            assertThat(member.user()).isEqualTo("alice");
            assertThat(member.role()).isEqualTo("editor");
            assertThat(admin.listMembers("fraud").members())
                    .extracting(MemberResponse::user, MemberResponse::role)
                    .contains(tuple("alice", "editor"), tuple("admin", "owner"));

            ModelResponse model = alice.createModel("fraud", "wine", "Wine cultivar classifier");
            assertThat(model.name()).isEqualTo("wine");
            assertThat(alice.listModels("fraud", PageOptions.firstPage()).models())
                    .extracting(ModelResponse::name)
                    .containsExactly("wine");

            Path wineModel = EmbeddedServer.fixture("wine_mlp.onnx", work);
            AtomicLong bytesSent = new AtomicLong();
            UploadProgressListener progress = (sent, total) -> bytesSent.set(sent);
            ModelVersionResponse first =
                    alice.uploadModelVersion("fraud", "wine", wineModel, Optional.empty(), progress);
            assertThat(first.number()).isEqualTo(1);
            assertThat(first.sizeBytes()).isEqualTo(Files.size(wineModel));
            assertThat(first.createdBy()).isIn("alice", created.user().id());
            assertThat(bytesSent.get()).isGreaterThan(Files.size(wineModel));
            assertThat(first.signature().inputs())
                    .containsExactly(new TensorSpecResponse("input", "FP32", List.of(-1L, 13L)));
            assertThat(first.signature().outputs())
                    .containsExactly(new TensorSpecResponse("probabilities", "FP32", List.of(-1L, 3L)));

            Path regressionModel = EmbeddedServer.fixture("synth_regression_linear.onnx", work);
            ModelVersionResponse second = alice.uploadModelVersion(
                    "fraud", "wine", regressionModel, Optional.empty(), UploadProgressListener.none());
            assertThat(second.number()).isEqualTo(2);
            assertThat(alice.getModelVersion("fraud", "wine", 1).signature().inputs())
                    .extracting(TensorSpecResponse::shape)
                    .containsExactly(List.of(-1L, 13L));
            assertThat(alice.listModelVersions("fraud", "wine", PageOptions.firstPage())
                            .versions())
                    .extracting(ModelVersionResponse::number)
                    .containsExactlyInAnyOrder(1, 2);

            Path downloaded = work.resolve("downloads/wine-v1.onnx");
            DownloadedArtifact artifact = alice.downloadArtifact("fraud", "wine", 1, downloaded);
            byte[] original = Files.readAllBytes(wineModel);
            String expectedSha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(original));
            assertThat(downloaded).hasBinaryContent(original);
            assertThat(artifact.sha256()).isEqualTo(expectedSha256);
            assertThat(artifact.announcedSha256()).contains(expectedSha256);

            List<AuditEventResponse> events =
                    admin.listProjectAudit("fraud", AuditQuery.everything()).events();
            assertThat(events)
                    .extracting(AuditEventResponse::action, AuditEventResponse::actor)
                    .contains(
                            tuple("project.create", "admin"),
                            tuple("member.add", "admin"),
                            tuple("model.create", "alice"),
                            tuple("model_version.create", "alice"));
            assertThat(events)
                    .filteredOn(event -> event.action().equals("model_version.create"))
                    .hasSize(2);
            assertThat(events).extracting(AuditEventResponse::at).isSortedAccordingTo((a, b) -> b.compareTo(a));
            assertThat(admin.listInstanceAudit(AuditQuery.everything()).events())
                    .extracting(AuditEventResponse::action)
                    .contains("project.create", "model_version.create");
        }
    }
}
