package dev.modelyard.cli;

import dev.modelyard.api.EvaluationDatasetSpec;
import dev.modelyard.api.EvaluationSpec;
import dev.modelyard.api.ScoreMappingSpec;
import dev.modelyard.api.SubsetSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The compact command-line forms of an objective's evaluation settings, as the API's records. */
final class EvaluationSpecs {
    static final String DATASET_FORM = "DATASET, DATASET@VERSION, DATASET@latest or DATASET@pinned";
    static final String SUBSET_FORM = "NAME=FILTER";

    private EvaluationSpecs() {}

    /**
     * {@code customers} and {@code customers@latest} follow the newest version, {@code customers@3}
     * pins version 3, {@code customers@pinned} pins the newest version there is now.
     */
    static EvaluationDatasetSpec dataset(String form) {
        String text = form.strip();
        int at = text.lastIndexOf('@');
        String name = at < 0 ? text : text.substring(0, at).strip();
        if (name.isEmpty()) {
            throw new CliUsageException("--evaluation-dataset '" + form + "' is not of the form " + DATASET_FORM);
        }
        if (at < 0) {
            return new EvaluationDatasetSpec(name, null, null);
        }
        String version = text.substring(at + 1).strip().toLowerCase(Locale.ROOT);
        switch (version) {
            case "latest" -> {
                return new EvaluationDatasetSpec(name, "latest", null);
            }
            case "pinned" -> {
                return new EvaluationDatasetSpec(name, "pinned", null);
            }
            default -> {
                try {
                    int number = Integer.parseInt(version);
                    if (number < 1) {
                        throw new NumberFormatException();
                    }
                    return new EvaluationDatasetSpec(name, "pinned", number);
                } catch (NumberFormatException e) {
                    throw new CliUsageException("--evaluation-dataset '" + form
                            + "': after '@' comes a version number, 'latest' or 'pinned'");
                }
            }
        }
    }

    /** {@code web=channel = 'web'}: the name, then the filter after the first '='. */
    static SubsetSpec subset(String form) {
        Map.Entry<String, String> entry = GovernanceSpecs.keyValue("--subset", form);
        if (entry.getValue().isBlank()) {
            throw new CliUsageException("--subset '" + form + "' has no filter, e.g. web=channel = 'web'");
        }
        return new SubsetSpec(entry.getKey(), entry.getValue().strip());
    }

    /** The evaluation datasets: absent stays absent; a single empty value means none. */
    static List<EvaluationDatasetSpec> datasets(List<String> forms) {
        if (forms == null) {
            return null;
        }
        return nonBlank(forms).stream().map(EvaluationSpecs::dataset).toList();
    }

    /** The subsets: absent stays absent; a single empty value means none. */
    static List<SubsetSpec> subsets(List<String> forms) {
        if (forms == null) {
            return null;
        }
        return nonBlank(forms).stream().map(EvaluationSpecs::subset).toList();
    }

    /** A list option's values without blanks (so {@code ''} empties the list); absent stays absent. */
    static List<String> nonBlank(List<String> values) {
        if (values == null) {
            return null;
        }
        return values.stream()
                .map(String::strip)
                .filter(value -> !value.isEmpty())
                .toList();
    }

    /**
     * The settings to send: {@code current} (null for a new objective) with each part that was
     * given replaced; a score mapping field that was given replaces that field only.
     */
    static EvaluationSpec merge(
            EvaluationSpec current,
            List<EvaluationDatasetSpec> datasets,
            List<SubsetSpec> subsets,
            List<String> featureColumns,
            String output,
            Integer scoreColumn,
            Double threshold,
            String positiveLabel,
            List<String> classLabels) {
        EvaluationSpec base = current == null ? new EvaluationSpec(List.of(), List.of(), null) : current;
        ScoreMappingSpec mapping = base.scoreMapping() == null
                ? new ScoreMappingSpec(List.of(), null, null, null, null, List.of())
                : base.scoreMapping();
        ScoreMappingSpec merged = new ScoreMappingSpec(
                featureColumns != null ? featureColumns : mapping.featureColumns(),
                output != null ? emptyToNull(output) : mapping.output(),
                scoreColumn != null ? scoreColumn : mapping.scoreColumn(),
                threshold != null ? threshold : mapping.threshold(),
                positiveLabel != null ? emptyToNull(positiveLabel) : mapping.positiveLabel(),
                classLabels != null ? classLabels : mapping.classLabels());
        return new EvaluationSpec(
                datasets != null ? datasets : orEmpty(base.datasets()),
                subsets != null ? subsets : orEmpty(base.subsets()),
                merged);
    }

    private static String emptyToNull(String value) {
        return value.isBlank() ? null : value;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
