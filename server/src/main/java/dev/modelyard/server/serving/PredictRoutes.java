package dev.modelyard.server.serving;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.api.PredictRequest;
import dev.modelyard.api.PredictResponse;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.runtime.Tensor;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.inference.Credentials;
import dev.modelyard.server.inference.InferenceCall;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code POST /api/v1/deployments/{deployment}/predict}: rows of named features in, predictions out. */
public final class PredictRoutes {
    private final DeploymentGateway gateway;
    private final ObjectMapper json;

    public PredictRoutes(DeploymentGateway gateway, ObjectMapper json) {
        this.gateway = requireNonNull(gateway, "gateway is null");
        this.json = requireNonNull(json, "json is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.asyncJson(HttpMethod.POST, "/api/v1/deployments/{deployment}/predict", (context, body) -> {
            String deployment = context.pathParam("deployment");
            PredictRequest request = parse(body);
            Credentials credentials = Credentials.fromHeaders(
                    context.request().getHeader(HttpHeaders.AUTHORIZATION),
                    context.request().getHeader("x-api-key"));
            String clientId = context.request().getHeader("x-request-id");
            // errors carry a request id too; a successful answer names the request's own uuid
            context.response().putHeader("x-request-id", clientId != null ? clientId : RequestIds.next());
            return gateway.authorize(credentials, deployment).thenCompose(served -> {
                Tensor input = TabularPredictions.toTensor(
                        served.target()
                                .orElseThrow(() -> new ModelyardException(
                                        ErrorCode.UNAVAILABLE,
                                        "deployment '" + deployment + "' has no release to serve yet",
                                        Map.of()))
                                .submission()
                                .signature(),
                        request.instances());
                InferenceCall call =
                        new InferenceCall(Optional.ofNullable(clientId), List.of(input), Set.of(), Map.of());
                return gateway.infer(credentials, deployment, Optional.empty(), call)
                        .thenApply(outcome -> {
                            context.response()
                                    .putHeader("x-request-id", clientId != null ? clientId : outcome.requestUuid());
                            return new PredictResponse(
                                    TabularPredictions.predictions(
                                            outcome.outputs(),
                                            request.instances().size()),
                                    outcome.release(),
                                    outcome.requestUuid());
                        });
            });
        });
    }

    private PredictRequest parse(byte[] body) {
        try {
            PredictRequest request = json.readValue(body, PredictRequest.class);
            if (request == null || request.instances() == null) {
                throw new ModelyardException(
                        ErrorCode.INVALID_REQUEST,
                        "send {\"instances\": [{\"feature\": value, …}]}",
                        Map.of("field", "instances"));
            }
            return request;
        } catch (IOException e) {
            throw new ModelyardException(
                    ErrorCode.MALFORMED_JSON,
                    "the body is not valid JSON of the form {\"instances\": [{\"feature\": value, …}]}",
                    Map.of());
        }
    }
}
