package dev.modelyard.server.serving;

import static java.util.Objects.requireNonNull;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.deployment.ApiKey;
import dev.modelyard.core.deployment.Deployment;
import dev.modelyard.core.deployment.DeploymentService;
import dev.modelyard.core.history.HistoryRecord;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.release.ReleaseView;
import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.submission.Submission;
import dev.modelyard.core.user.Principal;
import dev.modelyard.engine.DeploymentNotFoundException;
import dev.modelyard.engine.DeploymentNotReadyException;
import dev.modelyard.engine.DeploymentState;
import dev.modelyard.engine.DeploymentStatus;
import dev.modelyard.engine.EngineOverloadedException;
import dev.modelyard.engine.InferenceEngine;
import dev.modelyard.engine.InferenceResult;
import dev.modelyard.engine.InferenceTimeoutException;
import dev.modelyard.engine.LoadState;
import dev.modelyard.engine.ReleaseNotLoadedException;
import dev.modelyard.engine.ReleaseState;
import dev.modelyard.server.history.HistoryRecorder;
import dev.modelyard.server.history.RecordedCall;
import dev.modelyard.server.inference.Credentials;
import dev.modelyard.server.inference.InferenceCall;
import dev.modelyard.server.inference.InferenceGateway;
import dev.modelyard.server.inference.InferenceOutcome;
import dev.modelyard.server.inference.ModelMetadataView;
import dev.modelyard.server.serving.ServingSupervisor.ChallengerCalls;
import dev.modelyard.server.serving.ServingSupervisor.ServedChallenger;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inference protocols' way into Modelyard: finds the deployment in the serving snapshot,
 * checks the caller against its access level, and asks the engine. No database call on the hot
 * path: credentials come from the {@link CredentialCache}.
 *
 * <p>A deployment with a challenger whose history records also sends a sampled share of its calls
 * to the challenger once the champion's answer is known: the caller's thread only counts, and on an
 * event loop waits until the answer is written before handing the call to a challenger thread; the
 * call runs on the challenger's own worker pool with its own timeout, and is recorded with role
 * {@code challenger} and the champion's request uuid. Calls addressed to one release ({@code
 * /versions/{release}}) and calls the champion refused for capacity are not sent. When {@link
 * ServingSupervisor#challengerCapacity} challenger calls already wait or run, the call is skipped
 * and counted, so a slow challenger never builds a backlog.
 */
public final class DeploymentGateway implements InferenceGateway {
    private static final Logger log = LoggerFactory.getLogger(DeploymentGateway.class);

    private final ServingSupervisor supervisor;
    private final InferenceEngine engine;
    private final CredentialCache credentials;
    private final String version;
    private final Clock clock;
    private final HistoryRecorder history;
    /** Hands challenger calls to the engine off the champion's thread; idle, it has no thread. */
    private final ThreadPoolExecutor challengerHandoff;

    private volatile boolean ready;

    public DeploymentGateway(
            ServingSupervisor supervisor,
            InferenceEngine engine,
            CredentialCache credentials,
            HistoryRecorder history,
            String version,
            Clock clock) {
        this.supervisor = requireNonNull(supervisor, "supervisor is null");
        this.engine = requireNonNull(engine, "engine is null");
        this.credentials = requireNonNull(credentials, "credentials is null");
        this.history = requireNonNull(history, "history is null");
        this.version = requireNonNull(version, "version is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.challengerHandoff =
                new ThreadPoolExecutor(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "modelyard-challenger");
                    thread.setDaemon(true);
                    return thread;
                });
        this.challengerHandoff.allowCoreThreadTimeOut(true);
    }

    public void markReady(boolean isReady) {
        this.ready = isReady;
    }

    @Override
    public String serverName() {
        return "modelyard";
    }

    @Override
    public String serverVersion() {
        return version;
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public CompletionStage<Boolean> modelReady(Credentials caller, String deployment, Optional<String> release) {
        return authorize(caller, deployment).thenApply(served -> ServingSupervisor.stateOf(engine, deployment)
                .map(state -> state.status() == DeploymentStatus.READY
                        && release.map(wanted -> loaded(state, wanted)).orElse(true))
                .orElse(false));
    }

    @Override
    public CompletionStage<ModelMetadataView> modelMetadata(
            Credentials caller, String deployment, Optional<String> release) {
        return authorize(caller, deployment).thenApply(served -> {
            Optional<DeploymentState> state = ServingSupervisor.stateOf(engine, deployment);
            List<String> versions = state.map(current -> current.releases().stream()
                            .filter(loaded -> loaded.loadState() == LoadState.LOADED)
                            .map(ReleaseState::release)
                            .toList())
                    .orElse(List.of());
            if (release.isPresent() && !versions.contains(release.get())) {
                throw notLoaded(deployment, release.get());
            }
            Submission submission = served.target()
                    .orElseThrow(() -> new ModelyardException(
                            ErrorCode.UNAVAILABLE,
                            "deployment '" + deployment + "' has no release to serve yet",
                            Map.of("deployment", deployment)))
                    .submission();
            Signature signature = submission.signature();
            return new ModelMetadataView(deployment, versions, platform(submission.runtime()), signature);
        });
    }

    @Override
    public CompletionStage<InferenceOutcome> infer(
            Credentials caller, String deployment, Optional<String> release, InferenceCall call) {
        String requestUuid = RequestIds.next();
        return authorizeCaller(caller, deployment)
                .thenCompose(authorized -> {
                    long started = System.nanoTime();
                    CompletionStage<InferenceOutcome> answer = engine.infer(
                                    deployment, release, call.inputs(), call.outputs())
                            .thenApply(result ->
                                    new InferenceOutcome(deployment, result.release(), requestUuid, result.outputs()));
                    String deploymentId = authorized.served().deployment().id();
                    if (!history.recording(deploymentId)) {
                        return answer;
                    }
                    return answer.handle((outcome, failure) -> {
                                long latency = (System.nanoTime() - started) / 1000;
                                CompletionStage<Void> recorded = history.record(recordedCall(
                                        authorized, requestUuid, release, call, outcome, failure, latency));
                                if (release.isEmpty()) {
                                    challenge(authorized, requestUuid, call, failure);
                                }
                                if (!history.durable(deploymentId)) {
                                    return failure == null
                                            ? CompletableFuture.completedFuture(outcome)
                                            : CompletableFuture.<InferenceOutcome>failedFuture(failure);
                                }
                                // durable: answer once the call is on disk, and never acknowledge one that is not
                                return recorded.handle((done, spoolFailure) -> {
                                    if (spoolFailure != null) {
                                        throw new ModelyardException(
                                                ErrorCode.UNAVAILABLE,
                                                "the call could not be recorded in the inference history; retry",
                                                Map.of("retry_after_seconds", 1));
                                    }
                                    if (failure != null) {
                                        throw failure instanceof RuntimeException runtime
                                                ? runtime
                                                : new CompletionException(failure);
                                    }
                                    return outcome;
                                });
                            })
                            .thenCompose(stage -> stage);
                })
                .exceptionally(failure -> {
                    throw translate(failure, deployment, release);
                });
    }

    private RecordedCall recordedCall(
            Authorized authorized,
            String requestUuid,
            Optional<String> release,
            InferenceCall call,
            InferenceOutcome outcome,
            Throwable failure,
            long latencyMicros) {
        Deployment deployment = authorized.served().deployment();
        Optional<String> used = outcome != null
                ? Optional.of(outcome.release())
                : release.or(() -> authorized.served().target().map(target -> target.release()
                        .version()));
        Optional<Submission> submission = used.flatMap(version -> supervisor
                .servedSubmission(deployment.name(), version)
                .or(() -> authorized
                        .served()
                        .target()
                        .filter(target -> target.release().version().equals(version))
                        .map(ReleaseView::submission)));
        return new RecordedCall(
                clock.instant(),
                requestUuid,
                deployment.id(),
                deployment.objectiveId(),
                authorized.userId(),
                authorized.apiKeyId(),
                submission,
                used,
                call.inputs(),
                outcome == null ? List.of() : outcome.outputs(),
                failure == null
                        ? Optional.empty()
                        : Optional.of(String.valueOf(
                                translate(failure, deployment.name(), release).getMessage())),
                latencyMicros,
                HistoryRecord.CHAMPION);
    }

    /**
     * Sends the call to the deployment's challenger, if it has one, unless sampling leaves it out,
     * the champion was refused for capacity, or too many challenger calls are under way. Only
     * counts and enqueues on the caller's thread.
     */
    private void challenge(Authorized authorized, String requestUuid, InferenceCall call, Throwable championFailure) {
        Deployment deployment = authorized.served().deployment();
        Optional<ServedChallenger> found = supervisor.challenger(deployment.name());
        if (found.isEmpty() || refusedForCapacity(championFailure)) {
            return;
        }
        ServedChallenger challenger = found.get();
        ChallengerCalls calls = supervisor.challengerCalls(deployment.name());
        if (challenger.release().isEmpty()) {
            calls.skippedNotReady.increment();
            return;
        }
        if (challenger.challenger().samplingRate() < 1.0
                && ThreadLocalRandom.current().nextDouble()
                        >= challenger.challenger().samplingRate()) {
            calls.sampledOut.increment();
            return;
        }
        if (calls.inFlight.incrementAndGet() > ServingSupervisor.challengerCapacity(deployment.resources())) {
            calls.inFlight.decrementAndGet();
            calls.skippedBusy.increment();
            return;
        }
        Runnable handoff = () -> {
            try {
                challengerHandoff.execute(() -> callChallenger(authorized, challenger, calls, requestUuid, call));
            } catch (RejectedExecutionException e) {
                calls.inFlight.decrementAndGet();
                calls.skippedBusy.increment();
            }
        };
        // On an event loop, the answer is written by the task running now: hand the call over after it,
        // so no thread woken for the challenger competes with writing the answer.
        Context context = Vertx.currentContext();
        if (context != null && context.isEventLoopContext()) {
            context.runOnContext(ignored -> handoff.run());
        } else {
            handoff.run();
        }
    }

    /** On the challenger thread: asks the engine, and records the answer, error or timeout. */
    private void callChallenger(
            Authorized authorized,
            ServedChallenger challenger,
            ChallengerCalls calls,
            String requestUuid,
            InferenceCall call) {
        long started = System.nanoTime();
        CompletableFuture<InferenceResult> result;
        try {
            result = engine.infer(challenger.engineName(), Optional.empty(), call.inputs(), call.outputs());
        } catch (RuntimeException e) {
            result = CompletableFuture.failedFuture(e);
        }
        result.whenComplete((answer, failure) -> {
            calls.inFlight.decrementAndGet();
            Throwable cause = unwrap(failure);
            if (cause instanceof EngineOverloadedException) {
                calls.skippedBusy.increment();
                return;
            }
            if (cause instanceof DeploymentNotReadyException || cause instanceof DeploymentNotFoundException) {
                calls.skippedNotReady.increment();
                return;
            }
            calls.called.increment();
            long latency = (System.nanoTime() - started) / 1000;
            try {
                history.record(challengerCall(authorized, challenger, requestUuid, call, answer, cause, latency));
            } catch (RuntimeException e) {
                log.warn("could not record a challenger call of deployment {}", challenger.engineName(), e);
            }
        });
    }

    private RecordedCall challengerCall(
            Authorized authorized,
            ServedChallenger challenger,
            String requestUuid,
            InferenceCall call,
            InferenceResult answer,
            Throwable failure,
            long latencyMicros) {
        Deployment deployment = authorized.served().deployment();
        Optional<String> used = answer != null
                ? Optional.of(answer.release())
                : challenger.release().map(release -> release.release().version());
        Optional<Submission> submission = used.flatMap(version -> supervisor
                .servedSubmission(challenger.engineName(), version)
                .or(() -> challenger
                        .release()
                        .filter(release -> release.release().version().equals(version))
                        .map(ReleaseView::submission)));
        return new RecordedCall(
                clock.instant(),
                requestUuid,
                deployment.id(),
                deployment.objectiveId(),
                authorized.userId(),
                authorized.apiKeyId(),
                submission,
                used,
                call.inputs(),
                answer == null ? List.of() : answer.outputs(),
                failure == null ? Optional.empty() : Optional.of(challengerError(failure, challenger)),
                latencyMicros,
                HistoryRecord.CHALLENGER);
    }

    /** Why a challenger call failed, in the history's words. */
    private static String challengerError(Throwable cause, ServedChallenger challenger) {
        if (cause instanceof InferenceTimeoutException) {
            return "the challenger did not answer within "
                    + challenger.challenger().timeoutMillis() + " ms";
        }
        if (cause instanceof InvalidInputException invalid) {
            return invalid.getMessage();
        }
        if (cause instanceof ModelExecutionException execution) {
            return "the model failed: " + execution.getMessage();
        }
        return String.valueOf(cause.getMessage());
    }

    private static boolean refusedForCapacity(Throwable failure) {
        return unwrap(failure) instanceof EngineOverloadedException;
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** A deployment a caller may call, and who the caller is (a user, or an API key). */
    private record Authorized(ServedDeployment served, Optional<String> userId, Optional<String> apiKeyId) {}

    /** The deployment if the caller may call it; fails with 401/403/404/503 otherwise. */
    public CompletionStage<ServedDeployment> authorize(Credentials caller, String name) {
        return authorizeCaller(caller, name).thenApply(Authorized::served);
    }

    private CompletionStage<Authorized> authorizeCaller(Credentials caller, String name) {
        Optional<ServedDeployment> found = supervisor.deployment(name);
        if (found.isEmpty()) {
            return CompletableFuture.failedFuture(new ModelyardException(
                    ErrorCode.DEPLOYMENT_NOT_FOUND,
                    "deployment '" + name + "' does not exist",
                    Map.of("deployment", String.valueOf(name))));
        }
        ServedDeployment served = found.get();
        Deployment deployment = served.deployment();
        if (deployment.stopped()) {
            return CompletableFuture.failedFuture(new ModelyardException(
                    ErrorCode.UNAVAILABLE, "deployment '" + name + "' is stopped", Map.of("deployment", name)));
        }
        return switch (deployment.access()) {
            case PUBLIC ->
                CompletableFuture.completedFuture(new Authorized(served, Optional.empty(), Optional.empty()));
            case INSTANCE, PROJECT -> authenticate(caller, served);
        };
    }

    private CompletionStage<Authorized> authenticate(Credentials caller, ServedDeployment served) {
        Deployment deployment = served.deployment();
        Optional<String> key = caller.apiKey()
                .or(() -> caller.bearer().filter(secret -> secret.startsWith(DeploymentService.KEY_PREFIX)));
        if (key.isPresent()) {
            return credentials.key(key.get()).thenApply(found -> {
                ApiKey apiKey = found.orElseThrow(() -> unauthenticated("the API key is not valid"));
                if (!apiKey.activeAt(clock.instant())) {
                    throw unauthenticated("the API key is revoked or expired");
                }
                if (!apiKey.deploymentId().equals(deployment.id())) {
                    throw forbidden("this API key belongs to another deployment, not to '" + deployment.name() + "'");
                }
                return new Authorized(served, Optional.empty(), Optional.of(apiKey.id()));
            });
        }
        if (caller.bearer().isEmpty()) {
            return CompletableFuture.failedFuture(unauthenticated("deployment '" + deployment.name()
                    + "' needs credentials: an API key (x-api-key) or a token (Authorization: Bearer)"));
        }
        return credentials.principal(caller.bearer().get()).thenCompose(found -> {
            Principal principal = found.orElseThrow(
                    () -> unauthenticated("the API token is not valid: it is unknown, revoked or expired"));
            Authorized authorized = new Authorized(served, Optional.of(principal.userId()), Optional.empty());
            return switch (deployment.access()) {
                case PUBLIC, INSTANCE -> CompletableFuture.completedFuture(authorized);
                case PROJECT ->
                    principal.admin()
                            ? CompletableFuture.completedFuture(authorized)
                            : credentials
                                    .member(principal.userId(), deployment.projectId())
                                    .thenApply(member -> {
                                        if (!member) {
                                            throw forbidden("deployment '" + deployment.name()
                                                    + "' serves members of its project;" + " user '"
                                                    + principal.user().name() + "' is not one (use an API key)");
                                        }
                                        return authorized;
                                    });
            };
        });
    }

    private static boolean loaded(DeploymentState state, String release) {
        return state.releases().stream()
                .anyMatch(loaded -> loaded.release().equals(release) && loaded.loadState() == LoadState.LOADED);
    }

    /** The OIP platform string of a runtime: {@code <runtime>_<format>}. */
    static String platform(String runtime) {
        return switch (runtime) {
            case "onnx" -> "onnx_onnxv1";
            case "xgboost" -> "xgboost_json";
            case "lightgbm" -> "lightgbm_text";
            case "pmml" -> "pmml_xml";
            default -> runtime;
        };
    }

    private static RuntimeException translate(Throwable failure, String deployment, Optional<String> release) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof InvalidInputException invalid) {
            return new ModelyardException(ErrorCode.INVALID_REQUEST, invalid.getMessage(), Map.of());
        }
        if (cause instanceof EngineOverloadedException) {
            return new ModelyardException(
                    ErrorCode.UNAVAILABLE,
                    "deployment '" + deployment + "' is at capacity; retry in a moment",
                    Map.of("retry_after_seconds", 1));
        }
        if (cause instanceof InferenceTimeoutException) {
            return new ModelyardException(
                    ErrorCode.UNAVAILABLE,
                    "deployment '" + deployment + "' did not answer in time; retry later",
                    Map.of("retry_after_seconds", 1));
        }
        if (cause instanceof DeploymentNotReadyException || cause instanceof DeploymentNotFoundException) {
            return new ModelyardException(
                    ErrorCode.UNAVAILABLE,
                    "deployment '" + deployment + "' has no model ready yet; retry shortly",
                    Map.of("retry_after_seconds", 1));
        }
        if (cause instanceof ReleaseNotLoadedException) {
            return notLoaded(deployment, release.orElse("?"));
        }
        if (cause instanceof ModelExecutionException execution) {
            return new ModelyardException(
                    ErrorCode.INTERNAL, "the model failed: " + execution.getMessage(), Map.of(), execution);
        }
        if (cause instanceof ModelyardException known) {
            return known;
        }
        return cause instanceof RuntimeException runtime ? runtime : new CompletionException(cause);
    }

    private static ModelyardException notLoaded(String deployment, String release) {
        return new ModelyardException(
                ErrorCode.RELEASE_NOT_FOUND,
                "deployment '" + deployment + "' has not served release " + release + " or no longer has it loaded",
                Map.of("deployment", deployment, "release", release));
    }

    private static ModelyardException unauthenticated(String message) {
        return new ModelyardException(ErrorCode.UNAUTHENTICATED, message, Map.of());
    }

    private static ModelyardException forbidden(String message) {
        return new ModelyardException(ErrorCode.PERMISSION_DENIED, message, Map.of());
    }
}
