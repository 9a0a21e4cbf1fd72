package dev.modelyard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.EvaluationDatasetSpec;
import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.api.EvaluationSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ReleaseCheckSpec;
import dev.modelyard.api.ScoreMappingSpec;
import dev.modelyard.api.SubsetSpec;
import dev.modelyard.client.ModelyardClient;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.imageio.ImageIO;

/** What the evaluation end-to-end tests share: the churn objective on synth_binary, PNGs, waiting for jobs. */
final class EvaluationFixtures {
    /** The feature columns of synth_binary.csv, in the order its XGBoost models take them. */
    static final List<String> FEATURES = List.of("f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7");

    /** Rows of synth_binary.csv: all of them, those from the web and those from the phone channel. */
    static final long ROWS = 2000;

    static final long WEB_ROWS = 1013;

    static final long PHONE_ROWS = 405;

    private EvaluationFixtures() {}

    /**
     * A binary objective on {@code label}, ranked by roc_auc then accuracy, evaluated on {@code
     * datasets} with subsets {@code web} and {@code phone} and the features f0…f7.
     */
    static CreateObjectiveRequest churnObjective(
            String name, List<EvaluationDatasetSpec> datasets, List<ReleaseCheckSpec> checks) {
        return new CreateObjectiveRequest(
                name,
                "Which customers leave",
                "binary_classification",
                "label",
                List.of(new MetricSpec("roc_auc", null, null), new MetricSpec("accuracy", null, null)),
                null,
                null,
                null,
                checks,
                new EvaluationSpec(
                        datasets,
                        List.of(
                                new SubsetSpec("web", "channel = 'web'"),
                                new SubsetSpec("phone", "channel in ('phone') and label is not null")),
                        new ScoreMappingSpec(FEATURES, null, null, null, null, null)));
    }

    /** Waits until the objective has at least {@code count} jobs and all have finished; returns them, newest first. */
    static List<EvaluationJobResponse> awaitJobs(
            ModelyardClient client, String project, String objective, Optional<Integer> submission, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        List<EvaluationJobResponse> jobs = List.of();
        while (System.nanoTime() < deadline) {
            jobs = client.listEvaluationJobs(project, objective, submission).jobs();
            if (jobs.size() >= count && jobs.stream().allMatch(EvaluationText::finished)) {
                return jobs;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return fail("the evaluation jobs of %s did not finish in time: %s", objective, jobs);
    }

    /** Asserts every job succeeded. */
    static void assertSucceeded(List<EvaluationJobResponse> jobs) {
        assertThat(jobs).as("evaluation jobs").allSatisfy(job -> assertThat(job.status())
                .as("job %s: %s", job.id(), job.error())
                .isEqualTo("succeeded"));
    }

    /** A PNG image: plain (it compresses to a few dozen bytes) or noise (it hardly compresses). */
    static byte[] png(int width, int height, boolean noise) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, noise ? random.nextInt(0x1000000) : 0x3366cc);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JVM writes no PNG");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
