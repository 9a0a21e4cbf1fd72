package dev.modelyard.engine;

import static dev.modelyard.engine.EngineTesting.await;
import static dev.modelyard.engine.EngineTesting.config;
import static dev.modelyard.engine.EngineTesting.eventually;
import static dev.modelyard.engine.EngineTesting.infer;
import static dev.modelyard.engine.EngineTesting.input;
import static dev.modelyard.engine.EngineTesting.output;
import static dev.modelyard.engine.EngineTesting.target;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class InferenceEngineCacheTest {
    @Test
    void twoDeploymentsWithTheSameDigestShareOneModelUntilBothLetGo() throws Exception {
        TestingModelSource source = new TestingModelSource().constant("sha-shared", 7);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            SwapResult first = await(engine.serve("churn", target("1.0.0", "sha-shared")));
            SwapResult second = await(engine.serve("churn-canary", target("2.0.0", "sha-shared")));

            assertThat(first.reusedLoadedModel()).isFalse();
            assertThat(second.reusedLoadedModel()).isTrue();
            assertThat(source.loads("sha-shared")).isEqualTo(1);
            assertThat(output(await(infer(engine, "churn", 1, 2)))).containsExactly(8, 9);
            assertThat(await(infer(engine, "churn-canary", 1, 2)).release()).isEqualTo("2.0.0");
            assertThat(engine.metrics().snapshot().loadedModels()).isEqualTo(1);

            await(engine.stop("churn"));
            assertThat(source.model("sha-shared").isClosed()).isFalse();
            assertThat(await(infer(engine, "churn-canary", 1, 2)).release()).isEqualTo("2.0.0");

            await(engine.stop("churn-canary"));
            TestingModel shared = source.model("sha-shared");
            eventually(shared::isClosed);
            assertThat(shared.closes()).isEqualTo(1);
            assertThat(shared.violations()).isEmpty();
            assertThat(engine.metrics().snapshot().loadedModels()).isZero();
        }
    }

    @Test
    void twoReleasesWithTheSameDigestInOneDeploymentShareOneModel() throws Exception {
        TestingModelSource source = new TestingModelSource();
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("1.0.0", "sha-same")));
            await(engine.serve("churn", target("1.0.1", "sha-same")));

            assertThat(source.loads("sha-same")).isEqualTo(1);
            assertThat(await(engine.infer("churn", Optional.of("1.0.0"), input(1, 2), Set.of()))
                            .release())
                    .isEqualTo("1.0.0");
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("1.0.1");

            await(engine.serve("churn", target("2.0.0", "sha-other")));
            assertThat(source.model("sha-same").isClosed()).isFalse(); // 1.0.1 is retained

            await(engine.serve("churn", target("3.0.0", "sha-third")));
            TestingModel same = source.model("sha-same");
            eventually(same::isClosed);
            assertThat(same.closes()).isEqualTo(1);
        }
    }

    @Test
    void concurrentSwapsToOneDigestLoadItOnce() {
        CountDownLatch load = new CountDownLatch(1);
        TestingModelSource source = new TestingModelSource().blockLoads("sha-shared", load);
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            var first = engine.serve("churn", target("1.0.0", "sha-shared"));
            var second = engine.serve("fraud", target("1.0.0", "sha-shared"));
            load.countDown();

            await(first);
            await(second);
            assertThat(source.loads("sha-shared")).isEqualTo(1);
        }
    }

    @Test
    void aDigestIsLoadedAgainAfterItsModelWasClosed() throws Exception {
        TestingModelSource source = new TestingModelSource();
        try (InferenceEngine engine = new InferenceEngine(config(), source)) {
            await(engine.serve("churn", target("1.0.0", "sha-a")));
            await(engine.stop("churn"));
            eventually(source.model("sha-a")::isClosed);

            await(engine.serve("churn", target("1.0.0", "sha-a")));

            assertThat(source.loads("sha-a")).isEqualTo(2);
            assertThat(await(infer(engine, "churn", 1, 2)).release()).isEqualTo("1.0.0");
            assertThat(source.model("sha-a").isClosed()).isFalse();
        }
    }
}
