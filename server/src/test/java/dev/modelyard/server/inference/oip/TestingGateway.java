package dev.modelyard.server.inference.oip;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.server.inference.Credentials;
import dev.modelyard.server.inference.InferenceCall;
import dev.modelyard.server.inference.InferenceGateway;
import dev.modelyard.server.inference.InferenceOutcome;
import dev.modelyard.server.inference.ModelMetadataView;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A gateway for protocol tests: echoes the inputs as outputs (those requested, or all), and fails
 * by deployment name: {@code missing} (not found), {@code busy} (unavailable), {@code locked}
 * (needs bearer {@code good}; {@code bad} is denied), {@code boom} (an unexpected exception, in the
 * stage), {@code throws} (thrown at once), {@code sleepy} (not ready). {@code async} answers from
 * another thread. It keeps the last call and credentials it saw.
 */
final class TestingGateway implements InferenceGateway {
    static final String UUID = "00000000-0000-4000-8000-000000000001";

    volatile boolean ready = true;
    volatile Credentials lastCredentials;
    volatile InferenceCall lastCall;
    volatile Optional<String> lastRelease;

    @Override
    public String serverName() {
        return "modelyard";
    }

    @Override
    public String serverVersion() {
        return "0.1.0-test";
    }

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public CompletionStage<Boolean> modelReady(Credentials credentials, String deployment, Optional<String> release) {
        lastCredentials = credentials;
        lastRelease = release;
        return check(deployment, credentials).thenApply(ignored -> !deployment.equals("sleepy"));
    }

    @Override
    public CompletionStage<ModelMetadataView> modelMetadata(
            Credentials credentials, String deployment, Optional<String> release) {
        lastCredentials = credentials;
        lastRelease = release;
        return check(deployment, credentials)
                .thenApply(ignored -> new ModelMetadataView(
                        deployment,
                        release.map(List::of).orElse(List.of("r2", "r1")),
                        "onnx_onnxv1",
                        new Signature(
                                List.of(new TensorSpec("x", "FP32", List.of(-1L, 13L))),
                                List.of(
                                        new TensorSpec("y", "FP32", List.of(-1L, 1L)),
                                        new TensorSpec("label", "INT64", List.of(-1L))),
                                List.of())));
    }

    @Override
    public CompletionStage<InferenceOutcome> infer(
            Credentials credentials, String deployment, Optional<String> release, InferenceCall call) {
        lastCredentials = credentials;
        lastRelease = release;
        lastCall = call;
        if (deployment.equals("throws")) {
            throw new IllegalStateException("thrown at once");
        }
        CompletableFuture<InferenceOutcome> outcome = check(deployment, credentials)
                .thenApply(ignored -> {
                    List<Tensor> outputs = new ArrayList<>();
                    for (Tensor input : call.inputs()) {
                        if (call.outputs().isEmpty() || call.outputs().contains(input.name())) {
                            outputs.add(input);
                        }
                    }
                    return new InferenceOutcome(deployment, release.orElse("r2"), UUID, outputs);
                });
        if (deployment.equals("async")) {
            return outcome.thenApplyAsync(result -> result);
        }
        return outcome;
    }

    private static CompletableFuture<Void> check(String deployment, Credentials credentials) {
        return switch (deployment) {
            case "missing" ->
                CompletableFuture.failedFuture(
                        new ModelyardException(ErrorCode.MODEL_NOT_FOUND, "no deployment 'missing'"));
            case "busy" ->
                CompletableFuture.failedFuture(
                        new ModelyardException(ErrorCode.UNAVAILABLE, "deployment 'busy' is loading"));
            case "boom" -> CompletableFuture.failedFuture(new IllegalStateException("something broke"));
            case "locked" -> {
                if (credentials.bearer().isEmpty() && credentials.apiKey().isEmpty()) {
                    yield CompletableFuture.failedFuture(
                            new ModelyardException(ErrorCode.UNAUTHENTICATED, "deployment 'locked' needs a key"));
                }
                if (!credentials.bearer().equals(Optional.of("good"))
                        && !credentials.apiKey().equals(Optional.of("good"))) {
                    yield CompletableFuture.failedFuture(
                            new ModelyardException(ErrorCode.PERMISSION_DENIED, "this key may not call 'locked'"));
                }
                yield CompletableFuture.completedFuture(null);
            }
            default -> CompletableFuture.completedFuture(null);
        };
    }
}
