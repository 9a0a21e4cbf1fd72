package dev.modelyard.server.evaluation;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import dev.modelyard.api.ComparisonResponse;
import dev.modelyard.api.CreateMetricSetRequest;
import dev.modelyard.api.ListEvaluationJobsResponse;
import dev.modelyard.api.ListMetricSetsResponse;
import dev.modelyard.api.MetricSetResponse;
import dev.modelyard.api.RequestEvaluationRequest;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.evaluation.AdHocMetricSet;
import dev.modelyard.core.evaluation.EvaluationService;
import dev.modelyard.core.evaluation.EvaluationService.JobView;
import dev.modelyard.core.evaluation.EvaluationService.MetricSetView;
import dev.modelyard.core.evaluation.metrics.Chart;
import dev.modelyard.core.user.Principal;
import dev.modelyard.server.http.ApiCall;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.ResponseOutputStream;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluation under an objective: evaluation jobs ({@code .../evaluations}), metric sets of a
 * submission ({@code .../submissions/{submission}/metric-sets}), the leaderboard and comparisons.
 */
public final class EvaluationRoutes {
    static final String OBJECTIVE = "/api/v1/projects/{project}/objectives/{objective}";
    static final String EVALUATIONS = OBJECTIVE + "/evaluations";
    static final String METRIC_SETS = OBJECTIVE + "/submissions/{submission}/metric-sets";
    static final String METRIC_SET = METRIC_SETS + "/{metric_set}";
    /** Room for the images (base64 grows them by a third) next to numbers and charts. */
    private static final long JSON_ALLOWANCE_BYTES = 8L * 1024 * 1024;

    private final EvaluationService evaluations;
    private final long maxMetricSetBytes;

