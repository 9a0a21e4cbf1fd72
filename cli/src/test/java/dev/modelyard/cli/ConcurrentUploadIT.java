package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.client.ModelyardClient;
import dev.modelyard.client.PageOptions;
import dev.modelyard.client.UploadProgressListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many clients uploading to one model at once get distinct, gap-free version numbers. */
class ConcurrentUploadIT {
    private static final int UPLOADS = 20;

    @TempDir
    Path dataDir;

    @TempDir
    Path work;

    @Test
    void twentyConcurrentUploadsBecomeVersionsOneToTwenty() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(dataDir)) {
            ModelyardClient client = server.clientFor(server.adminToken());
            client.createProject("race", null);
            client.createModel("race", "wine", null);
            Path model = EmbeddedServer.fixture("wine_mlp.onnx", work);
            ExecutorService threads = Executors.newFixedThreadPool(UPLOADS);
            CountDownLatch startTogether = new CountDownLatch(1);
            List<Future<ModelVersionResponse>> uploads = new ArrayList<>();
            try {
                for (int i = 0; i < UPLOADS; i++) {
                    uploads.add(threads.submit(() -> {
                        startTogether.await();
                        return client.uploadModelVersion(
                                "race", "wine", model, Optional.empty(), UploadProgressListener.none());
                    }));
                }
                startTogether.countDown();
                List<Integer> numbers = new ArrayList<>();
                for (Future<ModelVersionResponse> upload : uploads) {
                    numbers.add(upload.get(60, TimeUnit.SECONDS).number());
                }

                assertThat(numbers.stream().sorted().toList())
                        .isEqualTo(IntStream.rangeClosed(1, UPLOADS).boxed().toList());
            } finally {
                threads.shutdownNow();
            }
            List<ModelVersionResponse> listed = client.listModelVersions("race", "wine", PageOptions.firstPage())
                    .versions();
            assertThat(listed).hasSize(UPLOADS);
            assertThat(listed)
                    .extracting(ModelVersionResponse::number)
                    .containsExactlyInAnyOrderElementsOf(
                            IntStream.rangeClosed(1, UPLOADS).boxed().toList());
        }
    }
}
