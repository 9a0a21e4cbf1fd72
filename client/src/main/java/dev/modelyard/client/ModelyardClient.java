package dev.modelyard.client;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.api.ApiJson;
import dev.modelyard.api.ApiKeyResponse;
import dev.modelyard.api.ComparisonResponse;
import dev.modelyard.api.CreateApiKeyRequest;
import dev.modelyard.api.CreateApiKeyResponse;
import dev.modelyard.api.CreateDatasetRequest;
import dev.modelyard.api.CreateDeploymentRequest;
import dev.modelyard.api.CreateMetricSetRequest;
import dev.modelyard.api.CreateModelRequest;
import dev.modelyard.api.CreateObjectiveRequest;
import dev.modelyard.api.CreateProjectRequest;
import dev.modelyard.api.CreateReleaseRequest;
import dev.modelyard.api.CreateTokenRequest;
import dev.modelyard.api.CreateTokenResponse;
import dev.modelyard.api.CreateUserRequest;
import dev.modelyard.api.CreateUserResponse;
import dev.modelyard.api.DatasetPreviewResponse;
import dev.modelyard.api.DatasetResponse;
import dev.modelyard.api.DatasetSummaryResponse;
import dev.modelyard.api.DatasetVersionResponse;
import dev.modelyard.api.DeploymentResponse;
import dev.modelyard.api.DeprecateReleaseRequest;
import dev.modelyard.api.ErrorResponse;
import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.api.LeaderboardResponse;
import dev.modelyard.api.ListApiKeysResponse;
import dev.modelyard.api.ListAuditEventsResponse;
import dev.modelyard.api.ListDatasetVersionsResponse;
import dev.modelyard.api.ListDatasetsResponse;
import dev.modelyard.api.ListDeploymentRevisionsResponse;
import dev.modelyard.api.ListDeploymentsResponse;
import dev.modelyard.api.ListEvaluationJobsResponse;
import dev.modelyard.api.ListMembersResponse;
import dev.modelyard.api.ListMetricSetsResponse;
import dev.modelyard.api.ListModelVersionsResponse;
import dev.modelyard.api.ListModelsResponse;
import dev.modelyard.api.ListObjectivesResponse;
import dev.modelyard.api.ListProjectsResponse;
import dev.modelyard.api.ListReleasesResponse;
import dev.modelyard.api.ListReviewsResponse;
import dev.modelyard.api.ListSubmissionsResponse;
import dev.modelyard.api.ListTagsResponse;
import dev.modelyard.api.ListTokensResponse;
import dev.modelyard.api.ListUsersResponse;
import dev.modelyard.api.MemberResponse;
import dev.modelyard.api.MetricSetResponse;
import dev.modelyard.api.ModelResponse;
import dev.modelyard.api.ModelVersionResponse;
import dev.modelyard.api.ObjectiveResponse;
import dev.modelyard.api.PredictRequest;
import dev.modelyard.api.PredictResponse;
import dev.modelyard.api.ProjectResponse;
import dev.modelyard.api.PutMemberRequest;
import dev.modelyard.api.PutTagRequest;
import dev.modelyard.api.ReleaseResponse;
import dev.modelyard.api.RequestEvaluationRequest;
import dev.modelyard.api.ReviewRequest;
import dev.modelyard.api.ReviewResponse;
import dev.modelyard.api.SubmissionResponse;
import dev.modelyard.api.SubmitRequest;
import dev.modelyard.api.TagHistoryResponse;
import dev.modelyard.api.TagResponse;
import dev.modelyard.api.TokenResponse;
import dev.modelyard.api.UpdateDeploymentRequest;
import dev.modelyard.api.UpdateObjectiveRequest;
import dev.modelyard.api.UpdateProjectRequest;
import dev.modelyard.api.UserResponse;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Java client of the Modelyard REST API ({@code /api/v1}). One method per endpoint, taking
 * and returning the wire records of {@code dev.modelyard.api}. Every non-2xx answer becomes a
 * {@link ModelyardApiException}; a server that cannot be reached becomes a {@link
 * ModelyardConnectionException}. Instances are immutable and safe to share between threads.
 */
public final class ModelyardClient {
    private static final String API_PREFIX = "/api/v1";
    private static final String JSON = "application/json";
    private static final int MAX_ERROR_BODY_BYTES = 64 * 1024;

    private final URI baseUri;
    private final Optional<String> token;
    private final Duration requestTimeout;
    private final Optional<Duration> transferTimeout;
    private final HttpClient httpClient;
    private final ObjectMapper mapper;

