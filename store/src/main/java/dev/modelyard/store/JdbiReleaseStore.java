package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.PageRequest;
import dev.modelyard.core.objective.ReleaseCheck;
import dev.modelyard.core.release.CheckResult;
import dev.modelyard.core.release.Release;
import dev.modelyard.core.release.ReleaseRef;
import dev.modelyard.core.release.ReleaseStore;
import dev.modelyard.core.release.TagEvent;
import dev.modelyard.core.user.UserRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Releases, the environment tags on them and the history of tag moves, in the {@code releases},
 * {@code release_tags} and {@code tag_events} tables, on one handle. Check results are a JSON array
 * of {@code {"kind", "enforcement", "outcome", "check", "message"}} objects, ids in lowercase.
 */
public final class JdbiReleaseStore implements ReleaseStore {
    private static final String RELEASE_COLUMNS = "r.id, r.objective_id, r.version, r.submission_id,"
            + " r.submission_number, r.note, r.check_results_json, r.deprecation_reason, r.deprecated_at, r.origin,"
            + " r.created_by, cu.name AS created_by_name, r.created_at";
    private static final String RELEASE_FROM = " FROM releases r JOIN users cu ON cu.id = r.created_by";
    private static final String EVENT_COLUMNS = "e.id, e.objective_id, e.tag, e.sequence, e.release_id,"
            + " e.release_version, e.previous_release_id, e.previous_release_version, e.actor_id,"
            + " au.name AS actor_name, e.at";
    private static final String EVENT_FROM = " FROM tag_events e JOIN users au ON au.id = e.actor_id";

    private static final RowMapper<TagEvent> TAG_EVENT = (row, context) -> new TagEvent(
            row.getString("id"),
            row.getString("objective_id"),
            row.getString("tag"),
            row.getLong("sequence"),
            releaseRef(row, "release_id", "release_version"),
            releaseRef(row, "previous_release_id", "previous_release_version"),
            new UserRef(row.getString("actor_id"), row.getString("actor_name")),
            EpochMicros.column(row, "at"));

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<Release> releaseMapper;

