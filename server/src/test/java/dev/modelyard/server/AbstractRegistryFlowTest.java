package dev.modelyard.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.modelyard.server.TestingServer.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The registry's main story over HTTP, run on every database the server supports. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractRegistryFlowTest {
    private TestingServer server;
    private String admin;

    /** Settings that point the server at the database under test (none: the embedded default). */
    protected abstract Map<String, String> databaseSettings();

    @BeforeAll
    void start(@TempDir Path dataDir) {
        server = new TestingServer(dataDir, databaseSettings());
        admin = server.adminToken();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void modelVersionsAreNumberedImmutableAndDownloadable() throws IOException {
        Response alice = server.post("/api/v1/users", admin, "{\"name\":\"alice\",\"display_name\":\"Alice\"}");
        assertThat(alice.status()).isEqualTo(201);
        String aliceToken = alice.json().path("secret").asText();
        assertThat(server.get("/api/v1/users/me", aliceToken)
                        .json()
                        .path("name")
                        .asText())
                .isEqualTo("alice");

        assertThat(server.post("/api/v1/projects", admin, "{\"name\":\"flow\",\"description\":\"wine models\"}")
                        .status())
                .isEqualTo(201);
        assertThat(server.send("PUT", "/api/v1/projects/flow/members/alice", admin, "{\"role\":\"editor\"}")
                        .json()
                        .path("role")
                        .asText())
                .isEqualTo("editor");
        assertThat(server.post("/api/v1/projects/flow/models", aliceToken, "{\"name\":\"wine\"}")
                        .status())
                .isEqualTo(201);

        byte[] onnx = TestingServer.resource("fixtures/wine_mlp.onnx");
        Response first =
                server.upload("/api/v1/projects/flow/models/wine/versions", aliceToken, "wine_mlp.onnx", onnx, null);
        assertThat(first.status()).as(first.text()).isEqualTo(201);
        JsonNode version1 = first.json();
        assertThat(version1.path("number").asInt()).isEqualTo(1);
        assertThat(version1.path("digest").asText()).isEqualTo(sha256(onnx));
        assertThat(version1.path("runtime").asText()).isEqualTo("onnx");
        assertThat(version1.path("created_by").asText()).isEqualTo("alice");
        JsonNode input = version1.path("signature").path("inputs").get(0);
        assertThat(input.path("name").asText()).isEqualTo("input");
        assertThat(input.path("datatype").asText()).isEqualTo("FP32");
        assertThat(input.path("shape").toString()).isEqualTo("[-1,13]");
        assertThat(version1.path("signature")
                        .path("outputs")
                        .get(0)
                        .path("shape")
                        .toString())
                .isEqualTo("[-1,3]");

        byte[] zip = zip(Map.of(
                "modelyard.yaml",
                "runtime: onnx\nmodel_file: model/wine.onnx\ndescription: packaged\nhyperparameters:\n  epochs: 150\n"
                        .getBytes(StandardCharsets.UTF_8),
                "model/wine.onnx",
                onnx));
        Response second =
                server.upload("/api/v1/projects/flow/models/wine/versions", aliceToken, "wine.zip", zip, null);
        assertThat(second.status()).as(second.text()).isEqualTo(201);
        assertThat(second.json().path("number").asInt()).isEqualTo(2);
        assertThat(second.json().path("format").asText()).isEqualTo("package");
        assertThat(second.json()
                        .path("manifest")
                        .path("hyperparameters")
                        .path("epochs")
                        .asInt())
                .isEqualTo(150);

        Response download = server.get("/api/v1/projects/flow/models/wine/versions/1/artifact", aliceToken);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(onnx);
        assertThat(download.headers().firstValue("X-Checksum-Sha256")).hasValue(sha256(onnx));

        Response page1 = server.get("/api/v1/projects/flow/models/wine/versions?max_results=1", aliceToken);
        assertThat(page1.json().path("versions")).hasSize(1);
        String token = page1.json().path("next_page_token").asText();
        Response page2 =
                server.get("/api/v1/projects/flow/models/wine/versions?max_results=1&page_token=" + token, aliceToken);
        assertThat(page2.json().path("versions").get(0).path("number").asInt()).isEqualTo(2);
        assertThat(page2.json().has("next_page_token")).isFalse();

        List<String> actions = new ArrayList<>();
        server.get("/api/v1/projects/flow/audit", aliceToken)
                .json()
                .path("events")
                .forEach(event -> actions.add(event.path("actor").asText() + " "
                        + event.path("action").asText()));
        assertThat(actions)
                .containsExactly(
                        "alice model_version.create",
                        "alice model_version.create",
                        "alice model.create",
                        "admin member.add",
                        "admin member.add",
                        "admin project.create");
    }

    @Test
    void projectsKeepAnOwnerAndRefuseDeletionWhileTheyHoldModels() {
        assertThat(server.post("/api/v1/projects", admin, "{\"name\":\"keep\"}").status())
                .isEqualTo(201);
        assertThat(server.post("/api/v1/projects/keep/models", admin, "{\"name\":\"m\"}")
                        .status())
                .isEqualTo(201);
        Response lastOwner = server.send("DELETE", "/api/v1/projects/keep/members/admin", admin, null);
        assertThat(lastOwner.status()).isEqualTo(409);
        assertThat(lastOwner.errorMessage()).contains("last owner");
        Response notEmpty = server.send("DELETE", "/api/v1/projects/keep", admin, null);
        assertThat(notEmpty.status()).isEqualTo(409);
        assertThat(notEmpty.errorMessage()).contains("still holds 1 model(s)");
        assertThat(server.send("DELETE", "/api/v1/projects/keep/models/m", admin, null)
                        .status())
                .isEqualTo(204);
        assertThat(server.send("DELETE", "/api/v1/projects/keep", admin, null).status())
                .isEqualTo(204);
        assertThat(server.get("/api/v1/projects/keep", admin).status()).isEqualTo(404);
        JsonNode events =
                server.get("/api/v1/audit?resource_type=project", admin).json().path("events");
        assertThat(events.get(0).path("action").asText()).isEqualTo("project.delete");
        assertThat(events.get(0).path("before").path("name").asText()).isEqualTo("keep");
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
