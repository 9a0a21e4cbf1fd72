package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server killed (SIGKILL) in the middle of an upload restarts cleanly on the same data folder:
 * the half-received upload became no version, and its staging file is swept away at start.
 */
class CrashDuringUploadIT {
    private static final long DECLARED_FILE_BYTES = 300L * 1024 * 1024;
    private static final int SENT_BEFORE_STALLING = 8 * 1024 * 1024;
    private static final String BOUNDARY = "crash-test-boundary";

    @TempDir
    Path dataDir;

    @Test
    void aServerKilledMidUploadRestartsWithNoVersionAndAnEmptyStagingFolder() throws Exception {
        Path staging = dataDir.resolve("blobs").resolve("staging");
        String adminToken;
        try (ServerProcess first = ServerProcess.start(dataDir)) {
            adminToken = EmbeddedServer.readAdminToken(dataDir);
            ModelyardClient admin = client(first, adminToken);
            admin.createProject("crash", null);
            admin.createModel("crash", "big", null);

            CountDownLatch stall = new CountDownLatch(1);
            try (Socket socket = new Socket("127.0.0.1", first.port())) {
                Thread uploader = new Thread(
                        () -> sendUploadAndStall(socket, first.port(), adminToken, stall), "stalling-uploader");
                uploader.setDaemon(true);
                uploader.start();

                awaitNonEmptyStagingFile(staging, first);
                first.kill();
            } finally {
                stall.countDown();
            }
            assertThat(first.isAlive()).isFalse();
        }

        try (ServerProcess second = ServerProcess.start(dataDir)) {
            ModelyardClient admin = client(second, adminToken);

            assertThat(admin.health()).isEqualTo("ok");
            assertThat(admin.getModel("crash", "big").name()).isEqualTo("big");
            assertThat(admin.listModelVersions("crash", "big", PageOptions.firstPage())
                            .versions())
                    .isEmpty();
            assertThat(filesIn(staging)).as("staging files after the restart").isEmpty();
        }
    }

    private static ModelyardClient client(ServerProcess server, String token) {
        return ModelyardClient.builder()
                .baseUri(server.baseUri())
                .token(token)
                .requestTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** Writes a multipart upload that announces 300 MB, sends 8 MiB of it, then goes quiet. */
    private static void sendUploadAndStall(Socket socket, int port, String token, CountDownLatch stall) {
        String partHeader = "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"huge.onnx\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n";
        String trailer = "\r\n--" + BOUNDARY + "--\r\n";
        long contentLength = partHeader.length() + DECLARED_FILE_BYTES + trailer.length();
        String requestHead = "POST /api/v1/projects/crash/models/big/versions HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Authorization: Bearer " + token + "\r\n"
                + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                + "Content-Length: " + contentLength + "\r\n"
                + "\r\n";
        try {
            OutputStream out = socket.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.US_ASCII));
            out.write(partHeader.getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 7);
            for (int sent = 0; sent < SENT_BEFORE_STALLING; sent += chunk.length) {
                out.write(chunk);
            }
            out.flush();
            stall.await();
        } catch (IOException e) {
            // the server was killed under us: expected
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitNonEmptyStagingFile(Path staging, ServerProcess server)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            for (Path file : filesIn(staging)) {
                if (Files.size(file) > 0) {
                    return;
                }
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new AssertionError("the server never staged the upload in " + staging + "; its log:\n" + server.log());
    }

    private static List<Path> filesIn(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.toList();
        }
    }
}
