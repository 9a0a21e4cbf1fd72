package dev.modelyard.server.evaluation;

import dev.modelyard.api.ChartSpec;
import dev.modelyard.api.ComparisonResponse;
import dev.modelyard.api.EvaluationDatasetSpec;
import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.api.EvaluationSpec;
import dev.modelyard.api.LeaderboardEntryResponse;
import dev.modelyard.api.LeaderboardResponse;
import dev.modelyard.api.MetricImageResponse;
import dev.modelyard.api.MetricSetResponse;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ScoreMappingSpec;
import dev.modelyard.api.SeriesSpec;
import dev.modelyard.api.SubsetSpec;
import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import dev.modelyard.core.evaluation.Comparison;
import dev.modelyard.core.evaluation.EvaluationDefinition;
import dev.modelyard.core.evaluation.EvaluationJob;
import dev.modelyard.core.evaluation.EvaluationSettings;
import dev.modelyard.core.evaluation.Leaderboard;
import dev.modelyard.core.evaluation.MetricSetRecord;
import dev.modelyard.core.evaluation.ScoreMapping;
import dev.modelyard.core.evaluation.VersionPolicy;
import dev.modelyard.core.evaluation.metrics.Chart;
import dev.modelyard.core.objective.Metric;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Evaluation between domain records and wire records. */
public final class EvaluationWireMapping {
    private EvaluationWireMapping() {}

    /** The wire form of an objective's evaluation settings. */
    public static EvaluationSpec spec(EvaluationSettings settings) {
        ScoreMapping mapping = settings.scoreMapping();
        return new EvaluationSpec(
                settings.datasets().stream()
                        .map(dataset -> new EvaluationDatasetSpec(
                                dataset.datasetName(),
                                dataset.policy().id(),
                                dataset.version().orElse(null)))
                        .toList(),
                settings.subsets().stream()
                        .map(subset ->
                                new SubsetSpec(subset.name(), subset.filter().text()))
                        .toList(),
                new ScoreMappingSpec(
                        mapping.featureColumns(),
                        mapping.output().orElse(null),
                        mapping.scoreColumn().orElse(null),
                        mapping.threshold().orElse(null),
                        mapping.positiveLabel().orElse(null),
                        mapping.classLabels()));
    }

    /** What a caller asked for; absent lists are empty, an absent mapping is the defaults. */
    public static EvaluationDefinition definition(EvaluationSpec spec) {
        ScoreMappingSpec mapping = spec.scoreMapping();
        return new EvaluationDefinition(
                listOrEmpty(spec.datasets()).stream()
                        .map(dataset -> {
                            if (dataset == null
                                    || dataset.dataset() == null
                                    || dataset.dataset().isBlank()) {
                                throw invalid("each evaluation dataset names its dataset", "evaluation.datasets");
                            }
                            return new EvaluationDefinition.DatasetChoice(
                                    dataset.dataset(),
                                    Optional.ofNullable(dataset.policy()).map(VersionPolicy::fromId),
                                    Optional.ofNullable(dataset.version()));
                        })
                        .toList(),
                listOrEmpty(spec.subsets()).stream()
                        .map(subset -> {
                            if (subset == null || subset.name() == null || subset.filter() == null) {
                                throw invalid("each subset has a name and a filter", "evaluation.subsets");
                            }
                            return new EvaluationDefinition.SubsetDefinition(subset.name(), subset.filter());
                        })
                        .toList(),
                mapping == null
                        ? ScoreMapping.defaults()
                        : new ScoreMapping(
                                listOrEmpty(mapping.featureColumns()),
                                Optional.ofNullable(mapping.output()),
                                Optional.ofNullable(mapping.scoreColumn()),
                                Optional.ofNullable(mapping.threshold()),
                                Optional.ofNullable(mapping.positiveLabel()),
                                listOrEmpty(mapping.classLabels())));
    }

    static EvaluationJobResponse job(EvaluationJob job, int submissionNumber, String datasetName) {
        return new EvaluationJobResponse(
                job.id(),
                submissionNumber,
                datasetName,
                job.datasetVersionNumber(),
                job.trigger().id(),
                job.status().id(),
                job.attempt(),
                job.rowsDone(),
                job.rowsTotal(),
                job.error().orElse(null),
                job.requestedBy().name(),
                job.createdAt(),
                job.startedAt().orElse(null),
                job.finishedAt().orElse(null));
    }

