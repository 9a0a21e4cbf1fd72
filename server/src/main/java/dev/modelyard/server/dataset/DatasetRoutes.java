package dev.modelyard.server.dataset;

import static dev.modelyard.server.http.ApiCall.required;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.api.CreateDatasetRequest;
import dev.modelyard.api.ListDatasetVersionsResponse;
import dev.modelyard.api.ListDatasetsResponse;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.Page;
import dev.modelyard.core.dataset.ColumnType;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetService;
import dev.modelyard.core.dataset.DatasetService.Download;
import dev.modelyard.core.dataset.DatasetUpload;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.SourceFormat;
import dev.modelyard.core.dataset.VersionMode;
import dev.modelyard.core.model.UploadedFile;
import dev.modelyard.core.user.Principal;
import dev.modelyard.server.http.Endpoints;
import dev.modelyard.server.http.ResponseOutputStream;
import dev.modelyard.server.http.Uploads;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Datasets and dataset versions under {@code /api/v1/projects/{project}/datasets}. */
public final class DatasetRoutes {
    private static final String DATASETS = "/api/v1/projects/{project}/datasets";
    private static final String VERSIONS = DATASETS + "/{dataset}/versions";
    private static final String VERSION = VERSIONS + "/{version}";
    private static final String SCHEMA_PART = "schema";
    private static final String FORMAT_PART = "format";
    private static final String MODE_PART = "mode";
    private static final Set<String> FIELD_PARTS = Set.of(SCHEMA_PART, FORMAT_PART, MODE_PART);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DatasetService datasets;
    private final Uploads uploads;

    public DatasetRoutes(DatasetService datasets, Uploads uploads) {
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.uploads = requireNonNull(uploads, "uploads is null");
    }

    public void register(Endpoints endpoints) {
        endpoints.json(HttpMethod.POST, DATASETS, 201, call -> {
            CreateDatasetRequest request = call.body(CreateDatasetRequest.class);
            String project = call.path("project");
            Dataset dataset = datasets.createDataset(
                    call.principal(), project, required(request.name(), "name"), request.description());
            return DatasetWireMapping.dataset(project, dataset);
        });
        endpoints.json(HttpMethod.GET, DATASETS, 200, call -> {
            String project = call.path("project");
            Page<Dataset> page = datasets.listDatasets(call.principal(), project, call.page());
            return new ListDatasetsResponse(
                    page.items().stream()
                            .map(dataset -> DatasetWireMapping.dataset(project, dataset))
                            .toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(HttpMethod.GET, DATASETS + "/{dataset}", 200, call -> {
            String project = call.path("project");
            return DatasetWireMapping.dataset(
                    project, datasets.getDataset(call.principal(), project, call.path("dataset")));
        });

        endpoints.raw(HttpMethod.POST, VERSIONS, context -> {
            String project = context.pathParam("project");
            String dataset = context.pathParam("dataset");
            uploads.handle(
                    context,
                    "upload the dataset as multipart/form-data with the CSV or Parquet file in part 'file' (and"
                            + " optionally parts 'schema', 'format' and 'mode'), for example: curl -F file=@data.csv …",
                    principal -> datasets.requireUploadable(principal, project, dataset),
                    (principal, uploaded) -> DatasetWireMapping.version(
                            project,
                            dataset,
                            datasets.createVersion(principal, project, dataset, upload(context, uploaded))));
        });
        endpoints.json(HttpMethod.GET, VERSIONS, 200, call -> {
            String project = call.path("project");
            String dataset = call.path("dataset");
            Page<DatasetVersion> page = datasets.listVersions(call.principal(), project, dataset, call.page());
            return new ListDatasetVersionsResponse(
                    page.items().stream()
                            .map(version -> DatasetWireMapping.version(project, dataset, version))
                            .toList(),
                    page.nextPageToken().orElse(null));
        });
        endpoints.json(HttpMethod.GET, VERSION, 200, call -> {
            String project = call.path("project");
            String dataset = call.path("dataset");
            return DatasetWireMapping.version(
                    project, dataset, datasets.getVersion(call.principal(), project, dataset, call.intPath("version")));
        });
        endpoints.json(HttpMethod.GET, VERSION + "/preview", 200, call -> {
            String project = call.path("project");
            String dataset = call.path("dataset");
            int number = call.intPath("version");
            long offset = call.query("offset")
                    .map(value -> parseLong("offset", value))
                    .orElse(0L);
            int limit = call.query("limit")
                    .map(value ->
                            (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, parseLong("limit", value))))
                    .orElse(DatasetService.DEFAULT_PREVIEW_ROWS);
            return DatasetWireMapping.preview(
                    project,
                    dataset,
                    number,
                    limit,
                    datasets.preview(call.principal(), project, dataset, number, offset, limit));
        });
        endpoints.json(HttpMethod.GET, VERSION + "/summary", 200, call -> {
            String project = call.path("project");
            String dataset = call.path("dataset");
            int number = call.intPath("version");
            return DatasetWireMapping.summary(
                    project, dataset, number, datasets.summarize(call.principal(), project, dataset, number));
        });
        endpoints.raw(HttpMethod.GET, VERSION + "/download", context -> download(endpoints, context));
    }

    /** The upload's file with the fields sent beside it: 'schema', 'format' and 'mode'. */
    private static DatasetUpload upload(RoutingContext context, UploadedFile file) {
        if (file.manifestText().isPresent()) {
            throw unexpectedPart("manifest");
        }
        MultiMap fields = context.request().formAttributes();
        for (String name : fields.names()) {
            if (!FIELD_PARTS.contains(name)) {
                throw unexpectedPart(name);
            }
        }
        Optional<SourceFormat> format = field(fields, FORMAT_PART)
                .map(value -> SourceFormat.fromId(FORMAT_PART, value.strip().toLowerCase(java.util.Locale.ROOT)));
        VersionMode mode = field(fields, MODE_PART)
                .map(value -> VersionMode.fromId(value.strip().toLowerCase(java.util.Locale.ROOT)))
                .orElse(VersionMode.SNAPSHOT);
        Map<String, ColumnType> types =
                field(fields, SCHEMA_PART).map(DatasetRoutes::schema).orElse(Map.of());
        return new DatasetUpload(file, format, types, mode);
    }

    private static Optional<String> field(MultiMap fields, String name) {
        if (fields.getAll(name).size() > 1) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "send part '" + name + "' once, not " + fields.getAll(name).size() + " times",
                    Map.of("parameter", name));
        }
        return Optional.ofNullable(fields.get(name)).filter(value -> !value.isBlank());
    }

