package dev.modelyard.store;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.submission.Review;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.submission.SubmissionMetadata;
import dev.modelyard.core.submission.SubmissionQuery;
import dev.modelyard.core.submission.SubmissionStatus;
import dev.modelyard.core.submission.SubmissionStore;
import dev.modelyard.core.user.UserRef;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementException;

/**
 * Submissions, their filterable metadata and their reviews in the {@code submissions}, {@code
 * submission_metadata} and {@code reviews} tables, on one handle. The metadata is kept twice: as the
 * submitted JSON object (types and order preserved) and one row per field holding its {@link
 * SubmissionMetadata#canonical canonical text}, which filters compare against.
 */
public final class JdbiSubmissionStore implements SubmissionStore {
    private static final String SUBMISSION_COLUMNS = "s.id, s.objective_id, s.number, s.model_id, s.model_name,"
            + " s.model_version_id, s.model_version_number, s.digest, s.size_bytes, s.runtime, s.format,"
            + " s.file_name, s.signature_json, s.manifest_json, s.metadata_json, s.description, s.status,"
            + " s.submitted_by, su.name AS submitted_by_name, s.created_at, s.updated_at";
    private static final String FROM = " FROM submissions s JOIN users su ON su.id = s.submitted_by";
    private static final String REVIEW_COLUMNS = "r.id, r.submission_id, r.author_id, au.name AS author_name,"
            + " r.verdict, r.body, r.in_reply_to, r.created_at";
    /** Filter values that are numbers also match numbers written differently ({@code 3.0} finds 3). */
    private static final Pattern DECIMAL = Pattern.compile("[-+]?[0-9]{1,64}(\\.[0-9]{1,64})?([eE][-+]?[0-9]{1,3})?");

    private static final RowMapper<Review> REVIEW = (row, context) -> new Review(
            row.getString("id"),
            row.getString("submission_id"),
            new UserRef(row.getString("author_id"), row.getString("author_name")),
            Review.Verdict.fromId(row.getString("verdict")),
            row.getString("body"),
            Optional.ofNullable(row.getString("in_reply_to")),
            EpochMicros.column(row, "created_at"));

    private final Handle handle;
    private final JsonColumns json;
    private final RowMapper<Submission> submissionMapper;

    public JdbiSubmissionStore(Handle handle) {
        this(handle, new JsonColumns());
    }

    JdbiSubmissionStore(Handle handle, JsonColumns json) {
        this.handle = requireNonNull(handle, "handle is null");
        this.json = requireNonNull(json, "json is null");
        this.submissionMapper = (row, context) -> new Submission(
                row.getString("id"),
                row.getString("objective_id"),
                row.getInt("number"),
                row.getString("model_id"),
                row.getString("model_name"),
                row.getString("model_version_id"),
                row.getInt("model_version_number"),
                row.getString("digest"),
                row.getLong("size_bytes"),
                row.getString("runtime"),
                row.getString("format"),
                row.getString("file_name"),
                this.json.readSignature(row.getString("signature_json")),
                this.json.readObject(row.getString("manifest_json")),
                this.json.readObject(row.getString("metadata_json")),
                row.getString("description"),
                SubmissionStatus.fromId(row.getString("status")),
                new UserRef(row.getString("submitted_by"), row.getString("submitted_by_name")),
                EpochMicros.column(row, "created_at"),
                EpochMicros.column(row, "updated_at"));
    }

    /**
     * Increments the objective's counter: the row stays locked (PostgreSQL) or the database stays
     * write-locked (SQLite, IMMEDIATE transactions) until the caller's transaction ends, so
     * concurrent callers queue up, and a rollback restores the counter.
     */
    @Override
    public int reserveNextSubmissionNumber(String objectiveId) {
        int updated = handle.createUpdate(
                        "UPDATE objectives SET last_submission_number = last_submission_number + 1 WHERE id = :id")
                .bind("id", objectiveId)
                .execute();
        if (updated == 0) {
            throw objectiveNotFound(objectiveId);
        }
        return handle.createQuery("SELECT last_submission_number FROM objectives WHERE id = :id")
                .bind("id", objectiveId)
                .mapTo(Integer.class)
                .one();
    }

