package dev.modelyard.server.inference;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * What the inference protocols (OIP over REST and gRPC) ask of Modelyard, after decoding and
 * before encoding: access checks, deployment lookup and the engine call. Failures complete the
 * stage with a {@link dev.modelyard.core.ModelyardException} whose code the protocol maps to its
 * own status (REST: 400/401/403/404/503; gRPC: INVALID_ARGUMENT, UNAUTHENTICATED,
 * PERMISSION_DENIED, NOT_FOUND, UNAVAILABLE). Implementations never block the calling (event loop)
 * thread; results may already be complete.
 */
public interface InferenceGateway {
    /** The server's name and version, for OIP server metadata. */
    String serverName();

    String serverVersion();

    /** True while the server accepts inference (false while starting or stopping). */
    boolean ready();

    /** {@code release} empty: the deployment's current release. */
    CompletionStage<Boolean> modelReady(Credentials credentials, String deployment, Optional<String> release);

    CompletionStage<ModelMetadataView> modelMetadata(
            Credentials credentials, String deployment, Optional<String> release);

    CompletionStage<InferenceOutcome> infer(
            Credentials credentials, String deployment, Optional<String> release, InferenceCall call);
}
