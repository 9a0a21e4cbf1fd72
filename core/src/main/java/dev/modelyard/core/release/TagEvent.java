package dev.modelyard.core.release;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One move of an environment tag, appended to the objective's tag history and never changed:
 * the tag was put on {@code release} (absent: removed) and taken off {@code previous} (absent: it
 * was on no release). {@code sequence} orders every tag change of an objective.
 */
public record TagEvent(
        String id,
        String objectiveId,
        String tag,
        long sequence,
        Optional<ReleaseRef> release,
        Optional<ReleaseRef> previous,
        UserRef actor,
        Instant at) {
    public TagEvent {
        requireNonNull(id, "id is null");
        requireNonNull(objectiveId, "objectiveId is null");
        requireNonNull(tag, "tag is null");
        requireNonNull(release, "release is null");
        requireNonNull(previous, "previous is null");
        requireNonNull(actor, "actor is null");
        requireNonNull(at, "at is null");
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("tag", tag);
        state.put("release", release.map(ReleaseRef::version).orElse(null));
        state.put("sequence", sequence);
        return state;
    }
}
