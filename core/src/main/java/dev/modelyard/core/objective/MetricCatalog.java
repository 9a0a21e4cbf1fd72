package dev.modelyard.core.objective;

import static dev.modelyard.core.objective.MetricDirection.MAXIMIZE;
import static dev.modelyard.core.objective.MetricDirection.MINIMIZE;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics Modelyard knows for each task type, with the direction in which they improve. Their
 * definitions follow scikit-learn's.
 */
public final class MetricCatalog {
    private static final Map<String, MetricDirection> BINARY = ordered(
            "accuracy", MAXIMIZE,
            "precision", MAXIMIZE,
            "recall", MAXIMIZE,
            "f1", MAXIMIZE,
            "roc_auc", MAXIMIZE,
            "average_precision", MAXIMIZE,
            "log_loss", MINIMIZE,
            "brier_score", MINIMIZE);
    private static final Map<String, MetricDirection> MULTICLASS = ordered(
            "accuracy", MAXIMIZE,
            "macro_precision", MAXIMIZE,
            "macro_recall", MAXIMIZE,
            "macro_f1", MAXIMIZE,
            "weighted_precision", MAXIMIZE,
            "weighted_recall", MAXIMIZE,
            "weighted_f1", MAXIMIZE,
            "log_loss", MINIMIZE,
            "roc_auc_ovr_macro", MAXIMIZE);
    private static final Map<String, MetricDirection> REGRESSION = ordered(
            "rmse", MINIMIZE,
            "mae", MINIMIZE,
            "r2", MAXIMIZE,
            "mape", MINIMIZE,
            "max_error", MINIMIZE,
            "explained_variance", MAXIMIZE,
            "median_absolute_error", MINIMIZE);

    private MetricCatalog() {}

    public static Map<String, MetricDirection> metrics(TaskType taskType) {
        return switch (taskType) {
            case BINARY_CLASSIFICATION -> BINARY;
            case MULTICLASS_CLASSIFICATION -> MULTICLASS;
            case REGRESSION -> REGRESSION;
        };
    }

    public static Optional<MetricDirection> direction(TaskType taskType, String metric) {
        return Optional.ofNullable(metrics(taskType).get(metric));
    }

    private static Map<String, MetricDirection> ordered(Object... pairs) {
        Map<String, MetricDirection> metrics = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            metrics.put((String) pairs[i], (MetricDirection) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(metrics);
    }
}
