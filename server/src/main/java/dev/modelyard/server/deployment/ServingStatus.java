package dev.modelyard.server.deployment;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/** What the serving side reports of a deployment: status, serving release and loaded releases. */
public interface ServingStatus {
    Report report(String deployment);

    /** Status is deploying, ready, failed or stopped; {@code release} is what answers now. */
    record Report(String status, Optional<String> reason, Optional<String> release, List<LoadedRelease> loaded) {
        public Report {
            requireNonNull(status, "status is null");
            requireNonNull(reason, "reason is null");
            requireNonNull(release, "release is null");
            loaded = List.copyOf(requireNonNull(loaded, "loaded is null"));
        }
    }

    record LoadedRelease(String release, String state, Optional<String> reason) {
        public LoadedRelease {
            requireNonNull(release, "release is null");
            requireNonNull(state, "state is null");
            requireNonNull(reason, "reason is null");
        }
    }
}
