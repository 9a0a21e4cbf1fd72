package dev.modelyard.core;

/**
 * Every failure Modelyard reports, with the HTTP status it maps to. The server's single error
 * mapper turns a {@link ModelyardException} into {@code {"error": {"code", "message", "details"}}}
 * with this status; nothing else decides statuses.
 */
public enum ErrorCode {
    INVALID_REQUEST(400),
    MALFORMED_JSON(400),
    INVALID_NAME(400),
    INVALID_PAGE_TOKEN(400),
    UNAUTHENTICATED(401),
    PERMISSION_DENIED(403),
    NOT_FOUND(404),
    USER_NOT_FOUND(404),
    TOKEN_NOT_FOUND(404),
    PROJECT_NOT_FOUND(404),
    MEMBER_NOT_FOUND(404),
    MODEL_NOT_FOUND(404),
    MODEL_VERSION_NOT_FOUND(404),
    OBJECTIVE_NOT_FOUND(404),
    SUBMISSION_NOT_FOUND(404),
    RELEASE_NOT_FOUND(404),
    REVIEW_NOT_FOUND(404),
    DEPLOYMENT_NOT_FOUND(404),
    REVISION_NOT_FOUND(404),
    API_KEY_NOT_FOUND(404),
    DATASET_NOT_FOUND(404),
    DATASET_VERSION_NOT_FOUND(404),
    METHOD_NOT_ALLOWED(405),
    ALREADY_EXISTS(409),
    CONFLICT(409),
    RELEASE_CHECKS_FAILED(409),
    PAYLOAD_TOO_LARGE(413),
    UNSUPPORTED_MEDIA_TYPE(415),
    INVALID_MODEL(422),
    INVALID_PACKAGE(422),
    INVALID_MANIFEST(422),
    INVALID_METADATA(422),
    INVALID_RELEASE_VERSION(422),
    UNKNOWN_TAG(422),
    INVALID_BUNDLE(422),
    INVALID_DATASET(422),
    UNAVAILABLE(503),
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