    private ModelyardClient(Builder builder) {
        this.baseUri = requireNonNull(builder.baseUri, "baseUri is not set");
        this.token = builder.token;
        this.requestTimeout = builder.requestTimeout;
        this.transferTimeout = builder.transferTimeout;
        this.httpClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(builder.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.mapper = ApiJson.lenientMapper();
    }

    public static Builder builder() {
        return new Builder();
    }

    public URI baseUri() {
        return baseUri;
    }

    // ---------------------------------------------------------------- health

    /** The server's health status, {@code ok} when it is ready; needs no token. */
    public String health() {
        JsonNode body = send(get(path("health")), JsonNode.class);
        return body.path("status").asText("");
    }

    // ---------------------------------------------------------------- users

    /** The user the token belongs to. */
    public UserResponse me() {
        return send(get(path("users", "me")), UserResponse.class);
    }

    public ListUsersResponse listUsers(PageOptions page) {
        return send(get(path("users") + pageQuery(page, new QueryBuilder())), ListUsersResponse.class);
    }

    public UserResponse getUser(String user) {
        return send(get(path("users", user)), UserResponse.class);
    }

    /** Creates a local account (administrators only); the answer holds its first token's secret. */
    public CreateUserResponse createUser(String name, Optional<String> displayName, boolean admin) {
        requireNonNull(name, "name is null");
        requireNonNull(displayName, "displayName is null");
        return send(
                post(path("users"), new CreateUserRequest(name, displayName.orElse(null), admin)),
                CreateUserResponse.class);
    }

    // ---------------------------------------------------------------- tokens

    /** The caller's own tokens. */
    public ListTokensResponse listTokens() {
        return send(get(path("tokens")), ListTokensResponse.class);
    }

    public CreateTokenResponse createToken(String name, Optional<Instant> expiresAt) {
        requireNonNull(name, "name is null");
        requireNonNull(expiresAt, "expiresAt is null");
        return send(
                post(path("tokens"), new CreateTokenRequest(name, expiresAt.orElse(null))), CreateTokenResponse.class);
    }

    /** Revokes one of the caller's tokens and returns it, now with {@code revoked_at}. */
    public TokenResponse revokeToken(String tokenId) {
        return send(delete(path("tokens", tokenId)), TokenResponse.class);
    }

    // ---------------------------------------------------------------- projects

    public ProjectResponse createProject(String name, String description) {
        requireNonNull(name, "name is null");
        return send(post(path("projects"), new CreateProjectRequest(name, description)), ProjectResponse.class);
    }

    public ListProjectsResponse listProjects(PageOptions page) {
        return send(get(path("projects") + pageQuery(page, new QueryBuilder())), ListProjectsResponse.class);
    }

    public ProjectResponse getProject(String project) {
        return send(get(path("projects", project)), ProjectResponse.class);
    }

    public ProjectResponse updateProject(String project, String description) {
        return send(
                request(path("projects", project))
                        .method("PATCH", json(new UpdateProjectRequest(description)))
                        .header("Content-Type", JSON),
                ProjectResponse.class);
    }

    public void deleteProject(String project) {
        send(delete(path("projects", project)), Void.class);
    }

    // ---------------------------------------------------------------- members

    public ListMembersResponse listMembers(String project) {
        return send(get(path("projects", project, "members")), ListMembersResponse.class);
    }

    /** Adds {@code user} to the project, or changes their role. */
    public MemberResponse putMember(String project, String user, MemberRole role) {
        requireNonNull(role, "role is null");
        return send(
                request(path("projects", project, "members", user))
                        .PUT(json(new PutMemberRequest(role.id())))
                        .header("Content-Type", JSON),
                MemberResponse.class);
    }

    public void removeMember(String project, String user) {
        send(delete(path("projects", project, "members", user)), Void.class);
    }

    // ---------------------------------------------------------------- models

    public ModelResponse createModel(String project, String name, String description) {
        requireNonNull(name, "name is null");
        return send(
                post(path("projects", project, "models"), new CreateModelRequest(name, description)),
                ModelResponse.class);
    }

    public ListModelsResponse listModels(String project, PageOptions page) {
        return send(
                get(path("projects", project, "models") + pageQuery(page, new QueryBuilder())),
                ListModelsResponse.class);
    }

    public ModelResponse getModel(String project, String model) {
        return send(get(path("projects", project, "models", model)), ModelResponse.class);
    }

    public void deleteModel(String project, String model) {
        send(delete(path("projects", project, "models", model)), Void.class);
    }

    // ---------------------------------------------------------------- model versions

    /**
     * Uploads a model file (or a zip package) as the model's next version. The file is streamed
     * from disk with an exact Content-Length; {@code listener} hears how many bytes went out.
     *
     * @param manifest an optional {@code modelyard.yaml}, sent as the {@code manifest} text field
     */
    public ModelVersionResponse uploadModelVersion(
            String project, String model, Path file, Optional<Path> manifest, UploadProgressListener listener) {
        requireNonNull(file, "file is null");
        requireNonNull(manifest, "manifest is null");
        requireNonNull(listener, "listener is null");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a readable file");
        }
        manifest.ifPresent(manifestFile -> {
            if (!Files.isRegularFile(manifestFile)) {
                throw new IllegalArgumentException(manifestFile + " is not a readable file");
            }
        });
        MultipartBody.Builder multipart = MultipartBody.builder();
        manifest.ifPresent(manifestFile -> multipart.textPart("manifest", manifestFile, "application/yaml"));
        multipart.filePart("file", file, file.getFileName().toString(), "application/octet-stream");
        return postMultipart(
                path("projects", project, "models", model, "versions"),
                multipart.build(),
                listener,
                ModelVersionResponse.class);
    }

    public ListModelVersionsResponse listModelVersions(String project, String model, PageOptions page) {
        return send(
                get(path("projects", project, "models", model, "versions") + pageQuery(page, new QueryBuilder())),
                ListModelVersionsResponse.class);
    }

    public ModelVersionResponse getModelVersion(String project, String model, int number) {
        return send(
                get(path("projects", project, "models", model, "versions", Integer.toString(number))),
                ModelVersionResponse.class);
    }

    /**
     * Streams a version's artifact to {@code target}, replacing it. The bytes go to a temporary
     * file beside the target first and are moved into place only once complete and matching the
     * server's {@code X-Checksum-Sha256}; on any failure the target is left untouched.
     */
    public DownloadedArtifact downloadArtifact(String project, String model, int number, Path target) {
        return download(
                path("projects", project, "models", model, "versions", Integer.toString(number), "artifact"),
                "application/octet-stream",
                target,
                "the artifact",
                DownloadProgressListener.none());
    }

    // ---------------------------------------------------------------- datasets

    public DatasetResponse createDataset(String project, String name, String description) {
        requireNonNull(name, "name is null");
        return send(
                post(path("projects", project, "datasets"), new CreateDatasetRequest(name, description)),
                DatasetResponse.class);
    }

    /** One page of a project's datasets, by name. */
    public ListDatasetsResponse listDatasets(String project, PageOptions page) {
        return send(
                get(path("projects", project, "datasets") + pageQuery(page, new QueryBuilder())),
                ListDatasetsResponse.class);
    }

    public DatasetResponse getDataset(String project, String dataset) {
        return send(get(path("projects", project, "datasets", dataset)), DatasetResponse.class);
    }