    public JdbiReleaseStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiReleaseStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.releaseMapper = (row, context) -> new Release(
                row.getString("id"),
                row.getString("objective_id"),
                row.getString("version"),
                row.getString("submission_id"),
                row.getInt("submission_number"),
                row.getString("note"),
                this.json.readObjects(row.getString("check_results_json")).stream()
                        .map(JdbiReleaseStore::checkResult)
                        .toList(),
                Optional.ofNullable(row.getString("deprecation_reason")),
                EpochMicros.optionalColumn(row, "deprecated_at"),
                Optional.ofNullable(row.getString("origin")),
                new UserRef(row.getString("created_by"), row.getString("created_by_name")),
                EpochMicros.column(row, "created_at"));
    }

    @Override
    public void insertRelease(Release release) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO releases (id, objective_id, version, submission_id, submission_number, note,
                                check_results_json, deprecation_reason, deprecated_at, origin, created_by, created_at)
                            VALUES (:id, :objectiveId, :version, :submissionId, :submissionNumber, :note,
                                :checkResultsJson, :deprecationReason, :deprecatedAt, :origin, :createdBy, :createdAt)
                            """)
                    .bind("id", release.id())
                    .bind("objectiveId", release.objectiveId())
                    .bind("version", release.version())
                    .bind("submissionId", release.submissionId())
                    .bind("submissionNumber", release.submissionNumber())
                    .bind("note", release.note())
                    .bind("checkResultsJson", checkResultsJson(release))
                    .bindByType("deprecationReason", release.deprecationReason().orElse(null), String.class)
                    .bindByType("deprecatedAt", release.deprecatedAt().orElse(null), Instant.class)
                    .bindByType("origin", release.origin().orElse(null), String.class)
                    .bind("createdBy", release.createdBy().id())
                    .bind("createdAt", release.createdAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolationOf(e, "releases_submission_unique", "releases.submission_id")) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "submission " + release.submissionNumber() + " is already released",
                        Map.of(
                                "kind",
                                "release",
                                "objective_id",
                                release.objectiveId(),
                                "submission",
                                release.submissionNumber()),
                        e);
            }
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "release " + release.version() + " already exists in this objective",
                        Map.of("kind", "release", "objective_id", release.objectiveId(), "version", release.version()),
                        e);
            }
            throw e;
        }
    }

    /** Records the deprecation; throws {@link ErrorCode#RELEASE_NOT_FOUND} when the release is gone. */
    @Override
    public void updateRelease(Release release) {
        int updated = handle.createUpdate(
                        """
                        UPDATE releases SET deprecation_reason = :deprecationReason, deprecated_at = :deprecatedAt
                        WHERE id = :id
                        """)
                .bindByType("deprecationReason", release.deprecationReason().orElse(null), String.class)
                .bindByType("deprecatedAt", release.deprecatedAt().orElse(null), Instant.class)
                .bind("id", release.id())
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.RELEASE_NOT_FOUND,
                    "release " + release.version() + " does not exist",
                    Map.of("version", release.version()));
        }
    }

    @Override
    public Optional<Release> findRelease(String objectiveId, String version) {
        return handle.createQuery("SELECT " + RELEASE_COLUMNS + RELEASE_FROM
                        + " WHERE r.objective_id = :objectiveId AND r.version = :version")
                .bind("objectiveId", objectiveId)
                .bind("version", version)
                .map(releaseMapper)
                .findOne();
    }

    @Override
    public Optional<Release> findReleaseById(String releaseId) {
        return handle.createQuery("SELECT " + RELEASE_COLUMNS + RELEASE_FROM + " WHERE r.id = :id")
                .bind("id", releaseId)
                .map(releaseMapper)
                .findOne();
    }

    @Override
    public Optional<Release> findReleaseOfSubmission(String submissionId) {
        return handle.createQuery("SELECT " + RELEASE_COLUMNS + RELEASE_FROM + " WHERE r.submission_id = :submissionId")
                .bind("submissionId", submissionId)
                .map(releaseMapper)
                .findOne();
    }

    @Override
    public List<Release> listReleases(String objectiveId, PageRequest page) {
        Optional<TimeSortKey> after = page.after().map(TimeSortKey::parse);
        String sql = "SELECT " + RELEASE_COLUMNS + RELEASE_FROM + " WHERE r.objective_id = :objectiveId"
                + (after.isPresent()
                        ? " AND (r.created_at < :afterAt OR (r.created_at = :afterAt AND r.id < :afterId))"
                        : "")
                + " ORDER BY r.created_at DESC, r.id DESC LIMIT :limit";
        Query query = handle.createQuery(sql).bind("objectiveId", objectiveId);
        after.ifPresent(key -> query.bind("afterAt", key.at()).bind("afterId", key.id()));
        return query.bind("limit", page.maxResults() + 1).map(releaseMapper).list();
    }

    /**
     * Increments the objective's tag sequence: the row stays locked (PostgreSQL) or the database
     * stays write-locked (SQLite, IMMEDIATE transactions) until the caller's transaction ends, so
     * concurrent tag changes of one objective queue up here, and a rollback gives the number back.
     */
    @Override
    public long nextTagSequence(String objectiveId) {
        int updated = handle.createUpdate(
                        "UPDATE objectives SET last_tag_sequence = last_tag_sequence + 1 WHERE id = :id")
                .bind("id", objectiveId)
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.OBJECTIVE_NOT_FOUND,
                    "objective '" + objectiveId + "' does not exist",
                    Map.of("objective_id", objectiveId));
        }
        return handle.createQuery("SELECT last_tag_sequence FROM objectives WHERE id = :id")
                .bind("id", objectiveId)
                .mapTo(Long.class)
                .one();
    }

    @Override
    public Map<String, String> currentTags(String objectiveId) {
        Map<String, String> tags = new LinkedHashMap<>();
        handle.createQuery("SELECT tag, release_id FROM release_tags WHERE objective_id = :objectiveId ORDER BY tag")
                .bind("objectiveId", objectiveId)
                .map((row, context) -> Map.entry(row.getString("tag"), row.getString("release_id")))
                .forEach(entry -> tags.put(entry.getKey(), entry.getValue()));
        return tags;
    }

    /**
     * Moves the tag by an update, or inserts it when no release carries it. Callers hold the lock of
     * {@link #nextTagSequence}, so no concurrent change can insert the same tag in between.
     */
    @Override
    public void putTag(String objectiveId, String tag, String releaseId) {
        int updated = handle.createUpdate(
                        "UPDATE release_tags SET release_id = :releaseId WHERE objective_id = :objectiveId AND tag = :tag")
                .bind("releaseId", releaseId)
                .bind("objectiveId", objectiveId)
                .bind("tag", tag)
                .execute();
        if (updated == 0) {
            handle.createUpdate(
                            "INSERT INTO release_tags (objective_id, tag, release_id) VALUES (:objectiveId, :tag, :releaseId)")
                    .bind("objectiveId", objectiveId)
                    .bind("tag", tag)
                    .bind("releaseId", releaseId)
                    .execute();
        }
    }

    @Override
    public void removeTag(String objectiveId, String tag) {
        handle.createUpdate("DELETE FROM release_tags WHERE objective_id = :objectiveId AND tag = :tag")
                .bind("objectiveId", objectiveId)
                .bind("tag", tag)
                .execute();
    }

    @Override
    public void appendTagEvent(TagEvent event) {
        handle.createUpdate(
                        """
                        INSERT INTO tag_events (id, objective_id, tag, sequence, release_id, release_version,
                            previous_release_id, previous_release_version, actor_id, at)
                        VALUES (:id, :objectiveId, :tag, :sequence, :releaseId, :releaseVersion,
                            :previousReleaseId, :previousReleaseVersion, :actorId, :at)
                        """)
                .bind("id", event.id())
                .bind("objectiveId", event.objectiveId())
                .bind("tag", event.tag())
                .bind("sequence", event.sequence())
                .bindByType("releaseId", event.release().map(ReleaseRef::id).orElse(null), String.class)
                .bindByType(
                        "releaseVersion",
                        event.release().map(ReleaseRef::version).orElse(null),
                        String.class)
                .bindByType(
                        "previousReleaseId",
                        event.previous().map(ReleaseRef::id).orElse(null),
                        String.class)
                .bindByType(
                        "previousReleaseVersion",
                        event.previous().map(ReleaseRef::version).orElse(null),
                        String.class)
                .bind("actorId", event.actor().id())
                .bind("at", event.at())
                .execute();
    }

    @Override
    public List<TagEvent> tagHistory(String objectiveId, Optional<String> tag) {
        String sql = "SELECT " + EVENT_COLUMNS + EVENT_FROM + " WHERE e.objective_id = :objectiveId"
                + (tag.isPresent() ? " AND e.tag = :tag" : "")
                + " ORDER BY e.sequence";
        Query query = handle.createQuery(sql).bind("objectiveId", objectiveId);
        tag.ifPresent(name -> query.bind("tag", name));
        return query.map(TAG_EVENT).list();
    }

    @Override
    public Optional<TagEvent> lastTagEventAt(String objectiveId, String tag, Instant at) {
        return handle.createQuery("SELECT " + EVENT_COLUMNS + EVENT_FROM
                        + " WHERE e.objective_id = :objectiveId AND e.tag = :tag AND e.at <= :at"
                        + " ORDER BY e.sequence DESC LIMIT 1")
                .bind("objectiveId", objectiveId)
                .bind("tag", tag)
                .bind("at", at)
                .map(TAG_EVENT)
                .findOne();
    }

    // ---------------------------------------------------------------- helpers

    private static Optional<ReleaseRef> releaseRef(ResultSet row, String idColumn, String versionColumn)
            throws SQLException {
        String id = row.getString(idColumn);
        return id == null ? Optional.empty() : Optional.of(new ReleaseRef(id, row.getString(versionColumn)));
    }

    private String checkResultsJson(Release release) {
        return json.write(release.checkResults().stream()
                .map(result -> {
                    Map<String, Object> object = new LinkedHashMap<>();
                    object.put("kind", result.kind().id());
                    object.put("enforcement", result.enforcement().id());
                    object.put("outcome", result.outcome().id());
                    object.put("check", result.check());
                    object.put("message", result.message());
                    return object;
                })
                .toList());
    }

    private static CheckResult checkResult(Map<String, Object> object) {
        return new CheckResult(
                ReleaseCheck.Kind.fromId((String) object.get("kind")),
                ReleaseCheck.Enforcement.fromId((String) object.get("enforcement")),
                outcome((String) object.get("outcome")),
                (String) object.get("check"),
                (String) object.get("message"));
    }

    private static CheckResult.Outcome outcome(String id) {
        for (CheckResult.Outcome outcome : CheckResult.Outcome.values()) {
            if (outcome.id().equals(id)) {
                return outcome;
            }
        }
        throw new IllegalStateException("stored check outcome '" + id + "' is not known");
    }
}
