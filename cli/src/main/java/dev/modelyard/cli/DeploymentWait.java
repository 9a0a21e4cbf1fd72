package dev.modelyard.cli;

import static java.util.Objects.requireNonNull;

import dev.modelyard.api.DeploymentResponse;
import dev.modelyard.api.LoadedReleaseResponse;
import dev.modelyard.client.ModelyardClient;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Polls a deployment until it serves what it should: its target release ready (or, when
 * stopped, status {@code stopped}). A failed load ends the wait with the server's reason; so does
 * the timeout, with the status it had reached.
 */
final class DeploymentWait {
    static final Duration POLL = Duration.ofMillis(200);

    /** How long a {@code failed} status may last, without naming the target release, before it counts. */
    static final Duration FAILED_GRACE = Duration.ofSeconds(5);

    private DeploymentWait() {}

    /**
     * Waits from {@code start}, the deployment as the change answered it. Returns the deployment
     * once settled; a deployment whose target resolves to no release is returned at once.
     */
    static DeploymentResponse await(
            ModelyardClient client, String project, DeploymentResponse start, Duration timeout) {
        requireNonNull(start, "start is null");
        long deadline = System.nanoTime() + timeout.toNanos();
        long failedSince = -1;
        DeploymentResponse current = start;
        while (true) {
            if (settled(current)) {
                return current;
            }
            if (!current.stopped() && current.targetRelease() == null) {
                return current;
            }
            if (!current.stopped() && "failed".equals(current.status())) {
                long now = System.nanoTime();
                failedSince = failedSince < 0 ? now : failedSince;
                if (targetFailed(current).isPresent() || now - failedSince > FAILED_GRACE.toNanos()) {
                    throw new CommandFailedException(
                            "DEPLOYMENT_FAILED",
                            "deployment '" + current.name() + "' could not serve release " + current.targetRelease()
                                    + ": " + failureReason(current)
                                    + (current.release() != null
                                            ? "; release " + current.release() + " keeps serving"
                                            : ""));
                }
            } else {
                failedSince = -1;
            }
            if (System.nanoTime() > deadline) {
                throw new CommandFailedException(
                        "DEPLOYMENT_TIMEOUT",
                        "deployment '" + current.name() + "' is not " + (current.stopped() ? "stopped" : "ready")
                                + " after " + timeout.toSeconds() + " s (status " + DeploymentText.status(current)
                                + "); it goes on in the background: follow it with 'modelyard deployments show "
                                + project + " " + current.name() + "'");
            }
            sleep();
            current = client.getDeployment(project, current.name());
        }
    }

    /** Ready on the target release, or stopped as asked. */
    static boolean settled(DeploymentResponse deployment) {
        if (deployment.stopped()) {
            return "stopped".equals(deployment.status());
        }
        return "ready".equals(deployment.status())
                && deployment.targetRelease() != null
                && Objects.equals(deployment.release(), deployment.targetRelease());
    }

    private static Optional<LoadedReleaseResponse> targetFailed(DeploymentResponse deployment) {
        if (deployment.loadedReleases() == null) {
            return Optional.empty();
        }
        return deployment.loadedReleases().stream()
                .filter(loaded -> loaded.release().equals(deployment.targetRelease()))
                .filter(loaded -> "failed".equals(loaded.state()))
                .findFirst();
    }

    private static String failureReason(DeploymentResponse deployment) {
        return targetFailed(deployment)
                .map(LoadedReleaseResponse::reason)
                .filter(Objects::nonNull)
                .or(() -> Optional.ofNullable(deployment.statusReason()))
                .orElse("the server gave no reason");
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandFailedException("INTERRUPTED", "interrupted while waiting for the deployment");
        }
    }
}
