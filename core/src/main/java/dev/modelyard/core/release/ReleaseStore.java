package dev.modelyard.core.release;

import dev.modelyard.core.PageRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Releases and the environment tags on them. Implementations run inside the caller's transaction. */
public interface ReleaseStore {
    /** Inserts; throws {@link dev.modelyard.core.ErrorCode#ALREADY_EXISTS} on a version taken in the objective. */
    void insertRelease(Release release);

    /** Records a deprecation (the only change a release ever sees). */
    void updateRelease(Release release);

    Optional<Release> findRelease(String objectiveId, String version);

    Optional<Release> findReleaseById(String releaseId);

    Optional<Release> findReleaseOfSubmission(String submissionId);

    /** Releases newest first; {@code page.after()} holds a {@link Release#sortKey()}; at most maxResults + 1. */
    List<Release> listReleases(String objectiveId, PageRequest page);

    /**
     * Takes the next number in the objective's tag-change sequence. It locks the objective's tag
     * state until the transaction ends, so concurrent tag changes of one objective run one after
     * another and their history has no gaps.
     */
    long nextTagSequence(String objectiveId);

    /** Tag → id of the release carrying it now. */
    Map<String, String> currentTags(String objectiveId);

    /** Puts the tag on the release, taking it off whichever release had it. */
    void putTag(String objectiveId, String tag, String releaseId);

    void removeTag(String objectiveId, String tag);

    void appendTagEvent(TagEvent event);

    /** Every move of one tag (or of every tag, when empty) of the objective, oldest first. */
    List<TagEvent> tagHistory(String objectiveId, Optional<String> tag);

    /** The last move of the tag at or before {@code at}: who carried the tag then. */
    Optional<TagEvent> lastTagEventAt(String objectiveId, String tag, Instant at);
}
