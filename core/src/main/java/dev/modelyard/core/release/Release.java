package dev.modelyard.core.release;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An accepted submission packaged for production under a version string unique in its objective.
 * Releases are never deleted; they can be deprecated with a reason. {@code checkResults} records
 * how the objective's release checks came out (warnings included); {@code origin} says where an
 * imported release came from.
 */
public record Release(
        String id,
        String objectiveId,
        String version,
        String submissionId,
        int submissionNumber,
        String note,
        List<CheckResult> checkResults,
        Optional<String> deprecationReason,
        Optional<Instant> deprecatedAt,
        Optional<String> origin,
        UserRef createdBy,
        Instant createdAt) {
    public Release {
        requireNonNull(id, "id is null");
        requireNonNull(objectiveId, "objectiveId is null");
        ReleaseVersions.requireValid(version);
        requireNonNull(submissionId, "submissionId is null");
        note = note == null ? "" : note;
        checkResults = List.copyOf(requireNonNull(checkResults, "checkResults is null"));
        requireNonNull(deprecationReason, "deprecationReason is null");
        requireNonNull(deprecatedAt, "deprecatedAt is null");
        requireNonNull(origin, "origin is null");
        requireNonNull(createdBy, "createdBy is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public ReleaseRef ref() {
        return new ReleaseRef(id, version);
    }

    public boolean deprecated() {
        return deprecatedAt.isPresent();
    }

    public Release deprecate(String reason, Instant at) {
        return new Release(
                id,
                objectiveId,
                version,
                submissionId,
                submissionNumber,
                note,
                checkResults,
                Optional.of(reason),
                Optional.of(at),
                origin,
                createdBy,
                createdAt);
    }

    /** The page-token sort key: newest first by creation time, then id. */
    public String sortKey() {
        return createdAt.getEpochSecond() + "." + String.format("%09d", createdAt.getNano()) + ":" + id;
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("version", version);
        state.put("submission", submissionNumber);
        state.put("note", note);
        state.put(
                "check_results",
                checkResults.stream()
                        .map(result -> result.enforcement().name().toLowerCase(java.util.Locale.ROOT) + " "
                                + result.outcome().id() + ": " + result.check())
                        .toList());
        state.put("deprecation_reason", deprecationReason.orElse(null));
        state.put("origin", origin.orElse(null));
        return state;
    }
}
