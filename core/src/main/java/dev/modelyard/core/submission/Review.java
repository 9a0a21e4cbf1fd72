package dev.modelyard.core.submission;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.user.UserRef;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A review or a comment on a submission. A verdict other than {@code COMMENT} may change the
 * submission's status; {@code inReplyTo} threads a comment under another review or comment.
 */
public record Review(
        String id,
        String submissionId,
        UserRef author,
        Verdict verdict,
        String body,
        Optional<String> inReplyTo,
        Instant createdAt) {

    public enum Verdict {
        COMMENT,
        APPROVE,
        REQUEST_CHANGES,
        REJECT;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Verdict fromId(String id) {
            for (Verdict verdict : values()) {
                if (verdict.id().equals(id)) {
                    return verdict;
                }
            }
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "verdict '" + id + "' is not one of [comment, approve, request_changes, reject]",
                    Map.of("field", "verdict"));
        }
    }

    public Review {
        requireNonNull(id, "id is null");
        requireNonNull(submissionId, "submissionId is null");
        requireNonNull(author, "author is null");
        requireNonNull(verdict, "verdict is null");
        body = body == null ? "" : body;
        requireNonNull(inReplyTo, "inReplyTo is null");
        requireNonNull(createdAt, "createdAt is null");
    }

    public Map<String, Object> auditState() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("id", id);
        state.put("author", author.name());
        state.put("verdict", verdict.id());
        state.put("body", body);
        state.put("in_reply_to", inReplyTo.orElse(null));
        return state;
    }
}