    /** Parses {@code {"column": "TYPE", ...}}, keeping the order. */
    private static Map<String, ColumnType> schema(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JacksonException e) {
            long line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            long column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "part 'schema' is not valid JSON (line " + line + ", column " + column + "); send an object like"
                            + " {\"age\": \"BIGINT\", \"city\": \"VARCHAR\"}",
                    Map.of("parameter", SCHEMA_PART, "line", line, "column", column));
        }
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "part 'schema' must be a JSON object naming columns and their types, like {\"age\": \"BIGINT\"}",
                    Map.of("parameter", SCHEMA_PART));
        }
        Map<String, ColumnType> types = new LinkedHashMap<>();
        node.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                throw new ModelyardException(
                        ErrorCode.INVALID_REQUEST,
                        "part 'schema' gives column '" + entry.getKey() + "' a "
                                + entry.getValue().getNodeType().name().toLowerCase(java.util.Locale.ROOT)
                                + "; give a type name such as \"BIGINT\"",
                        Map.of("parameter", SCHEMA_PART, "column", entry.getKey()));
            }
            types.put(
                    entry.getKey(),
                    ColumnType.fromId(entry.getKey(), entry.getValue().asText()));
        });
        return types;
    }

    /** Streams the version from a worker thread, one chunk at a time, waiting for each to be written. */
    private void download(Endpoints endpoints, RoutingContext context) {
        String project = context.pathParam("project");
        String dataset = context.pathParam("dataset");
        String versionText = context.pathParam("version");
        String formatText = context.request().getParam(FORMAT_PART);
        HttpServerResponse response = context.response();
        endpoints
                .blocking(() -> {
                    Principal principal = endpoints.authenticate(context.request());
                    int number = parseVersion(versionText);
                    SourceFormat format = formatText == null || formatText.isEmpty()
                            ? SourceFormat.PARQUET
                            : SourceFormat.fromId(FORMAT_PART, formatText);
                    Download download = datasets.openDownload(principal, project, dataset, number, format);
                    try (InputStream content = download.content()) {
                        response.setStatusCode(200)
                                .putHeader(HttpHeaders.CONTENT_TYPE, format.contentType())
                                .putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(download.sizeBytes()))
                                .putHeader(
                                        "Content-Disposition",
                                        "attachment; filename=\""
                                                + download.fileName().replaceAll("[\"\\\\\\r\\n]", "_") + "\"");
                        download.sha256().ifPresent(sha256 -> response.putHeader(HttpHeaders.ETAG, "\"" + sha256 + "\"")
                                .putHeader("X-Checksum-Sha256", sha256));
                        try (ResponseOutputStream out = new ResponseOutputStream(response)) {
                            content.transferTo(out);
                        }
                    }
                    return null;
                })
                .onFailure(failure -> endpoints.sendError(context, failure, false));
    }

    private static ModelyardException unexpectedPart(String name) {
        return new ModelyardException(
                ErrorCode.INVALID_REQUEST,
                "unexpected part '" + name + "'; send part 'file' and optionally 'schema', 'format' and 'mode'",
                Map.of("parameter", name));
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "parameter '" + name + "': '" + value + "' is not a whole number",
                    Map.of("parameter", name));
        }
    }

    private static int parseVersion(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new ModelyardException(
                    ErrorCode.INVALID_REQUEST,
                    "parameter 'version': '" + text + "' is not a whole number",
                    Map.of("parameter", "version"));
        }
    }
}