    @Override
    public void insertSubmission(Submission submission) {
        try {
            handle.createUpdate(
                            """
                            INSERT INTO submissions (id, objective_id, number, model_id, model_name, model_version_id,
                                model_version_number, digest, size_bytes, runtime, format, file_name, signature_json,
                                manifest_json, metadata_json, description, status, submitted_by, created_at,
                                updated_at)
                            VALUES (:id, :objectiveId, :number, :modelId, :modelName, :modelVersionId,
                                :modelVersionNumber, :digest, :sizeBytes, :runtime, :format, :fileName, :signatureJson,
                                :manifestJson, :metadataJson, :description, :status, :submittedBy, :createdAt,
                                :updatedAt)
                            """)
                    .bind("id", submission.id())
                    .bind("objectiveId", submission.objectiveId())
                    .bind("number", submission.number())
                    .bind("modelId", submission.modelId())
                    .bind("modelName", submission.modelName())
                    .bind("modelVersionId", submission.modelVersionId())
                    .bind("modelVersionNumber", submission.modelVersionNumber())
                    .bind("digest", submission.digest())
                    .bind("sizeBytes", submission.sizeBytes())
                    .bind("runtime", submission.runtime())
                    .bind("format", submission.format())
                    .bind("fileName", submission.fileName())
                    .bind("signatureJson", json.write(submission.signature()))
                    .bind("manifestJson", json.write(submission.manifest()))
                    .bind("metadataJson", json.write(submission.metadata()))
                    .bind("description", submission.description())
                    .bind("status", submission.status().id())
                    .bind("submittedBy", submission.submittedBy().id())
                    .bind("createdAt", submission.createdAt())
                    .bind("updatedAt", submission.updatedAt())
                    .execute();
        } catch (StatementException e) {
            if (SqlFailures.isUniqueViolation(e)) {
                throw new ModelyardException(
                        ErrorCode.ALREADY_EXISTS,
                        "submission " + submission.number() + " already exists",
                        Map.of(
                                "kind",
                                "submission",
                                "objective_id",
                                submission.objectiveId(),
                                "number",
                                submission.number()),
                        e);
            }
            throw e;
        }
        if (!submission.metadata().isEmpty()) {
            PreparedBatch batch = handle.prepareBatch(
                    "INSERT INTO submission_metadata (submission_id, name, value) VALUES (:submissionId, :name, :value)");
            submission.metadata().forEach((name, value) -> batch.bind("submissionId", submission.id())
                    .bind("name", name)
                    .bind("value", SubmissionMetadata.canonical(value))
                    .add());
            batch.execute();
        }
    }

    /** Throws {@link ErrorCode#SUBMISSION_NOT_FOUND} when the submission is gone. */
    @Override
    public void updateSubmissionStatus(String submissionId, SubmissionStatus status, Instant updatedAt) {
        int updated = handle.createUpdate(
                        "UPDATE submissions SET status = :status, updated_at = :updatedAt WHERE id = :id")
                .bind("status", status.id())
                .bind("updatedAt", updatedAt)
                .bind("id", submissionId)
                .execute();
        if (updated == 0) {
            throw new ModelyardException(
                    ErrorCode.SUBMISSION_NOT_FOUND,
                    "submission '" + submissionId + "' does not exist",
                    Map.of("submission_id", submissionId));
        }
    }

    @Override
    public Optional<Submission> findSubmission(String objectiveId, int number) {
        return handle.createQuery("SELECT " + SUBMISSION_COLUMNS + FROM
                        + " WHERE s.objective_id = :objectiveId AND s.number = :number")
                .bind("objectiveId", objectiveId)
                .bind("number", number)
                .map(submissionMapper)
                .findOne();
    }

    @Override
    public Optional<Submission> findSubmissionById(String submissionId) {
        return handle.createQuery("SELECT " + SUBMISSION_COLUMNS + FROM + " WHERE s.id = :id")
                .bind("id", submissionId)
                .map(submissionMapper)
                .findOne();
    }