    static MetricSetResponse metricSet(
            MetricSetRecord set, int submissionNumber, String datasetName, String imageBaseUrl) {
        Map<String, ChartSpec> charts = new LinkedHashMap<>();
        set.metrics().charts().forEach((name, chart) -> charts.put(name, chart(chart)));
        return new MetricSetResponse(
                set.id(),
                submissionNumber,
                datasetName,
                set.datasetVersionNumber(),
                set.subset().orElse(null),
                set.source().id(),
                set.jobId().orElse(null),
                set.rowCount(),
                set.metrics().values(),
                set.metrics().undefined(),
                charts,
                set.metrics().confusionMatrix(),
                set.images().stream()
                        .map(image -> new MetricImageResponse(
                                image.name(), image.sizeBytes(), image.digest(), imageBaseUrl + "/" + image.name()))
                        .toList(),
                set.createdBy().name(),
                set.createdAt());
    }

    static Chart chart(String name, ChartSpec spec) {
        if (spec == null || spec.kind() == null || spec.series() == null) {
            throw invalid("chart '" + name + "' needs a kind and series", "charts");
        }
        try {
            return new Chart(
                    spec.kind(),
                    spec.series().stream()
                            .map(series -> {
                                if (series == null || series.name() == null || series.values() == null) {
                                    throw invalid(
                                            "each series of chart '" + name + "' has a name and values", "charts");
                                }
                                return new Chart.Series(series.name(), series.values());
                            })
                            .toList());
        } catch (IllegalArgumentException e) {
            throw invalid("chart '" + name + "': " + e.getMessage(), "charts");
        }
    }

    static LeaderboardResponse leaderboard(Leaderboard board) {
        return new LeaderboardResponse(
                board.objectiveName(),
                board.datasetName(),
                board.datasetVersion(),
                board.subset().orElse(null),
                metric(board.primaryMetric()),
                board.metrics().stream().map(EvaluationWireMapping::metric).toList(),
                board.entries().stream()
                        .map(entry -> new LeaderboardEntryResponse(
                                entry.rank().isPresent() ? entry.rank().getAsInt() : null,
                                entry.submission().number(),
                                entry.submission().modelName(),
                                entry.submission().modelVersionNumber(),
                                entry.submission().status().id(),
                                entry.release().orElse(null),
                                entry.submission().submittedBy().name(),
                                entry.submission().createdAt(),
                                entry.submission().metadata(),
                                entry.metricSet()
                                        .map(set -> set.metrics().values())
                                        .orElse(Map.of()),
                                entry.metricSet().map(MetricSetRecord::id).orElse(null),
                                entry.evaluation()))
                        .toList());
    }

    static ComparisonResponse comparison(Comparison comparison, int first, int second) {
        return new ComparisonResponse(
                comparison.datasetName(),
                comparison.datasetVersion(),
                comparison.subset().orElse(null),
                first,
                second,
                comparison.first().id(),
                comparison.second().id(),
                comparison.rows().stream()
                        .map(row -> new ComparisonResponse.Row(
                                row.metric(),
                                row.direction().orElse(null),
                                row.first().isPresent() ? row.first().getAsDouble() : null,
                                row.second().isPresent() ? row.second().getAsDouble() : null,
                                row.difference().isPresent() ? row.difference().getAsDouble() : null,
                                row.better().orElse(null)))
                        .toList());
    }

    private static MetricSpec metric(Metric metric) {
        return new MetricSpec(metric.name(), metric.direction().id(), metric.primary());
    }

    private static ChartSpec chart(Chart chart) {
        return new ChartSpec(
                chart.kind(),
                chart.series().stream()
                        .map(series -> new SeriesSpec(series.name(), series.values()))
                        .toList());
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static ModelyardException invalid(String message, String field) {
        return new ModelyardException(ErrorCode.INVALID_REQUEST, message, Map.of("field", field));
    }
}
