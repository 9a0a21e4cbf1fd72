package dev.modelyard.cli;

import static dev.modelyard.cli.GovernanceFixtures.churnObjective;
import static dev.modelyard.cli.GovernanceFixtures.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.modelyard.api.CreateReleaseRequest;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.api.ReviewRequest;
import dev.modelyard.api.SubmitRequest;
import dev.modelyard.api.TagResponse;
import dev.modelyard.client.DownloadedArtifact;
import dev.modelyard.client.MemberRole;
import dev.modelyard.client.ModelyardApiException;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.UploadProgressListener;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A release exported from one server and imported into another, fresh one: same version, same digests. */
class BundleIT {
    @TempDir
    Path firstDataDir;

    @TempDir
    Path secondDataDir;

    @TempDir
    Path work;

    @Test
    void aReleaseMovesToAnotherServerWithItsVersionAndDigestsButWithoutTags() throws Exception {
        Path model = EmbeddedServer.fixture("wine_mlp.onnx", work);
        Path bundle = work.resolve("churn-1.0.0.zip");
        ReleaseResponse original;
        ModelVersionResponse originalVersion;
        try (EmbeddedServer first = EmbeddedServer.start(firstDataDir)) {
            ModelyardClient admin = first.clientFor(first.adminToken());
            admin.createProject("churn", null);
            ModelyardClient bob = member(first, admin, "churn", "bob", MemberRole.EDITOR);
            admin.createModel("churn", "wine", null);
            originalVersion =
                    admin.uploadModelVersion("churn", "wine", model, Optional.empty(), UploadProgressListener.none());
            admin.createObjective("churn", churnObjective("churn"));
            admin.submit("churn", "churn", new SubmitRequest("wine", 1, Map.of("framework", "onnx"), null));
            bob.review("churn", "churn", 1, new ReviewRequest("approve", null, null));
            original = admin.createRelease(
                    "churn", "churn", new CreateReleaseRequest(1, "1.0.0", "First", List.of("Staging", "Production")));

            DownloadedArtifact exported = admin.exportBundle("churn", "churn", "1.0.0", bundle);
            assertThat(exported.sizeBytes()).isEqualTo(Files.size(bundle));
        }

        Map<String, byte[]> entries = unzip(bundle);
        assertThat(entries).containsKeys("bundle.json", "checksums.sha256");
        assertThat(entries.values()).anySatisfy(content -> assertThat(content).isEqualTo(Files.readAllBytes(model)));
        assertChecksumsMatch(entries);

        try (EmbeddedServer second = EmbeddedServer.start(secondDataDir)) {
            ModelyardClient admin = second.clientFor(second.adminToken());
            admin.createProject("imported", null);

            ReleaseResponse imported = admin.importBundle("imported", bundle, UploadProgressListener.none());

            assertThat(imported.version()).isEqualTo("1.0.0");
            assertThat(imported.digest()).isEqualTo(original.digest());
            assertThat(imported.note()).isEqualTo("First");
            assertThat(imported.tags()).isEmpty();
            assertThat(imported.objective()).isEqualTo("churn");
            ObjectiveResponse objective = admin.getObjective("imported", "churn");
            assertThat(objective.taskType()).isEqualTo("binary_classification");
            assertThat(objective.currentTags()).isEmpty();
            assertThat(admin.listTags("imported", "churn").tags())
                    .extracting(TagResponse::release)
                    .containsOnlyNulls();
            assertThat(admin.getRelease("imported", "churn", "1.0.0").digest()).isEqualTo(original.digest());
            ModelVersionResponse importedVersion =
                    admin.getModelVersion("imported", imported.model(), imported.modelVersion());
            assertThat(importedVersion.digest()).isEqualTo(originalVersion.digest());
            Path copy = work.resolve("imported.onnx");
            admin.downloadArtifact("imported", imported.model(), imported.modelVersion(), copy);
            assertThat(copy).hasSameBinaryContentAs(model);

            // a bundle whose artifact no longer matches its checksums is refused, and nothing is created
            Path tampered = work.resolve("tampered.zip");
            byte[] artifact = Files.readAllBytes(model);
            Map<String, byte[]> changed = new LinkedHashMap<>(entries);
            changed.replaceAll((name, content) -> Arrays.equals(content, artifact) ? flipLastByte(content) : content);
            zip(changed, tampered);
            admin.createProject("tampered", null);
            ModelyardApiException refused = catchThrowableOfType(
                    ModelyardApiException.class,
                    () -> admin.importBundle("tampered", tampered, UploadProgressListener.none()));
            assertThat(refused).isNotNull();
            assertThat(refused.httpStatus()).isEqualTo(422);
            assertThat(refused.code()).isEqualTo("INVALID_BUNDLE");
            ModelyardApiException noObjective =
                    catchThrowableOfType(ModelyardApiException.class, () -> admin.getObjective("tampered", "churn"));
            assertThat(noObjective.code()).isEqualTo("OBJECTIVE_NOT_FOUND");
        }
    }

    private static void assertChecksumsMatch(Map<String, byte[]> entries) throws Exception {
        String checksums = new String(entries.get("checksums.sha256"), StandardCharsets.UTF_8);
        List<String> lines = checksums.lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            String[] parts = line.strip().split("\\s+\\*?", 2);
            assertThat(parts).as("a sha256sum line: %s", line).hasSize(2);
            byte[] content = entries.get(parts[1]);
            assertThat(content).as("the bundle holds %s", parts[1]).isNotNull();
            assertThat(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(content)))
                    .as("SHA-256 of %s", parts[1])
                    .isEqualTo(parts[0].toLowerCase(Locale.ROOT));
        }
    }

    private static Map<String, byte[]> unzip(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (!entry.isDirectory()) {
                    entries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        return entries;
    }

    private static void zip(Map<String, byte[]> entries, Path target) throws IOException {
        try (OutputStream file = Files.newOutputStream(target);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
    }

    private static byte[] flipLastByte(byte[] content) {
        byte[] copy = content.clone();
        copy[copy.length - 1] ^= 0x01;
        return copy;
    }
}
