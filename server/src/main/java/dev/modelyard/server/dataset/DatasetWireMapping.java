package dev.modelyard.server.dataset;

import dev.modelyard.api.ColumnSummaryResponse;
import dev.modelyard.api.DatasetColumnResponse;
import dev.modelyard.api.DatasetPreviewResponse;
import dev.modelyard.api.DatasetResponse;
import dev.modelyard.api.DatasetSummaryResponse;
import dev.modelyard.api.DatasetVersionResponse;
import dev.modelyard.api.ValueCountResponse;
import dev.modelyard.core.dataset.ColumnSummary;
import dev.modelyard.core.dataset.Dataset;
import dev.modelyard.core.dataset.DatasetVersion;
import dev.modelyard.core.dataset.TablePreview;
import dev.modelyard.core.dataset.TableSchema;
import dev.modelyard.core.dataset.TableSummary;
import java.util.List;

/** Turns dataset records into the API's wire records. */
final class DatasetWireMapping {
    private DatasetWireMapping() {}

    static DatasetResponse dataset(String projectName, Dataset dataset) {
        return new DatasetResponse(
                dataset.id(),
                projectName,
                dataset.name(),
                dataset.description(),
                dataset.createdBy().name(),
                dataset.createdAt());
    }

    static DatasetVersionResponse version(String projectName, String datasetName, DatasetVersion version) {
        return new DatasetVersionResponse(
                version.id(),
                projectName,
                datasetName,
                version.number(),
                version.mode().id(),
                schema(version.schema()),
                version.rowCount(),
                version.digest(),
                version.sizeBytes(),
                version.files().size(),
                version.sourceFormat().id(),
                version.sourceFileName(),
                version.sourceDigest(),
                version.sourceSizeBytes(),
                version.createdBy().name(),
                version.createdAt());
    }

    static DatasetPreviewResponse preview(
            String projectName, String datasetName, int number, int limit, TablePreview preview) {
        long end = preview.offset() + preview.rows().size();
        return new DatasetPreviewResponse(
                projectName,
                datasetName,
                number,
                schema(preview.schema()),
                preview.offset(),
                limit,
                preview.totalRows(),
                preview.rows(),
                end < preview.totalRows() ? end : null);
    }

    static DatasetSummaryResponse summary(String projectName, String datasetName, int number, TableSummary summary) {
        return new DatasetSummaryResponse(
                projectName,
                datasetName,
                number,
                summary.rowCount(),
                summary.quantilesExact(),
                summary.columns().stream().map(DatasetWireMapping::column).toList());
    }

    private static ColumnSummaryResponse column(ColumnSummary summary) {
        return new ColumnSummaryResponse(
                summary.column().name(),
                summary.column().type().id(),
                summary.count(),
                summary.nulls(),
                summary.distinctEstimate(),
                summary.min().orElse(null),
                summary.max().orElse(null),
                summary.mean().isPresent() ? summary.mean().getAsDouble() : null,
                summary.std().isPresent() ? summary.std().getAsDouble() : null,
                summary.column().type().numeric() ? summary.quantiles() : null,
                summary.topValues().stream()
                        .map(value -> new ValueCountResponse(value.value(), value.count()))
                        .toList());
    }

    private static List<DatasetColumnResponse> schema(TableSchema schema) {
        return schema.columns().stream()
                .map(column ->
                        new DatasetColumnResponse(column.name(), column.type().id()))
                .toList();
    }
}