    public EvaluationRoutes(EvaluationService evaluations, long maxImageBytes) {
        this.evaluations = requireNonNull(evaluations, "evaluations is null");
        this.maxMetricSetBytes = EvaluationService.MAX_IMAGES * (maxImageBytes / 3 * 4 + 4) + JSON_ALLOWANCE_BYTES;
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, EVALUATIONS, 202, call -> {
            RequestEvaluationRequest request = call.hasBody()
                    ? call.body(RequestEvaluationRequest.class)
                    : new RequestEvaluationRequest(null, null, null);
            List<JobView> jobs = evaluations.requestEvaluation(
                    call.principal(),
                    call.path("project"),
                    call.path("objective"),
                    Optional.ofNullable(request.submission()),
                    Optional.ofNullable(request.dataset()),
                    Optional.ofNullable(request.version()));
            return jobs(jobs);
        });
        endpoints.json(
                HttpMethod.GET,
                EVALUATIONS,
                200,
                call -> jobs(evaluations.listJobs(
                        call.principal(), call.path("project"), call.path("objective"), call.intQuery("submission"))));
        endpoints.json(HttpMethod.GET, EVALUATIONS + "/{job}", 200, call -> {
            JobView view = evaluations.getJob(
                    call.principal(), call.path("project"), call.path("objective"), call.path("job"));
            return EvaluationWireMapping.job(view.job(), view.submissionNumber(), view.datasetName());
        });
        endpoints.json(
                HttpMethod.GET,
                METRIC_SETS,
                200,
                call -> new ListMetricSetsResponse(evaluations
                        .listMetricSets(
                                call.principal(),
                                call.path("project"),
                                call.path("objective"),
                                call.intPath("submission"))
                        .stream()
                        .map(view -> metricSet(call, view))
                        .toList()));
        endpoints.json(HttpMethod.POST, METRIC_SETS, 201, maxMetricSetBytes, call -> {
            CreateMetricSetRequest request = call.body(CreateMetricSetRequest.class);
            MetricSetView view = evaluations.postMetricSet(
                    call.principal(),
                    call.path("project"),
                    call.path("objective"),
                    call.intPath("submission"),
                    adHoc(request));
            return metricSet(call, view);
        });
        endpoints.json(
                HttpMethod.GET,
                METRIC_SET,
                200,
                call -> metricSet(
                        call,
                        evaluations.getMetricSet(
                                call.principal(),
                                call.path("project"),
                                call.path("objective"),
                                call.intPath("submission"),
                                call.path("metric_set"))));
        endpoints.raw(HttpMethod.GET, METRIC_SET + "/images/{image}", context -> image(endpoints, context));
        endpoints.json(
                HttpMethod.GET,
                OBJECTIVE + "/leaderboard",
                200,
                call -> EvaluationWireMapping.leaderboard(evaluations.leaderboard(
                        call.principal(),
                        call.path("project"),
                        call.path("objective"),
                        call.query("dataset"),
                        call.intQuery("version"),
                        call.query("subset"))));
        endpoints.json(HttpMethod.GET, OBJECTIVE + "/compare", 200, call -> {
            int first = call.intQuery("first").orElseThrow(() -> missing("first"));
            int second = call.intQuery("second").orElseThrow(() -> missing("second"));
            ComparisonResponse response = EvaluationWireMapping.comparison(
                    evaluations.compare(
                            call.principal(),
                            call.path("project"),
                            call.path("objective"),
                            first,
                            second,
                            call.query("dataset"),
                            call.intQuery("version"),
                            call.query("subset")),
                    first,
                    second);
            return response;
        });
    }

    private static ListEvaluationJobsResponse jobs(List<JobView> jobs) {
        return new ListEvaluationJobsResponse(jobs.stream()
                .map(view -> EvaluationWireMapping.job(view.job(), view.submissionNumber(), view.datasetName()))
                .toList());
    }

    private static MetricSetResponse metricSet(ApiCall call, MetricSetView view) {
        String base = "/api/v1/projects/" + call.path("project") + "/objectives/" + call.path("objective")
                + "/submissions/" + view.submissionNumber() + "/metric-sets/"
                + view.metricSet().id() + "/images";
        return EvaluationWireMapping.metricSet(view.metricSet(), view.submissionNumber(), view.datasetName(), base);
    }

    private static AdHocMetricSet adHoc(CreateMetricSetRequest request) {
        Map<String, Chart> charts = new LinkedHashMap<>();
        if (request.charts() != null) {
            request.charts().forEach((name, chart) -> charts.put(name, EvaluationWireMapping.chart(name, chart)));
        }
        Map<String, byte[]> images = new LinkedHashMap<>();
        if (request.images() != null) {
            request.images().forEach((name, base64) -> {
                try {
                    images.put(name, Base64.getDecoder().decode(required(base64, "images." + name)));
                } catch (IllegalArgumentException e) {
                    throw new ModelyardException(
                            ErrorCode.INVALID_REQUEST,
                            "image '" + name + "' is not valid base64",
                            Map.of("field", "images"));
                }
            });
        }
        return new AdHocMetricSet(
                required(request.dataset(), "dataset"),
                required(request.version(), "version"),
                Optional.ofNullable(request.subset()),
                Optional.ofNullable(request.rowCount()),
                request.values() == null ? Map.of() : request.values(),
                charts,
                request.confusionMatrix() == null ? List.of() : request.confusionMatrix(),
                images);
    }

    private void image(Endpoints endpoints, RoutingContext context) {
        HttpServerResponse response = context.response();
        endpoints
                .blocking(() -> {
                    Principal principal = endpoints.authenticate(context.request());
                    int submission = submissionNumber(context.pathParam("submission"));
                    try (InputStream content = evaluations.openImage(
                            principal,
                            context.pathParam("project"),
                            context.pathParam("objective"),
                            submission,
                            context.pathParam("metric_set"),
                            context.pathParam("image"))) {
                        response.setStatusCode(200)
                                .putHeader(HttpHeaders.CONTENT_TYPE, "image/png")
                                .setChunked(true);
                        try (ResponseOutputStream out = new ResponseOutputStream(response)) {
                            content.transferTo(out);
                        }
                    }
                    return null;
                })
                .onFailure(failure -> endpoints.sendError(context, failure, false));
    }

    private static int submissionNumber(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "submission must be a whole number, not '" + value + "'",
                    Map.of("parameter", "submission"));
        }
    }

    private static ModelyardException missing(String name) {
        return new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "query parameter '" + name + "' is required: the submission number to compare",
                Map.of("parameter", name));
    }
}
