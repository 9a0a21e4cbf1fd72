package dev.modelyard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.api.MetadataFieldSpec;
import dev.modelyard.api.MetricSpec;
import dev.modelyard.api.ReleaseCheckSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The compact command-line forms of an objective's parts and of submission metadata, turned into
 * the API's records. Every malformed form is a {@link CliUsageException} naming the expected form.
 *
 * <ul>
 *   <li>metric: {@code NAME[:maximize|minimize]}, e.g. {@code roc_auc}, {@code rmse:minimize};
 *   <li>metadata field: {@code NAME:TYPE[:required|optional][:VALUE,VALUE…]} with TYPE one of
 *       string, number, boolean, enum (values only for enum), e.g. {@code
 *       framework:enum:required:xgboost,onnx}, {@code notes:string};
 *   <li>release check: {@code min_approvals=N[:block|warn]}, {@code
 *       primary_metric_at_least=X[:block|warn]}, {@code
 *       primary_metric_not_worse_than=TAG:MAX_REGRESSION[:block|warn]}; enforcement defaults to block;
 *   <li>metadata value: {@code --meta KEY=VALUE} is typed by the objective's field (a number field
 *       gets a JSON number, a boolean field true/false, anything else the text as is); {@code
 *       --meta-json KEY=JSON} sends the JSON value unchanged.
 * </ul>
 */
final class GovernanceSpecs {
    static final String METRIC_FORM = "NAME[:maximize|minimize]";
    static final String FIELD_FORM = "NAME:TYPE[:required|optional][:VALUE,VALUE…]";
    static final String CHECK_FORM = "min_approvals=N[:block|warn], primary_metric_at_least=X[:block|warn]"
            + " or primary_metric_not_worse_than=TAG:MAX_REGRESSION[:block|warn]";
    private static final List<String> FIELD_TYPES = List.of("string", "number", "boolean", "enum");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GovernanceSpecs() {}

    /** The metrics in order; {@code primary} (when given) must be one of them and is marked primary. */
    static List<MetricSpec> metrics(List<String> forms, String primary) {
        List<MetricSpec> metrics = new ArrayList<>();
        boolean primaryFound = false;
        for (String form : forms) {
            String[] parts = form.strip().split(":", -1);
            if (parts.length > 2 || parts[0].isBlank()) {
                throw new CliUsageException("--metric '" + form + "' is not of the form " + METRIC_FORM);
            }
            String direction = null;
            if (parts.length == 2) {
                direction = parts[1].strip().toLowerCase(Locale.ROOT);
                if (!direction.equals("maximize") && !direction.equals("minimize")) {
                    throw new CliUsageException("--metric '" + form
                            + "': the direction must be maximize or minimize, got '" + parts[1] + "'");
                }
            }
            String name = parts[0].strip();
            boolean isPrimary = name.equals(primary);
            primaryFound |= isPrimary;
            metrics.add(new MetricSpec(name, direction, isPrimary ? Boolean.TRUE : null));
        }
        if (primary != null && !primaryFound) {
            throw new CliUsageException("--primary " + primary + " is not one of the --metric names");
        }
        return metrics;
    }

    static MetadataFieldSpec field(String form) {
        String[] parts = form.strip().split(":", -1);
        if (parts.length < 2 || parts.length > 4 || parts[0].isBlank()) {
            throw new CliUsageException("--field '" + form + "' is not of the form " + FIELD_FORM);
        }
        String type = parts[1].strip().toLowerCase(Locale.ROOT);
        if (!FIELD_TYPES.contains(type)) {
            throw new CliUsageException(
                    "--field '" + form + "': the type must be one of " + FIELD_TYPES + ", got '" + parts[1] + "'");
        }
        Boolean required = null;
        List<String> values = null;
        for (int i = 2; i < parts.length; i++) {
            String part = parts[i].strip();
            if (i == 2 && (part.equals("required") || part.equals("optional"))) {
                required = part.equals("required");
            } else if (type.equals("enum") && values == null && !part.isEmpty()) {
                values = Arrays.stream(part.split(","))
                        .map(String::strip)
                        .filter(value -> !value.isEmpty())
                        .toList();
            } else {
                throw new CliUsageException("--field '" + form + "' is not of the form " + FIELD_FORM
                        + " (allowed values only for enum fields)");
            }
        }
        if (type.equals("enum") && (values == null || values.isEmpty())) {
            throw new CliUsageException("--field '" + form + "': an enum field needs its values, e.g. "
                    + parts[0].strip() + ":enum:required:xgboost,onnx");
        }
        return new MetadataFieldSpec(parts[0].strip(), type, required, null, values);
    }

