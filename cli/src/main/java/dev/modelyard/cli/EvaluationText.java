package dev.modelyard.cli;

import dev.modelyard.api.ChartSpec;
import dev.modelyard.api.ComparisonResponse;
import dev.modelyard.api.EvaluationJobResponse;
import dev.modelyard.api.EvaluationSpec;
import dev.modelyard.api.LeaderboardEntryResponse;
import dev.modelyard.api.LeaderboardResponse;
import dev.modelyard.api.MetricImageResponse;
import dev.modelyard.api.MetricSetResponse;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ScoreMappingSpec;
import dev.modelyard.api.SeriesSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How evaluation settings, jobs, metric sets, leaderboards and comparisons read in human output. */
final class EvaluationText {
    private EvaluationText() {}

    /** The evaluation part of {@code objectives show}. */
    static String settings(EvaluationSpec evaluation) {
        StringBuilder text = new StringBuilder("\nEvaluation datasets:\n");
        if (evaluation == null
                || evaluation.datasets() == null
                || evaluation.datasets().isEmpty()) {
            text.append("  none (metric release checks are not evaluable)\n");
        } else {
            Table table = new Table("DATASET", "POLICY", "VERSION");
            evaluation
                    .datasets()
                    .forEach(dataset -> table.addRow(
                            dataset.dataset(),
                            dataset.policy(),
                            dataset.version() == null ? "newest" : dataset.version()));
            text.append(indent(table.render()));
        }
        text.append("\nSubsets:\n");
        if (evaluation == null
                || evaluation.subsets() == null
                || evaluation.subsets().isEmpty()) {
            text.append("  none\n");
        } else {
            Table table = new Table("NAME", "FILTER");
            evaluation.subsets().forEach(subset -> table.addRow(subset.name(), subset.filter()));
            text.append(indent(table.render()));
        }
        text.append("\nScore mapping:\n");
        ScoreMappingSpec mapping = evaluation == null ? null : evaluation.scoreMapping();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(
                "Feature columns",
                mapping == null || empty(mapping.featureColumns())
                        ? "the model's own feature names"
                        : String.join(", ", mapping.featureColumns()));
        fields.put("Output", mapping == null || mapping.output() == null ? "default" : mapping.output());
        fields.put(
                "Score column", mapping == null || mapping.scoreColumn() == null ? "default" : mapping.scoreColumn());
        fields.put("Threshold", mapping == null || mapping.threshold() == null ? "default" : mapping.threshold());
        fields.put(
                "Positive label",
                mapping == null || mapping.positiveLabel() == null ? "default" : mapping.positiveLabel());
        fields.put(
                "Class labels",
                mapping == null || empty(mapping.classLabels()) ? "default" : String.join(", ", mapping.classLabels()));
        text.append(indent(Table.keyValues(fields)));
        return text.toString();
    }

    static String jobs(List<EvaluationJobResponse> jobs) {
        if (jobs.isEmpty()) {
            return "No evaluation jobs.\n";
        }
        Table table = new Table(
                "JOB",
                "SUBMISSION",
                "DATASET",
                "VERSION",
                "TRIGGER",
                "STATUS",
                "ATTEMPT",
                "ROWS",
                "CREATED AT",
                "ERROR");
        jobs.forEach(job -> table.addRow(
                job.id(),
                "#" + job.submission(),
                job.dataset(),
                job.datasetVersion(),
                job.trigger(),
                job.status(),
                job.attempt(),
                rows(job),
                Formats.instant(job.createdAt()),
                job.error()));
        return table.render();
    }

    /** {@code 8192/20000}, or the total alone once the job succeeded. */
    static String rows(EvaluationJobResponse job) {
        return "succeeded".equals(job.status())
                ? Long.toString(job.rowsTotal())
                : job.rowsDone() + "/" + job.rowsTotal();
    }

    static boolean finished(EvaluationJobResponse job) {
        return "succeeded".equals(job.status()) || "failed".equals(job.status());
    }

    /** {@code dataset 'customers' version 2, subset 'web'} or {@code …, all rows}. */
    static String scope(String dataset, int version, String subset) {
        return "dataset '" + dataset + "' version " + version + ", "
                + (subset == null ? "all rows" : "subset '" + subset + "'");
    }

