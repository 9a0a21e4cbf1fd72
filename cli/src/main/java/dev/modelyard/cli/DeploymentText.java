package dev.modelyard.cli;

import dev.modelyard.api.ApiKeyResponse;
import dev.modelyard.api.DeploymentResponse;
import dev.modelyard.api.DeploymentRevisionResponse;
import dev.modelyard.api.LoadedReleaseResponse;
import dev.modelyard.api.PinSpec;
import dev.modelyard.api.ResourcesSpec;
import dev.modelyard.api.TrackSpec;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How deployments, their revisions and keys read in human output. */
final class DeploymentText {
    private DeploymentText() {}

    /** {@code track Production} or {@code pin 1.0.0}. */
    static String target(TrackSpec track, PinSpec pin) {
        if (track != null) {
            return "track " + track.tag();
        }
        return pin == null ? null : "pin " + pin.release();
    }

    /** {@code tracks tag Production} or {@code pinned to release 1.0.0}. */
    static String targetSentence(DeploymentResponse deployment) {
        if (deployment.track() != null) {
            return "tracks tag " + deployment.track().tag();
        }
        return deployment.pin() == null
                ? "has no target"
                : "pinned to release " + deployment.pin().release();
    }

    static String resources(ResourcesSpec resources) {
        if (resources == null) {
            return null;
        }
        String batching = resources.maxBatchSize() != null && resources.maxBatchSize() > 1
                ? "micro-batching up to " + resources.maxBatchSize() + " waiting " + resources.maxBatchDelayUs() + " us"
                : "no micro-batching";
        return "workers " + resources.workers() + ", queue capacity " + resources.queueCapacity() + ", timeout "
                + resources.timeoutMs() + " ms, intra-op threads " + resources.intraOpThreads() + ", " + batching;
    }

    static String loaded(List<LoadedReleaseResponse> loaded) {
        if (loaded == null || loaded.isEmpty()) {
            return null;
        }
        return loaded.stream()
                .map(release -> release.release() + " (" + release.state()
                        + (release.reason() == null ? "" : ": " + release.reason()) + ")")
                .collect(Collectors.joining(", "));
    }

    /** The full URL of the deployment's OIP inference endpoint. */
    static String inferUrl(URI base, DeploymentResponse deployment) {
        String path = deployment.inferenceUrl() != null ? deployment.inferenceUrl() : "/v2/models/" + deployment.name();
        return absolute(base, path) + "/infer";
    }

    static String predictUrl(URI base, DeploymentResponse deployment) {
        String path = deployment.predictUrl() != null
                ? deployment.predictUrl()
                : "/api/v1/deployments/" + deployment.name() + "/predict";
        return absolute(base, path);
    }

    static String grpcEndpoint(URI base, DeploymentResponse deployment) {
        int port = base.getPort() >= 0 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
        return base.getHost() + ":" + port + " (inference.GRPCInferenceService, model_name " + deployment.name() + ")";
    }

    private static String absolute(URI base, String path) {
        String text = base.toString();
        while (text.endsWith("/")) {
            text = text.substring(0, text.length() - 1);
        }
        return text + path;
    }

    /** What {@code deploy}, {@code update}, {@code start} and {@code rollback} print after the headline. */
    static String summary(URI base, DeploymentResponse deployment) {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("Status", status(deployment));
        lines.put("Release", deployment.release());
        lines.put("Inference (OIP)", inferUrl(base, deployment));
        lines.put("Predict (JSON)", predictUrl(base, deployment));
        return Table.keyValues(lines);
    }

    /** {@code ready}, or {@code failed: reason}. */
    static String status(DeploymentResponse deployment) {
        return deployment.statusReason() == null
                ? deployment.status()
                : deployment.status() + " (" + deployment.statusReason() + ")";
    }

    static String show(URI base, DeploymentResponse deployment) {
        Map<String, Object> lines = new LinkedHashMap<>();
        lines.put("Deployment", deployment.name());
        lines.put("Project", deployment.project());
        lines.put("Objective", deployment.objective());
        lines.put("Target", target(deployment.track(), deployment.pin()));
        lines.put("Access", deployment.access());
        lines.put("Status", status(deployment));
        lines.put("Release", deployment.release());
        lines.put("Target release", deployment.targetRelease());
        lines.put("Loaded releases", loaded(deployment.loadedReleases()));
        lines.put("Revision", deployment.revision());
        lines.put("Resources", resources(deployment.resources()));
        lines.put("Inference (OIP)", inferUrl(base, deployment));
        lines.put("Inference (gRPC)", grpcEndpoint(base, deployment));
        lines.put("Predict (JSON)", predictUrl(base, deployment));
        lines.put("Created", Formats.instant(deployment.createdAt()) + " by " + deployment.createdBy());
        lines.put("Updated", Formats.instant(deployment.updatedAt()));
        return Table.keyValues(lines);
    }

    static String list(List<DeploymentResponse> deployments) {
        if (deployments.isEmpty()) {
            return "No deployments.\n";
        }
        Table table = new Table("NAME", "OBJECTIVE", "TARGET", "ACCESS", "STATUS", "RELEASE", "REVISION");
        deployments.forEach(deployment -> table.addRow(
                deployment.name(),
                deployment.objective(),
                target(deployment.track(), deployment.pin()),
                deployment.access(),
                deployment.status(),
                deployment.release(),
                deployment.revision()));
        return table.render();
    }

    static String revisions(List<DeploymentRevisionResponse> revisions) {
        Table table = new Table("REVISION", "AT", "ACTOR", "TARGET", "RELEASE", "ACCESS", "STATE", "CHANGE");
        revisions.forEach(revision -> table.addRow(
                revision.number(),
                Formats.instant(revision.at()),
                revision.actor(),
                target(revision.track(), revision.pin()),
                revision.release(),
                revision.access(),
                revision.stopped() ? "stopped" : "running",
                revision.change()));
        return table.render();
    }

    static String keys(List<ApiKeyResponse> keys) {
        if (keys.isEmpty()) {
            return "No API keys.\n";
        }
        Table table = new Table("ID", "NAME", "PREFIX", "CREATED BY", "CREATED AT", "EXPIRES AT", "STATUS");
        keys.forEach(key -> table.addRow(
                key.id(),
                key.name(),
                key.prefix(),
                key.createdBy(),
                Formats.instant(key.createdAt()),
                Formats.instant(key.expiresAt()),
                keyStatus(key)));
        return table.render();
    }

    static String keyStatus(ApiKeyResponse key) {
        if (key.revokedAt() != null) {
            return "revoked " + Formats.instant(key.revokedAt());
        }
        if (key.expiresAt() != null && key.expiresAt().isBefore(Instant.now())) {
            return "expired";
        }
        return "active";
    }
}
