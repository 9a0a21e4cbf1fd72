package dev.modelyard.server.history;

import static java.util.Objects.requireNonNull;

import dev.modelyard.api.CreateHistoryRequest;
import dev.modelyard.api.HistoryCountersResponse;
import dev.modelyard.api.HistoryResponse;
import dev.modelyard.api.HistoryRowsResponse;
import dev.modelyard.api.HistoryStatusResponse;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.history.HistoryService;
import dev.modelyard.core.history.HistoryService.HistoryPage;
import dev.modelyard.core.history.HistorySettings;
import dev.modelyard.core.history.HistoryState;
import dev.modelyard.core.history.InferenceHistory;
import dev.modelyard.server.http.ApiCall;
import dev.modelyard.server.http.Endpoints;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A deployment's inference history under {@code /api/v1/projects/{project}/deployments/{deployment}/history}:
 * create, pause, resume and remove (owners), its state and counters, and the recorded calls.
 */
public final class HistoryRoutes {
    private static final String HISTORY = "/api/v1/projects/{project}/deployments/{deployment}/history";

    private final HistoryService histories;
    private final HistoryRecorder recorder;

    public HistoryRoutes(HistoryService histories, HistoryRecorder recorder) {
        this.histories = requireNonNull(histories, "histories is null");
        this.recorder = requireNonNull(recorder, "recorder is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, HISTORY, 201, call -> {
            CreateHistoryRequest request = call.hasBody()
                    ? call.body(CreateHistoryRequest.class)
                    : new CreateHistoryRequest(null, null, null, null);
            InferenceHistory history = histories.create(
                    call.principal(),
                    call.path("project"),
                    call.path("deployment"),
                    new HistorySettings(
                            Optional.ofNullable(request.dataset()),
                            Optional.ofNullable(request.samplingRate()),
                            request.redactedFields() == null ? List.of() : request.redactedFields(),
                            Boolean.TRUE.equals(request.durable())));
            return response(call.path("deployment"), history);
        });
        endpoints.json(HttpMethod.GET, HISTORY + "/status", 200, call -> {
            HistoryService.Histories found =
                    histories.get(call.principal(), call.path("project"), call.path("deployment"));
            String deployment = call.path("deployment");
            return new HistoryStatusResponse(
                    found.current()
                            .map(history -> response(deployment, history))
                            .orElse(null),
                    found.all().stream()
                            .filter(history -> history.state() == HistoryState.REMOVED)
                            .map(history -> response(deployment, history))
                            .toList());
        });
        endpoints.json(
                HttpMethod.POST,
                HISTORY + "/pause",
                200,
                call -> response(
                        call.path("deployment"),
                        histories.pause(call.principal(), call.path("project"), call.path("deployment"))));
        endpoints.json(
                HttpMethod.POST,
                HISTORY + "/resume",
                200,
                call -> response(
                        call.path("deployment"),
                        histories.resume(call.principal(), call.path("project"), call.path("deployment"))));
        endpoints.json(
                HttpMethod.DELETE,
                HISTORY,
                200,
                call -> response(
                        call.path("deployment"),
                        histories.remove(call.principal(), call.path("project"), call.path("deployment"))));
        endpoints.json(HttpMethod.GET, HISTORY, 200, this::rows);
    }

    private HistoryRowsResponse rows(ApiCall call) {
        Page page = call.query("page_token")
                .filter(token -> !token.isEmpty())
                .map(HistoryRoutes::decode)
                .orElse(new Page(Optional.empty(), 0));
        int limit = call.intQuery("max_results").orElse(100);
        HistoryPage found = histories.query(
                call.principal(),
                call.path("project"),
                call.path("deployment"),
                call.instantQuery("from"),
                call.instantQuery("to"),
                call.booleanQuery("error_only").orElse(false),
                page.version(),
                page.offset(),
                limit);
        return new HistoryRowsResponse(
                found.dataset().orElse(null),
                found.version(),
                found.rows(),
                found.nextOffset()
                        .map(offset -> encode(found.version(), offset))
                        .orElse(null));
    }

    private HistoryResponse response(String deployment, InferenceHistory history) {
        HistoryCountersResponse counters = recorder.counters(history.deploymentId())
                .filter(counter -> history.state() != HistoryState.REMOVED)
                .map(counter -> new HistoryCountersResponse(
                        counter.calls(),
                        counter.recorded(),
                        counter.dropped(),
                        counter.failed(),
                        counter.sampledOut(),
                        counter.waiting()))
                .orElse(null);
        return new HistoryResponse(
                history.id(),
                deployment,
                history.datasetName(),
                history.state().id(),
                history.samplingRate(),
                history.redactedFields(),
                history.durable(),
                history.createdBy().name(),
                history.createdAt(),
                history.updatedAt(),
                counters);
    }

    /** A page token: the dataset version the first page read and how many matching rows came before. */
    private record Page(Optional<Integer> version, long offset) {}

    private static String encode(int version, long offset) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("h1:" + version + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static Page decode(String token) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split(":");
            if (parts.length == 3 && parts[0].equals("h1")) {
                return new Page(Optional.of(Integer.parseInt(parts[1])), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ModelyardException(
                ErrorCode.INVALID_PAGE_TOKEN, "the page token is not valid", Map.of("parameter", "page_token"));
    }
}