    static String metricSet(MetricSetResponse set) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("Submission", "#" + set.submission());
        fields.put("Dataset", set.dataset() + " version " + set.datasetVersion());
        fields.put("Subset", set.subset() == null ? "all rows" : set.subset());
        fields.put(
                "Source",
                "ad_hoc".equals(set.source())
                        ? "ad hoc"
                        : set.source() + (set.jobId() == null ? "" : " (job " + set.jobId() + ")"));
        fields.put("Rows", set.rowCount());
        fields.put("Created by", set.createdBy());
        fields.put("Created at", Formats.instant(set.createdAt()));
        fields.put("ID", set.id());
        StringBuilder text = new StringBuilder(Table.keyValues(fields));
        text.append("\nMetrics:\n");
        Map<String, Double> values = set.values() == null ? Map.of() : set.values();
        Map<String, String> undefined = set.undefined() == null ? Map.of() : set.undefined();
        if (values.isEmpty() && undefined.isEmpty()) {
            text.append("  none\n");
        } else {
            Table table = new Table("METRIC", "VALUE");
            values.forEach((name, value) -> table.addRow(name, number(value)));
            undefined.forEach((name, reason) -> table.addRow(name, "undefined: " + reason));
            text.append(indent(table.render()));
        }
        long[][] matrix = set.confusionMatrix();
        if (matrix != null && matrix.length > 0) {
            text.append("\nConfusion matrix (rows: true class, columns: predicted class):\n");
            String[] headers = new String[matrix.length + 1];
            headers[0] = "";
            for (int column = 0; column < matrix.length; column++) {
                headers[column + 1] = Integer.toString(column);
            }
            Table table = new Table(headers);
            for (int row = 0; row < matrix.length; row++) {
                Object[] cells = new Object[matrix.length + 1];
                cells[0] = Integer.toString(row);
                for (int column = 0; column < matrix[row].length && column < matrix.length; column++) {
                    cells[column + 1] = matrix[row][column];
                }
                table.addRow(cells);
            }
            text.append(indent(table.render()));
        }
        text.append("\nCharts:");
        if (set.charts() == null || set.charts().isEmpty()) {
            text.append(" none\n");
        } else {
            text.append(" (the data with --output json)\n");
            Table table = new Table("CHART", "KIND", "SERIES");
            set.charts().forEach((name, chart) -> table.addRow(name, chart.kind(), series(chart)));
            text.append(indent(table.render()));
        }
        text.append("\nImages:");
        List<MetricImageResponse> images = set.images() == null ? List.of() : set.images();
        if (images.isEmpty()) {
            text.append(" none\n");
        } else {
            text.append('\n');
            Table table = new Table("IMAGE", "SIZE", "SHA-256");
            images.forEach(image -> table.addRow(image.name(), Formats.size(image.sizeBytes()), image.sha256()));
            text.append(indent(table.render()));
        }
        return text.toString();
    }

    static String metricSets(List<MetricSetResponse> sets) {
        if (sets.isEmpty()) {
            return "No metric sets.\n";
        }
        Table table = new Table("ID", "DATASET", "VERSION", "SUBSET", "SOURCE", "ROWS", "VALUES", "CREATED AT");
        sets.forEach(set -> table.addRow(
                set.id(),
                set.dataset(),
                set.datasetVersion(),
                set.subset() == null ? "all rows" : set.subset(),
                set.source(),
                set.rowCount(),
                set.values() == null ? 0 : set.values().size(),
                Formats.instant(set.createdAt())));
        return table.render();
    }

    static String leaderboard(LeaderboardResponse board) {
        List<MetricSpec> metrics = board.metrics() == null ? List.of() : board.metrics();
        List<String> headers = new ArrayList<>(List.of("RANK", "SUBMISSION", "MODEL", "STATUS", "RELEASE"));
        metrics.forEach(metric -> headers.add(metric.name().toUpperCase(Locale.ROOT)));
        headers.add("EVALUATION");
        Table table = new Table(headers.toArray(String[]::new));
        for (LeaderboardEntryResponse entry : board.entries()) {
            List<Object> cells = new ArrayList<>();
            cells.add(entry.rank());
            cells.add("#" + entry.submission());
            cells.add(entry.model() + "@" + entry.modelVersion());
            cells.add(entry.status());
            cells.add(entry.release());
            Map<String, Double> values = entry.values() == null ? Map.of() : entry.values();
            metrics.forEach(metric -> cells.add(number(values.get(metric.name()))));
            cells.add(entry.evaluation());
            table.addRow(cells.toArray());
        }
        MetricSpec primary = board.primaryMetric();
        return "Objective " + board.objective() + " on "
                + scope(board.dataset(), board.datasetVersion(), board.subset())
                + "; ranked by " + (primary == null ? "-" : primary.name() + " (" + primary.direction() + ")")
                + ".\n\n" + (board.entries().isEmpty() ? "No submissions.\n" : table.render());
    }

    static String comparison(ComparisonResponse comparison) {
        Table table = new Table(
                "METRIC", "DIRECTION", "#" + comparison.first(), "#" + comparison.second(), "DIFFERENCE", "BETTER");
        comparison
                .rows()
                .forEach(row -> table.addRow(
                        row.metric(),
                        row.direction(),
                        number(row.first()),
                        number(row.second()),
                        row.difference() == null ? null : signed(row.difference()),
                        better(row.better(), comparison)));
        return "Submission #" + comparison.first() + " against #" + comparison.second() + " on "
                + scope(comparison.dataset(), comparison.datasetVersion(), comparison.subset()) + ".\n\n"
                + table.render();
    }

    private static String better(String better, ComparisonResponse comparison) {
        if (better == null) {
            return null;
        }
        return switch (better) {
            case "first" -> "#" + comparison.first();
            case "second" -> "#" + comparison.second();
            default -> better;
        };
    }

    /** A metric value for people: four decimals, or four significant digits when far from 1. */
    static String number(Double value) {
        if (value == null) {
            return null;
        }
        double magnitude = Math.abs(value);
        if (value != 0 && (magnitude >= 1e6 || magnitude < 1e-3)) {
            return String.format(Locale.ROOT, "%.4g", value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }

    private static String signed(double value) {
        String text = number(value);
        return value > 0 ? "+" + text : text;
    }

    private static String series(ChartSpec chart) {
        if (chart.series() == null) {
            return "";
        }
        return chart.series().stream()
                .map(one -> one.name() + " (" + length(one) + ")")
                .collect(Collectors.joining(", "));
    }

    private static int length(SeriesSpec series) {
        return series.values() == null ? 0 : series.values().length;
    }

    private static boolean empty(List<?> list) {
        return list == null || list.isEmpty();
    }

    static String indent(String lines) {
        return lines.lines().map(line -> "  " + line + "\n").reduce("", String::concat);
    }
}