    /**
     * Filters on status and on metadata fields (one {@code EXISTS} per field). A filter value that
     * is a number matches the field's canonical text of that number as well as the text itself, so
     * {@code 3}, {@code 3.0} and {@code "3"} find each other.
     */
    @Override
    public List<Submission> listSubmissions(String objectiveId, SubmissionQuery query) {
        Optional<Integer> after = query.page().after().map(JdbiSubmissionStore::submissionNumberToken);
        // sorted, so that the same filters always give the same SQL text
        List<Map.Entry<String, String>> filters = new ArrayList<>(new TreeMap<>(query.metadataEquals()).entrySet());
        StringBuilder sql =
                new StringBuilder("SELECT " + SUBMISSION_COLUMNS + FROM + " WHERE s.objective_id = :objectiveId");
        query.status().ifPresent(status -> sql.append(" AND s.status = :status"));
        List<List<String>> acceptedValues = new ArrayList<>();
        for (int i = 0; i < filters.size(); i++) {
            List<String> values = acceptedValues(filters.get(i).getValue());
            acceptedValues.add(values);
            sql.append(" AND EXISTS (SELECT 1 FROM submission_metadata m")
                    .append(i)
                    .append(" WHERE m")
                    .append(i)
                    .append(".submission_id = s.id AND m")
                    .append(i)
                    .append(".name = :metaName")
                    .append(i)
                    .append(" AND m")
                    .append(i)
                    .append(".value IN (");
            for (int v = 0; v < values.size(); v++) {
                sql.append(v == 0 ? "" : ", ")
                        .append(":metaValue")
                        .append(i)
                        .append('_')
                        .append(v);
            }
            sql.append("))");
        }
        after.ifPresent(number -> sql.append(" AND s.number > :after"));
        sql.append(" ORDER BY s.number LIMIT :limit");

        Query statement = handle.createQuery(sql.toString()).bind("objectiveId", objectiveId);
        query.status().ifPresent(status -> statement.bind("status", status.id()));
        for (int i = 0; i < filters.size(); i++) {
            statement.bind("metaName" + i, filters.get(i).getKey());
            List<String> values = acceptedValues.get(i);
            for (int v = 0; v < values.size(); v++) {
                statement.bind("metaValue" + i + "_" + v, values.get(v));
            }
        }
        after.ifPresent(number -> statement.bind("after", number));
        return statement
                .bind("limit", query.page().maxResults() + 1)
                .map(submissionMapper)
                .list();
    }

    @Override
    public long countSubmissionsOfModel(String modelId) {
        return handle.createQuery("SELECT COUNT(*) FROM submissions WHERE model_id = :modelId")
                .bind("modelId", modelId)
                .mapTo(Long.class)
                .one();
    }

    @Override
    public void insertReview(Review review) {
        handle.createUpdate(
                        """
                        INSERT INTO reviews (id, submission_id, author_id, verdict, body, in_reply_to, created_at)
                        VALUES (:id, :submissionId, :authorId, :verdict, :body, :inReplyTo, :createdAt)
                        """)
                .bind("id", review.id())
                .bind("submissionId", review.submissionId())
                .bind("authorId", review.author().id())
                .bind("verdict", review.verdict().id())
                .bind("body", review.body())
                .bindByType("inReplyTo", review.inReplyTo().orElse(null), String.class)
                .bind("createdAt", review.createdAt())
                .execute();
    }

    @Override
    public List<Review> listReviews(String submissionId) {
        return handle.createQuery("SELECT " + REVIEW_COLUMNS
                        + " FROM reviews r JOIN users au ON au.id = r.author_id"
                        + " WHERE r.submission_id = :submissionId ORDER BY r.created_at, r.id")
                .bind("submissionId", submissionId)
                .map(REVIEW)
                .list();
    }

    /** The stored canonical texts a filter value matches: itself, and its canonical number when it is one. */
    private static List<String> acceptedValues(String filterValue) {
        Set<String> values = new LinkedHashSet<>();
        values.add(filterValue);
        if (DECIMAL.matcher(filterValue).matches()) {
            values.add(SubmissionMetadata.canonical(new BigDecimal(filterValue)));
        }
        return List.copyOf(values);
    }

    private static ModelyardException objectiveNotFound(String objectiveId) {
        return new ModelyardException(
                ErrorCode.OBJECTIVE_NOT_FOUND,
                "objective '" + objectiveId + "' does not exist",
                Map.of("objective_id", objectiveId));
    }

    private static int submissionNumberToken(String after) {
        try {
            return Integer.parseInt(after);
        } catch (NumberFormatException e) {
            throw new ModelyardException(
                    ErrorCode.INVALID_PAGE_TOKEN,
                    "page_token is not one this server handed out; start again without it",
                    Map.of("parameter", "page_token"),
                    e);
        }
    }
}