    /**
     * Uploads a CSV or Parquet file as the dataset's next version, streamed from disk with an exact
     * Content-Length; {@code listener} hears how many bytes went out.
     *
     * @param columnTypes column name → type ({@code BIGINT}, {@code DOUBLE}, {@code VARCHAR},
     *     {@code BOOLEAN}, {@code DATE}, {@code TIMESTAMP}) overriding the inferred types; empty:
     *     infer them all
     * @param format {@code csv} or {@code parquet}; empty: the server decides from the file
     * @param mode {@code snapshot} (the server's default) or {@code append}
     */
    public DatasetVersionResponse uploadDatasetVersion(
            String project,
            String dataset,
            Path file,
            Map<String, String> columnTypes,
            Optional<String> format,
            Optional<String> mode,
            UploadProgressListener listener) {
        requireNonNull(file, "file is null");
        requireNonNull(columnTypes, "columnTypes is null");
        requireNonNull(format, "format is null");
        requireNonNull(mode, "mode is null");
        requireNonNull(listener, "listener is null");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " is not a readable file");
        }
        // The multipart body streams every part from a file, so the small text fields go through
        // a private scratch folder that is removed once the upload is over.
        Path fields = null;
        try {
            fields = Files.createTempDirectory("modelyard-upload-");
            MultipartBody.Builder multipart = MultipartBody.builder();
            if (!columnTypes.isEmpty()) {
                multipart.textPart(
                        "schema",
                        Files.write(fields.resolve("schema"), mapper.writeValueAsBytes(new TreeMap<>(columnTypes))),
                        JSON);
            }
            if (format.isPresent()) {
                multipart.textPart("format", Files.writeString(fields.resolve("format"), format.get()), "text/plain");
            }
            if (mode.isPresent()) {
                multipart.textPart("mode", Files.writeString(fields.resolve("mode"), mode.get()), "text/plain");
            }
            multipart.filePart("file", file, file.getFileName().toString(), "application/octet-stream");
            return postMultipart(
                    path("projects", project, "datasets", dataset, "versions"),
                    multipart.build(),
                    listener,
                    DatasetVersionResponse.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the upload of " + file, e);
        } finally {
            deleteScratch(fields);
        }
    }

    /**
     * Uploads a file as a snapshot version with every column type inferred and the format told by
     * the server; see {@link #uploadDatasetVersion(String, String, Path, Map, Optional, Optional,
     * UploadProgressListener)}.
     */
    public DatasetVersionResponse uploadDatasetVersion(
            String project, String dataset, Path file, UploadProgressListener listener) {
        return uploadDatasetVersion(project, dataset, file, Map.of(), Optional.empty(), Optional.empty(), listener);
    }

    /** One page of a dataset's versions, oldest first. */
    public ListDatasetVersionsResponse listDatasetVersions(String project, String dataset, PageOptions page) {
        return send(
                get(path("projects", project, "datasets", dataset, "versions") + pageQuery(page, new QueryBuilder())),
                ListDatasetVersionsResponse.class);
    }

    /** A version: its schema, row count, digest and the file it was made from. */
    public DatasetVersionResponse getDatasetVersion(String project, String dataset, int version) {
        return send(get(datasetVersionPath(project, dataset, version)), DatasetVersionResponse.class);
    }

    /** Rows {@code offset} onwards of a version, at most {@code limit} of them (the server allows up to 1000). */
    public DatasetPreviewResponse previewDatasetVersion(
            String project, String dataset, int version, long offset, int limit) {
        QueryBuilder query =
                new QueryBuilder().add("offset", Long.toString(offset)).add("limit", Integer.toString(limit));
        return send(
                get(datasetVersionPath(project, dataset, version) + "/preview" + query), DatasetPreviewResponse.class);
    }

    /** Statistics of every column of a version, computed when asked. */
    public DatasetSummaryResponse summarizeDatasetVersion(String project, String dataset, int version) {
        return send(get(datasetVersionPath(project, dataset, version) + "/summary"), DatasetSummaryResponse.class);
    }

    /**
     * Streams a version as {@code format} ({@code csv} or {@code parquet}) to {@code target},
     * replacing it only once complete and matching the server's {@code X-Checksum-Sha256} (sent
     * for the stored Parquet file of a snapshot); on any failure the target is left untouched.
     */
    public DownloadedArtifact downloadDatasetVersion(
            String project,
            String dataset,
            int version,
            String format,
            Path target,
            DownloadProgressListener listener) {
        requireNonNull(format, "format is null");
        return download(
                datasetVersionPath(project, dataset, version) + "/download" + new QueryBuilder().add("format", format),
                "*/*",
                target,
                "dataset '" + dataset + "' version " + version,
                listener);
    }

    /**
     * Streams a version as {@code format} into {@code out} (left open) and returns how many bytes
     * were written. Nothing checks the bytes: prefer the file variant where a checksum matters.
     */
    public long downloadDatasetVersion(
            String project,
            String dataset,
            int version,
            String format,
            OutputStream out,
            DownloadProgressListener listener) {
        requireNonNull(format, "format is null");
        requireNonNull(out, "out is null");
        requireNonNull(listener, "listener is null");
        HttpResponse<InputStream> response = openDownload(
                datasetVersionPath(project, dataset, version) + "/download" + new QueryBuilder().add("format", format),
                "*/*");
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream body = new CountingDownload(response.body(), total, listener)) {
            return body.transferTo(out);
        } catch (IOException e) {
            throw new ModelyardConnectionException(
                    "downloading dataset '" + dataset + "' version " + version + " failed: " + e, e);
        }
    }

    // ---------------------------------------------------------------- objectives

    /** Creates an objective; absent tags default to Staging and Production (Production protected). */
    public ObjectiveResponse createObjective(String project, CreateObjectiveRequest objective) {
        requireNonNull(objective, "objective is null");
        return send(post(path("projects", project, "objectives"), objective), ObjectiveResponse.class);
    }

    /** One page of a project's objectives; archived ones only when {@code includeArchived}. */
    public ListObjectivesResponse listObjectives(String project, boolean includeArchived, PageOptions page) {
        QueryBuilder query = new QueryBuilder().add("include_archived", Boolean.toString(includeArchived));
        return send(
                get(path("projects", project, "objectives") + pageQuery(page, query)), ListObjectivesResponse.class);
    }

    /** An objective with its current tags ({@code current_tags}: tag → release version). */
    public ObjectiveResponse getObjective(String project, String objective) {
        return send(get(path("projects", project, "objectives", objective)), ObjectiveResponse.class);
    }

    /** Changes an objective; the request's absent fields stay as they are. */
    public ObjectiveResponse updateObjective(String project, String objective, UpdateObjectiveRequest changes) {
        requireNonNull(changes, "changes is null");
        return send(patch(path("projects", project, "objectives", objective), changes), ObjectiveResponse.class);
    }

    /** Archives an objective: it stays readable, but takes no new submissions. */
    public ObjectiveResponse archiveObjective(String project, String objective) {
        return updateObjective(
                project, objective, new UpdateObjectiveRequest(null, null, null, null, null, null, null, null, true));
    }

    // ---------------------------------------------------------------- submissions

    /**
     * Submits a model version to an objective. A metadata map that does not fit the objective's
     * fields is refused with {@code INVALID_METADATA} (422) naming the field.
     */
    public SubmissionResponse submit(String project, String objective, SubmitRequest submission) {
        requireNonNull(submission, "submission is null");
        return send(
                post(path("projects", project, "objectives", objective, "submissions"), submission),
                SubmissionResponse.class);
    }

    /** One page of an objective's submissions (without their reviews). */
    public ListSubmissionsResponse listSubmissions(String project, String objective, SubmissionQuery query) {
        requireNonNull(query, "query is null");
        QueryBuilder builder = new QueryBuilder();
        query.status().ifPresent(status -> builder.add("status", status));
        new TreeMap<>(query.metadata()).forEach((field, value) -> builder.add("metadata." + field, value));
        return send(
                get(path("projects", project, "objectives", objective, "submissions")
                        + pageQuery(query.page(), builder)),
                ListSubmissionsResponse.class);
    }

    /** One submission with its reviews, approvals and release. */
    public SubmissionResponse getSubmission(String project, String objective, int number) {
        return send(get(submissionPath(project, objective, number)), SubmissionResponse.class);
    }

    /** Withdraws one's own submission; withdrawn is final. */
    public SubmissionResponse withdrawSubmission(String project, String objective, int number) {
        return send(
                request(submissionPath(project, objective, number) + "/withdraw")
                        .POST(BodyPublishers.noBody()),
                SubmissionResponse.class);
    }

    /**
     * Reviews a submission: verdict {@code comment}, {@code approve}, {@code request_changes} or
     * {@code reject}. Approving one's own submission is refused with {@code PERMISSION_DENIED}.
     */
    public ReviewResponse review(String project, String objective, int number, ReviewRequest review) {
        requireNonNull(review, "review is null");
        return send(post(submissionPath(project, objective, number) + "/reviews", review), ReviewResponse.class);
    }

    /** A submission's reviews, oldest first. */
    public ListReviewsResponse listReviews(String project, String objective, int number) {
        return send(get(submissionPath(project, objective, number) + "/reviews"), ListReviewsResponse.class);
    }

    // ---------------------------------------------------------------- evaluations

    /**
     * Asks for evaluations and returns the jobs queued (or already waiting): of one submission or
     * every open one, on one evaluation dataset or all, on one version or the current one. The
     * jobs run in the background; poll {@link #getEvaluationJob} until they are {@code succeeded}
     * or {@code failed}.
     */
    public ListEvaluationJobsResponse requestEvaluation(
            String project, String objective, RequestEvaluationRequest request) {
        requireNonNull(request, "request is null");
        return send(post(evaluationsPath(project, objective), request), ListEvaluationJobsResponse.class);
    }

    /** An objective's evaluation jobs, newest first; only one submission's when {@code submission} is given. */
    public ListEvaluationJobsResponse listEvaluationJobs(
            String project, String objective, Optional<Integer> submission) {
        requireNonNull(submission, "submission is null");
        QueryBuilder query = new QueryBuilder();
        submission.ifPresent(number -> query.add("submission", Integer.toString(number)));
        return send(get(evaluationsPath(project, objective) + query), ListEvaluationJobsResponse.class);
    }

    public EvaluationJobResponse getEvaluationJob(String project, String objective, String job) {
        return send(
                get(path("projects", project, "objectives", objective, "evaluations", job)),
                EvaluationJobResponse.class);
    }

    /** A submission's metric sets (evaluated and ad hoc, every dataset version and subset), newest first. */
    public ListMetricSetsResponse listMetricSets(String project, String objective, int submission) {
        return send(get(metricSetsPath(project, objective, submission)), ListMetricSetsResponse.class);
    }

    public MetricSetResponse getMetricSet(String project, String objective, int submission, String metricSet) {
        return send(
                get(metricSetsPath(project, objective, submission) + "/" + encode(requireSegment(metricSet))),
                MetricSetResponse.class);
    }

    /**
     * Posts a metric set computed elsewhere for a submission on a dataset version. Images are PNG
     * files, base64 in the request; one over the server's limit is refused with {@code
     * PAYLOAD_TOO_LARGE} (413), one that is not a PNG with {@code INVALID_REQUEST} (400).
     */
    public MetricSetResponse postMetricSet(
            String project, String objective, int submission, CreateMetricSetRequest metricSet) {
        requireNonNull(metricSet, "metricSet is null");
        HttpRequest.Builder request = post(metricSetsPath(project, objective, submission), metricSet);
        transferTimeout.ifPresent(request::timeout);
        return send(request, MetricSetResponse.class);
    }

    /** The bytes of a metric set's PNG image. */
    public byte[] getMetricImage(String project, String objective, int submission, String metricSet, String image) {
        HttpResponse<InputStream> response =
                openDownload(metricImagePath(project, objective, submission, metricSet, image), "image/png");
        try (InputStream body = response.body()) {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new ModelyardConnectionException("downloading image '" + image + "' failed: " + e, e);
        }
    }

    /** Streams a metric set's PNG image to {@code target}, replacing it only once complete. */
    public DownloadedArtifact downloadMetricImage(
            String project, String objective, int submission, String metricSet, String image, Path target) {
        return download(
                metricImagePath(project, objective, submission, metricSet, image),
                "image/png",
                target,
                "image '" + image + "'",
                DownloadProgressListener.none());
    }

    /**
     * The objective's submissions ranked by its primary metric on an evaluation dataset (default:
     * the first), one of its versions (default: the current one) and a subset (default: all rows).
     */
    public LeaderboardResponse leaderboard(
            String project,
            String objective,
            Optional<String> dataset,
            Optional<Integer> version,
            Optional<String> subset) {
        return send(
                get(path("projects", project, "objectives", objective, "leaderboard")
                        + scopeQuery(new QueryBuilder(), dataset, version, subset)),
                LeaderboardResponse.class);
    }

    /**
     * Two submissions metric by metric on the same scope as {@link #leaderboard}; {@code
     * difference} is second − first. A submission without a metric set there is refused with
     * {@code CONFLICT}, saying what its evaluation is doing.
     */
    public ComparisonResponse compare(
            String project,
            String objective,
            int first,
            int second,
            Optional<String> dataset,
            Optional<Integer> version,
            Optional<String> subset) {
        QueryBuilder query =
                new QueryBuilder().add("first", Integer.toString(first)).add("second", Integer.toString(second));
        return send(
                get(path("projects", project, "objectives", objective, "compare")
                        + scopeQuery(query, dataset, version, subset)),
                ComparisonResponse.class);
    }

    // ---------------------------------------------------------------- releases

    /**
     * Releases an approved submission. A failing {@code block} check is refused with {@code
     * RELEASE_CHECKS_FAILED} (its {@code failed_checks} in the details); failing {@code warn}
     * checks are in the answer's {@code check_results}.
     */
    public ReleaseResponse createRelease(String project, String objective, CreateReleaseRequest release) {
        requireNonNull(release, "release is null");
        return send(
                post(path("projects", project, "objectives", objective, "releases"), release), ReleaseResponse.class);
    }

    /** One page of an objective's releases, newest first. */
    public ListReleasesResponse listReleases(String project, String objective, PageOptions page) {
        return send(
                get(path("projects", project, "objectives", objective, "releases")
                        + pageQuery(page, new QueryBuilder())),
                ListReleasesResponse.class);
    }

    public ReleaseResponse getRelease(String project, String objective, String version) {
        return send(
                get(path("projects", project, "objectives", objective, "releases", version)), ReleaseResponse.class);
    }

    /** Marks a release deprecated (releases are never deleted). */
    public ReleaseResponse deprecateRelease(String project, String objective, String version, String reason) {
        return send(
                post(
                        path("projects", project, "objectives", objective, "releases", version, "deprecate"),
                        new DeprecateReleaseRequest(reason)),
                ReleaseResponse.class);
    }

    // ---------------------------------------------------------------- tags

    /** The objective's tags and the release each is on now. */
    public ListTagsResponse listTags(String project, String objective) {
        return send(get(path("projects", project, "objectives", objective, "tags")), ListTagsResponse.class);
    }

    /**
     * Puts {@code tag} on the release {@code version}, taking it off the release that had it.
     * Protected tags need the project's owner role.
     */
    public TagResponse putTag(String project, String objective, String tag, String version) {
        requireNonNull(version, "version is null");
        return send(
                request(path("projects", project, "objectives", objective, "tags", tag))
                        .PUT(json(new PutTagRequest(version)))
                        .header("Content-Type", JSON),
                TagResponse.class);
    }

    /** Takes {@code tag} off whichever release carries it. */
    public void removeTag(String project, String objective, String tag) {
        send(delete(path("projects", project, "objectives", objective, "tags", tag)), Void.class);
    }

    /** Every move of {@code tag}, oldest first. */
    public TagHistoryResponse tagHistory(String project, String objective, String tag) {
        return send(
                get(path("projects", project, "objectives", objective, "tags", tag, "history")),
                TagHistoryResponse.class);
    }

    /**
     * The release carrying {@code tag} now, or at the instant {@code asOf}; {@code
     * RELEASE_NOT_FOUND} when none did.
     */
    public ReleaseResponse resolveTag(String project, String objective, String tag, Optional<Instant> asOf) {
        requireNonNull(asOf, "asOf is null");
        QueryBuilder query = new QueryBuilder();
        asOf.ifPresent(instant -> query.add("as_of", instant.toString()));
        return send(
                get(path("projects", project, "objectives", objective, "tags", tag, "release") + query),
                ReleaseResponse.class);
    }

    // ---------------------------------------------------------------- bundles

    /**
     * Streams a release's bundle (a zip holding {@code bundle.json}, the artifact and {@code
     * checksums.sha256}) to {@code target}, replacing it only once the download is complete.
     */
    public DownloadedArtifact exportBundle(String project, String objective, String version, Path target) {
        return download(
                path("projects", project, "objectives", objective, "releases", version, "bundle"),
                "application/zip",
                target,
                "the bundle",
                DownloadProgressListener.none());
    }

    /**
     * Imports a bundle into {@code project}: creates the objective and the model when missing and
     * the release with the same version and digests, without tags. The file is streamed.
     */
    public ReleaseResponse importBundle(String project, Path bundle, UploadProgressListener listener) {
        requireNonNull(bundle, "bundle is null");
        requireNonNull(listener, "listener is null");
        if (!Files.isRegularFile(bundle)) {
            throw new IllegalArgumentException(bundle + " is not a readable file");
        }
        MultipartBody body = MultipartBody.builder()
                .filePart("file", bundle, bundle.getFileName().toString(), "application/zip")
                .build();
        return postMultipart(path("projects", project, "bundles"), body, listener, ReleaseResponse.class);
    }

    // ---------------------------------------------------------------- deployments

    /**
     * Creates a live deployment of an objective: it tracks a tag or pins a release, and the
     * server starts loading that release at once. The answer's {@code status} is usually {@code
     * deploying}; poll {@link #getDeployment} until it is {@code ready} (or {@code failed}, with
     * {@code status_reason}).
     */
    public DeploymentResponse createDeployment(String project, CreateDeploymentRequest deployment) {
        requireNonNull(deployment, "deployment is null");
        return send(post(path("projects", project, "deployments"), deployment), DeploymentResponse.class);
    }

    /** One page of a project's deployments, by name. */
    public ListDeploymentsResponse listDeployments(String project, PageOptions page) {
        return send(
                get(path("projects", project, "deployments") + pageQuery(page, new QueryBuilder())),
                ListDeploymentsResponse.class);
    }

    /** A deployment with its serving status, current and target release and loaded releases. */
    public DeploymentResponse getDeployment(String project, String deployment) {
        return send(get(path("projects", project, "deployments", deployment)), DeploymentResponse.class);
    }

    /**
     * Changes a deployment (a new revision); the request's absent fields stay as they are. Give
     * {@code track} or {@code pin} to change what it serves, {@code stopped} to stop or start it.
     */
    public DeploymentResponse updateDeployment(String project, String deployment, UpdateDeploymentRequest changes) {
        requireNonNull(changes, "changes is null");
        return send(patch(path("projects", project, "deployments", deployment), changes), DeploymentResponse.class);
    }

    /** Every revision of a deployment, newest first, with the release that served at each. */
    public ListDeploymentRevisionsResponse listDeploymentRevisions(String project, String deployment) {
        return send(
                get(path("projects", project, "deployments", deployment, "revisions")),
                ListDeploymentRevisionsResponse.class);
    }

    /**
     * Restores revision {@code revision}'s configuration as a new revision, pinning the release
     * that served then ({@code REVISION_NOT_FOUND} when there is no such revision).
     */
    public DeploymentResponse rollbackDeployment(String project, String deployment, int revision) {
        return send(
                request(path(
                                "projects",
                                project,
                                "deployments",
                                deployment,
                                "revisions",
                                Integer.toString(revision),
                                "rollback"))
                        .POST(BodyPublishers.noBody()),
                DeploymentResponse.class);
    }

    // ---------------------------------------------------------------- deployment API keys

    /** Creates an API key for one deployment; the answer holds its secret, shown this once. */
    public CreateApiKeyResponse createApiKey(
            String project, String deployment, String name, Optional<Instant> expiresAt) {
        requireNonNull(name, "name is null");
        requireNonNull(expiresAt, "expiresAt is null");
        return send(
                post(
                        path("projects", project, "deployments", deployment, "keys"),
                        new CreateApiKeyRequest(name, expiresAt.orElse(null))),
                CreateApiKeyResponse.class);
    }

    /** A deployment's API keys, revoked ones included (never their secrets). */
    public ListApiKeysResponse listApiKeys(String project, String deployment) {
        return send(get(path("projects", project, "deployments", deployment, "keys")), ListApiKeysResponse.class);
    }

    /** Revokes a deployment's API key and returns it, now with {@code revoked_at}. */
    public ApiKeyResponse revokeApiKey(String project, String deployment, String keyId) {
        return send(delete(path("projects", project, "deployments", deployment, "keys", keyId)), ApiKeyResponse.class);
    }

    // ---------------------------------------------------------------- inference

    /**
     * Calls a deployment with rows of named features ({@code POST
     * /api/v1/deployments/{deployment}/predict}). With {@code apiKey} the key is sent as {@code
     * x-api-key} and the client's token is not sent; without it the client's token (if any) is.
     */
    public PredictResponse predict(String deployment, List<Map<String, Object>> instances, Optional<String> apiKey) {
        requireNonNull(instances, "instances is null");
        requireNonNull(apiKey, "apiKey is null");
        HttpRequest.Builder request = inferenceRequest(path("deployments", deployment, "predict"), apiKey)
                .POST(json(new PredictRequest(instances)))
                .header("Content-Type", JSON);
        return send(request, PredictResponse.class);
    }

    /**
     * Sends an Open Inference Protocol v2 inference request ({@code POST
     * /v2/models/{deployment}[/versions/{release}]/infer}) with the client's token and returns the
     * response body as it came. Failures ({@code {"error": "…"}}) become a {@link
     * ModelyardApiException} with a code derived from the status.
     */
    public String infer(String deployment, Optional<String> release, String oipRequestJson) {
        return infer(deployment, release, oipRequestJson, Optional.empty());
    }

    /** {@link #infer(String, Optional, String)} with an API key instead of the client's token. */
    public String infer(String deployment, Optional<String> release, String oipRequestJson, Optional<String> apiKey) {
        requireNonNull(release, "release is null");
        requireNonNull(oipRequestJson, "oipRequestJson is null");
        requireNonNull(apiKey, "apiKey is null");
        StringBuilder target = new StringBuilder("/v2/models/").append(encode(requireSegment(deployment)));
        release.ifPresent(version -> target.append("/versions/").append(encode(requireSegment(version))));
        target.append("/infer");
        HttpRequest.Builder request = inferenceRequest(target.toString(), apiKey)
                .POST(BodyPublishers.ofString(oipRequestJson, StandardCharsets.UTF_8))
                .header("Content-Type", JSON);
        HttpRequest built = request.build();
        HttpResponse<byte[]> response = exchange(built, BodyHandlers.ofByteArray());
        if (!isSuccess(response.statusCode())) {
            throw apiException(response.statusCode(), response.body());
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private HttpRequest.Builder inferenceRequest(String pathAndQuery, Optional<String> apiKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(pathAndQuery))
                .timeout(requestTimeout)
                .header("Accept", JSON)
                .header("User-Agent", "modelyard-java-client");
        if (apiKey.isPresent()) {
            String key = apiKey.get().strip();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("apiKey is blank");
            }
            builder.header("x-api-key", key);
        } else {
            token.ifPresent(secret -> builder.header("Authorization", "Bearer " + secret));
        }
        return builder;
    }

    private static String requireSegment(String segment) {
        requireNonNull(segment, "a path segment is null");
        if (segment.isEmpty()) {
            throw new IllegalArgumentException("a path segment is empty");
        }
        return segment;
    }

    // ---------------------------------------------------------------- audit

    /** A project's audit trail, newest first. */
    public ListAuditEventsResponse listProjectAudit(String project, AuditQuery query) {
        return send(get(path("projects", project, "audit") + auditQuery(query)), ListAuditEventsResponse.class);
    }

    /** The whole instance's audit trail, newest first (administrators only). */
    public ListAuditEventsResponse listInstanceAudit(AuditQuery query) {
        return send(get(path("audit") + auditQuery(query)), ListAuditEventsResponse.class);
    }

    // ---------------------------------------------------------------- plumbing

    private static String auditQuery(AuditQuery query) {
        requireNonNull(query, "query is null");
        QueryBuilder builder = new QueryBuilder();
        query.from().ifPresent(from -> builder.add("from", from.toString()));
        query.to().ifPresent(to -> builder.add("to", to.toString()));
        query.resourceType().ifPresent(type -> builder.add("resource_type", type));
        return pageQuery(query.page(), builder);
    }

    private static String pageQuery(PageOptions page, QueryBuilder builder) {
        requireNonNull(page, "page is null");
        page.maxResults().ifPresent(max -> builder.add("max_results", Integer.toString(max)));
        page.pageToken().ifPresent(token -> builder.add("page_token", token));
        page.nameContains().ifPresent(name -> builder.add("name", name));
        return builder.toString();
    }

    private static String submissionPath(String project, String objective, int number) {
        return path("projects", project, "objectives", objective, "submissions", Integer.toString(number));
    }

    private <T> T postMultipart(
            String pathAndQuery, MultipartBody body, UploadProgressListener listener, Class<T> responseType) {
        BodyPublisher publisher = BodyPublishers.fromPublisher(
                BodyPublishers.ofInputStream(() -> body.open(listener)), body.contentLength());
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri(pathAndQuery)))
                .header("Accept", JSON)
                .header("Content-Type", body.contentType())
                .POST(publisher);
        transferTimeout.ifPresent(request::timeout);
        return send(request.build(), responseType);
    }

    /**
     * Streams a GET's body to {@code target}: into a temporary file beside it first, moved into
     * place only once complete and matching the server's {@code X-Checksum-Sha256} (when sent); on
     * any failure the target is left untouched.
     */
    private DownloadedArtifact download(
            String pathAndQuery, String accept, Path target, String what, DownloadProgressListener listener) {
        requireNonNull(target, "target is null");
        requireNonNull(listener, "listener is null");
        Path absoluteTarget = target.toAbsolutePath();
        HttpResponse<InputStream> response = openDownload(pathAndQuery, accept);
        long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        try (InputStream body = new CountingDownload(response.body(), total, listener)) {
            Optional<String> announced = response.headers()
                    .firstValue("X-Checksum-Sha256")
                    .map(value -> value.trim().toLowerCase(Locale.ROOT))
                    .map(value -> value.startsWith("sha256:") ? value.substring("sha256:".length()) : value);
            Path directory = absoluteTarget.getParent();
            Files.createDirectories(directory);
            Path partial = Files.createTempFile(directory, "." + absoluteTarget.getFileName() + ".", ".part");
            try {
                MessageDigest digest = sha256();
                long size;
                try (OutputStream out = new DigestOutputStream(Files.newOutputStream(partial), digest)) {
                    size = body.transferTo(out);
                }
                String actual = HexFormat.of().formatHex(digest.digest());
                if (announced.isPresent() && !announced.get().equals(actual)) {
                    throw new ArtifactIntegrityException(announced.get(), actual);
                }
                moveIntoPlace(partial, absoluteTarget);
                return new DownloadedArtifact(absoluteTarget, size, actual, announced);
            } finally {
                Files.deleteIfExists(partial);
            }
        } catch (IOException e) {
            throw new ModelyardConnectionException("downloading " + what + " to " + target + " failed: " + e, e);
        }
    }

    /** Sends a GET whose body is streamed; a non-2xx answer becomes a {@link ModelyardApiException}. */
    private HttpResponse<InputStream> openDownload(String pathAndQuery, String accept) {
        HttpRequest.Builder request = authorized(HttpRequest.newBuilder(uri(pathAndQuery)))
                .header("Accept", accept)
                .GET();
        transferTimeout.ifPresent(request::timeout);
        HttpResponse<InputStream> response = exchange(request.build(), BodyHandlers.ofInputStream());
        if (!isSuccess(response.statusCode())) {
            try (InputStream body = response.body()) {
                throw apiException(response.statusCode(), body.readNBytes(MAX_ERROR_BODY_BYTES));
            } catch (IOException e) {
                throw new ModelyardConnectionException(
                        "reading the error of " + request.build().uri().getPath() + " failed: " + e, e);
            }
        }
        return response;
    }

    private static String datasetVersionPath(String project, String dataset, int version) {
        return path("projects", project, "datasets", dataset, "versions", Integer.toString(version));
    }

    private static String evaluationsPath(String project, String objective) {
        return path("projects", project, "objectives", objective, "evaluations");
    }

    private static String metricSetsPath(String project, String objective, int submission) {
        return submissionPath(project, objective, submission) + "/metric-sets";
    }

    private static String metricImagePath(
            String project, String objective, int submission, String metricSet, String image) {
        return metricSetsPath(project, objective, submission) + "/" + encode(requireSegment(metricSet)) + "/images/"
                + encode(requireSegment(image));
    }

    /** Adds the evaluation scope (dataset, version, subset) to {@code query}. */
    private static String scopeQuery(
            QueryBuilder query, Optional<String> dataset, Optional<Integer> version, Optional<String> subset) {
        requireNonNull(dataset, "dataset is null");
        requireNonNull(version, "version is null");
        requireNonNull(subset, "subset is null");
        dataset.ifPresent(name -> query.add("dataset", name));
        version.ifPresent(number -> query.add("version", Integer.toString(number)));
        subset.ifPresent(name -> query.add("subset", name));
        return query.toString();
    }

    /** Removes a scratch folder and its files; a file that will not go is left to the OS. */
    private static void deleteScratch(Path directory) {
        if (directory == null) {
            return;
        }
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a leftover scratch file in the temporary folder does no harm
        }
    }

    /** {@code /api/v1/a/b}, each segment percent-encoded. */
    private static String path(String... segments) {
        StringBuilder path = new StringBuilder(API_PREFIX);
        for (String segment : segments) {
            requireNonNull(segment, "a path segment is null");
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("a path segment is empty");
            }
            path.append('/').append(encode(segment));
        }
        return path.toString();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private URI uri(String pathAndQuery) {
        String base = baseUri.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + pathAndQuery);
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return authorized(HttpRequest.newBuilder(uri(pathAndQuery)))
                .timeout(requestTimeout)
                .header("Accept", JSON);
    }

    private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
        token.ifPresent(secret -> builder.header("Authorization", "Bearer " + secret));
        return builder.header("User-Agent", "modelyard-java-client");
    }

    private HttpRequest.Builder get(String pathAndQuery) {
        return request(pathAndQuery).GET();
    }

    private HttpRequest.Builder delete(String pathAndQuery) {
        return request(pathAndQuery).DELETE();
    }

    private HttpRequest.Builder post(String pathAndQuery, Object body) {
        return request(pathAndQuery).POST(json(body)).header("Content-Type", JSON);
    }

    private HttpRequest.Builder patch(String pathAndQuery, Object body) {
        return request(pathAndQuery).method("PATCH", json(body)).header("Content-Type", JSON);
    }

    private BodyPublisher json(Object body) {
        try {
            return BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T send(HttpRequest.Builder request, Class<T> responseType) {
        return send(request.build(), responseType);
    }

    private <T> T send(HttpRequest request, Class<T> responseType) {
        HttpResponse<byte[]> response = exchange(request, BodyHandlers.ofByteArray());
        byte[] body = response.body();
        if (!isSuccess(response.statusCode())) {
            throw apiException(response.statusCode(), body);
        }
        if (responseType == Void.class) {
            return null;
        }
        try {
            return mapper.readValue(body, responseType);
        } catch (IOException e) {
            throw new ModelyardApiException(
                    response.statusCode(),
                    "MALFORMED_RESPONSE",
                    "the server's answer to " + request.method() + " "
                            + request.uri().getPath() + " is not a valid " + responseType.getSimpleName() + ": "
                            + e.getMessage(),
                    Map.of());
        }
    }

    private <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        try {
            return httpClient.send(request, handler);
        } catch (IOException e) {
            String reason = e.getMessage() != null
                    ? e.getMessage()
                    : e instanceof ConnectException
                            ? "connection refused"
                            : e.getClass().getSimpleName();
            throw new ModelyardConnectionException(
                    "cannot reach Modelyard at " + baseUri + " (" + request.method() + " "
                            + request.uri().getPath() + "): " + reason,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelyardConnectionException("interrupted while talking to " + baseUri, e);
        }
    }

    private static boolean isSuccess(int status) {
        return status >= 200 && status < 300;
    }

    /** Reads the one error shape; anything else falls back to a code derived from the status. */
    ModelyardApiException apiException(int status, byte[] body) {
        try {
            ErrorResponse error = mapper.readValue(body, ErrorResponse.class);
            if (error != null && error.error() != null && error.error().code() != null) {
                String message =
                        error.error().message() == null ? "" : error.error().message();
                Map<String, Object> details = error.error().details() == null
                        ? Map.of()
                        : new LinkedHashMap<>(withoutNullValues(error.error().details()));
                return new ModelyardApiException(status, error.error().code(), message, details);
            }
        } catch (IOException | RuntimeException e) {
            // not the error shape: try the Open Inference Protocol's below
        }
        try {
            JsonNode oipError = mapper.readTree(body);
            if (oipError != null && oipError.path("error").isTextual()) {
                return new ModelyardApiException(
                        status, fallbackCode(status), oipError.path("error").asText(), Map.of());
            }
        } catch (IOException | RuntimeException e) {
            // not JSON at all: fall back below
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        if (text.length() > 200) {
            text = text.substring(0, 200) + "…";
        }
        String message = text.isEmpty() ? "HTTP " + status + " without a body" : "HTTP " + status + ": " + text;
        return new ModelyardApiException(status, fallbackCode(status), message, Map.of());
    }

    private static Map<String, Object> withoutNullValues(Map<String, Object> details) {
        Map<String, Object> copy = new LinkedHashMap<>();
        details.forEach((key, value) -> {
            if (key != null && value != null) {
                copy.put(key, value);
            }
        });
        return copy;
    }

    private static String fallbackCode(int status) {
        return switch (status) {
            case 400 -> "INVALID_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "PERMISSION_DENIED";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 409 -> "CONFLICT";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            case 502, 503, 504 -> "UNAVAILABLE";
            default -> status >= 500 ? "INTERNAL" : "HTTP_" + status;
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Told how much of a download has arrived. Called on the downloading thread, once per buffer,
     * so implementations should be cheap.
     */
    @FunctionalInterface
    public interface DownloadProgressListener {
        /**
         * @param bytesReceived body bytes received so far
         * @param totalBytes the body's size from its Content-Length, or -1 when the server did not say
         */
        void bytesReceived(long bytesReceived, long totalBytes);

        static DownloadProgressListener none() {
            return (bytesReceived, totalBytes) -> {};
        }
    }

    /** Counts the bytes read from a download's body for its listener. */
    private static final class CountingDownload extends FilterInputStream {
        private final long totalBytes;
        private final DownloadProgressListener listener;
        private long bytesRead;

        CountingDownload(InputStream in, long totalBytes, DownloadProgressListener listener) {
            super(in);
            this.totalBytes = totalBytes;
            this.listener = listener;
        }

        @Override
        public int read() throws IOException {
            int value = super.read();
            if (value >= 0) {
                advance(1);
            }
            return value;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int count = super.read(buffer, offset, length);
            if (count > 0) {
                advance(count);
            }
            return count;
        }

        private void advance(long count) {
            bytesRead += count;
            listener.bytesReceived(bytesRead, totalBytes);
        }
    }

    /** Percent-encoded {@code ?a=1&b=2}, empty when nothing was added. */
    private static final class QueryBuilder {
        private final StringBuilder query = new StringBuilder();

        QueryBuilder add(String name, String value) {
            query.append(query.length() == 0 ? '?' : '&')
                    .append(encode(name))
                    .append('=')
                    .append(encode(value));
            return this;
        }

        @Override
        public String toString() {
            return query.toString();
        }
    }

    /** Configures a client: the server's base URI (required), the token and timeouts. */
    public static final class Builder {
        private URI baseUri;
        private Optional<String> token = Optional.empty();
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration requestTimeout = Duration.ofSeconds(60);
        private Optional<Duration> transferTimeout = Optional.empty();

        private Builder() {}

        /** Where the server is, for example {@code http://127.0.0.1:8080}. */
        public Builder baseUri(URI baseUri) {
            requireNonNull(baseUri, "baseUri is null");
            String scheme = baseUri.getScheme();
            if (scheme == null
                    || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                    || baseUri.getHost() == null) {
                throw new IllegalArgumentException("the server URL must be http(s)://host[:port], got " + baseUri);
            }
            this.baseUri = baseUri;
            return this;
        }

        /** The API token sent as {@code Authorization: Bearer …}. */
        public Builder token(String token) {
            requireNonNull(token, "token is null");
            if (token.isBlank()) {
                throw new IllegalArgumentException("token is blank");
            }
            this.token = Optional.of(token.strip());
            return this;
        }

        /** How long to wait for a connection to open (default 10 s). */
        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = positive(connectTimeout, "connectTimeout");
            return this;
        }

        /** How long to wait for the answer to an ordinary JSON request (default 60 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            this.requestTimeout = positive(requestTimeout, "requestTimeout");
            return this;
        }

        /** How long an upload or a download may take in all (default: no limit). */
        public Builder transferTimeout(Duration transferTimeout) {
            this.transferTimeout = Optional.of(positive(transferTimeout, "transferTimeout"));
            return this;
        }

        public ModelyardClient build() {
            return new ModelyardClient(this);
        }

        private static Duration positive(Duration duration, String name) {
            requireNonNull(duration, name + " is null");
            if (duration.isZero() || duration.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive, got " + duration);
            }
            return duration;
        }
    }
}