    static ReleaseCheckSpec check(String form) {
        int equals = form.indexOf('=');
        if (equals < 0) {
            throw new CliUsageException("--check '" + form + "' is not of the form " + CHECK_FORM);
        }
        String kind = form.substring(0, equals).strip();
        List<String> arguments =
                new ArrayList<>(List.of(form.substring(equals + 1).split(":", -1)));
        String enforcement = "block";
        String last = arguments.get(arguments.size() - 1).strip();
        if (arguments.size() > 1 && (last.equals("block") || last.equals("warn"))) {
            enforcement = last;
            arguments.remove(arguments.size() - 1);
        }
        try {
            switch (kind) {
                case "min_approvals" -> {
                    requireCount(form, arguments, 1);
                    return new ReleaseCheckSpec(
                            kind, enforcement, Integer.parseInt(arguments.get(0).strip()), null, null, null);
                }
                case "primary_metric_at_least" -> {
                    requireCount(form, arguments, 1);
                    return new ReleaseCheckSpec(
                            kind,
                            enforcement,
                            null,
                            Double.parseDouble(arguments.get(0).strip()),
                            null,
                            null);
                }
                case "primary_metric_not_worse_than", "primary_metric_not_worse_than_tag" -> {
                    requireCount(form, arguments, 2);
                    String tag = arguments.get(0).strip();
                    if (tag.isEmpty()) {
                        throw new CliUsageException("--check '" + form + "' names no tag");
                    }
                    return new ReleaseCheckSpec(
                            "primary_metric_not_worse_than_tag",
                            enforcement,
                            null,
                            null,
                            tag,
                            Double.parseDouble(arguments.get(1).strip()));
                }
                default ->
                    throw new CliUsageException(
                            "--check '" + form + "': unknown check '" + kind + "'; the forms are " + CHECK_FORM);
            }
        } catch (NumberFormatException e) {
            throw new CliUsageException("--check '" + form + "': not a number (" + e.getMessage() + ")", e);
        }
    }

    private static void requireCount(String form, List<String> arguments, int count) {
        if (arguments.size() != count) {
            throw new CliUsageException("--check '" + form + "' is not of the form " + CHECK_FORM);
        }
    }

    /** A comma-separated tag list option: absent stays absent, an empty value is an empty list. */
    static List<String> tagList(List<String> values) {
        if (values == null) {
            return null;
        }
        return values.stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .filter(tag -> !tag.isEmpty())
                .toList();
    }

    /** {@code KEY=VALUE} split at the first '='. */
    static Map.Entry<String, String> keyValue(String option, String form) {
        int equals = form.indexOf('=');
        if (equals <= 0) {
            throw new CliUsageException(option + " '" + form + "' is not of the form KEY=VALUE");
        }
        return Map.entry(form.substring(0, equals).strip(), form.substring(equals + 1));
    }

    /**
     * The submission metadata: {@code --meta} values typed by {@code fieldTypes} (field name →
     * string, number, boolean or enum), then {@code --meta-json} values parsed as JSON.
     */
    static Map<String, Object> metadata(
            List<String> metaForms, List<String> metaJsonForms, Map<String, String> fieldTypes) {
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (String form : metaForms) {
            Map.Entry<String, String> entry = keyValue("--meta", form);
            metadata.put(entry.getKey(), typed(entry.getValue(), fieldTypes.get(entry.getKey())));
        }
        for (String form : metaJsonForms) {
            Map.Entry<String, String> entry = keyValue("--meta-json", form);
            try {
                metadata.put(entry.getKey(), JSON.readValue(entry.getValue(), Object.class));
            } catch (JsonProcessingException e) {
                throw new CliUsageException("--meta-json " + entry.getKey() + ": '" + entry.getValue()
                        + "' is not JSON (quote text as '\"text\"')");
            }
        }
        return metadata;
    }

    /** The text as the field's type wants it; text that does not parse stays text (the server says why). */
    static Object typed(String text, String fieldType) {
        if ("number".equals(fieldType)) {
            try {
                BigDecimal number = new BigDecimal(text.strip());
                return number.scale() <= 0 && number.precision() - number.scale() <= 18
                        ? (Object) number.longValueExact()
                        : (Object) number.doubleValue();
            } catch (NumberFormatException | ArithmeticException e) {
                return text;
            }
        }
        if ("boolean".equals(fieldType)) {
            String value = text.strip().toLowerCase(Locale.ROOT);
            if (value.equals("true") || value.equals("false")) {
                return Boolean.valueOf(value);
            }
            return text;
        }
        return text;
    }

    /** How one check reads in a list: {@code min_approvals ≥ 1}, {@code primary metric ≥ 0.8}. */
    static String describe(ReleaseCheckSpec check) {
        return switch (Optional.ofNullable(check.kind()).orElse("")) {
            case "min_approvals" -> "at least " + check.minApprovals() + " approval(s) by others than the submitter";
            case "primary_metric_at_least" -> "primary metric at least " + check.threshold();
            case "primary_metric_not_worse_than_tag" ->
                "primary metric not worse than the " + check.tag() + " release by more than " + check.maxRegression();
            default -> String.valueOf(check.kind());
        };
    }
}
