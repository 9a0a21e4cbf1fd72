package dev.modelyard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.api.PredictResponse;
import dev.modelyard.client.ModelyardClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard predict DEPLOYMENT …}: rows of named features in, one prediction per row out. */
@Command(
        name = "predict",
        description = {
            "Call a deployment with rows of named features (the simple JSON form) and print one prediction per"
                    + " row, with the release that answered and the request's uuid.",
            "Rows come from --instance (repeatable), --file (a JSON array of objects, or {\"instances\": […]}) or"
                    + " --csv (a header row of feature names)."
        })
final class PredictCommand extends InferenceCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d{1,18}");
    private static final Pattern DECIMAL =
            Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?|[-+]?(NaN|Infinity)");

    @Parameters(index = "0", paramLabel = "DEPLOYMENT")
    String deployment;

    @Option(
            names = "--instance",
            paramLabel = "JSON",
            description = "One row as a JSON object, e.g. '{\"alcohol\": 13.2, …}' (repeatable).")
    List<String> instances = new ArrayList<>();

    @Option(names = "--file", paramLabel = "FILE", description = "A JSON file of rows.")
    Path file;

    @Option(names = "--csv", paramLabel = "FILE", description = "A CSV file: a header of feature names, then rows.")
    Path csv;

    PredictCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Optional<String> apiKey, Output output) {
        int sources = (instances.isEmpty() ? 0 : 1) + (file == null ? 0 : 1) + (csv == null ? 0 : 1);
        if (sources != 1) {
            throw usageError("Give the rows one way: --instance JSON (repeatable), --file FILE or --csv FILE");
        }
        List<Map<String, Object>> rows;
        if (!instances.isEmpty()) {
            rows = new ArrayList<>();
            for (String instance : instances) {
                rows.add(object(parse(instance, "--instance"), "--instance"));
            }
        } else if (file != null) {
            rows = fromJson(parse(read(file), file.toString()), file.toString());
        } else {
            rows = fromCsv(read(csv), csv.toString());
        }
        PredictResponse response = client.predict(deployment, rows, apiKey);
        output.print(response, () -> text(deployment, response));
    }

    static String text(String deployment, PredictResponse response) {
        StringBuilder text = new StringBuilder()
                .append(deployment)
                .append(" answered with release ")
                .append(response.release())
                .append(" (request ")
                .append(response.requestUuid())
                .append("):\n");
        Table table = new Table("INSTANCE", "PREDICTION");
        List<Object> predictions = response.predictions() == null ? List.of() : response.predictions();
        for (int i = 0; i < predictions.size(); i++) {
            table.addRow(i, compact(predictions.get(i)));
        }
        return text.append(table.render()).toString();
    }

    private static String compact(Object value) {
        if (value instanceof String text) {
            return text;
        }
        try {
            return JSON.writeValueAsString(value).replace(",", ", ");
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private JsonNode parse(String text, String where) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw usageError(where + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private List<Map<String, Object>> fromJson(JsonNode node, String where) {
        JsonNode rows = node;
        if (node != null && node.isObject() && node.has("instances")) {
            rows = node.get("instances");
        } else if (node != null && node.isObject()) {
            return List.of(object(node, where));
        }
        if (rows == null || !rows.isArray()) {
            throw usageError(where + " must hold a JSON array of rows, {\"instances\": [...]}, or one row object");
        }
        List<Map<String, Object>> instances = new ArrayList<>();
        for (JsonNode row : rows) {
            instances.add(object(row, where));
        }
        return instances;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw usageError(where + ": each row must be a JSON object of features, e.g. {\"alcohol\": 13.2}");
        }
        return JSON.convertValue(node, LinkedHashMap.class);
    }

    /** Rows of a CSV file: numbers become numbers, true/false booleans, empty cells are left out. */
    private List<Map<String, Object>> fromCsv(String text, String where) {
        List<List<String>> records = Csv.parse(text);
        if (records.isEmpty()) {
            throw usageError(where + " is empty; it needs a header row of feature names");
        }
        List<String> header = records.get(0).stream().map(String::strip).toList();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int line = 1; line < records.size(); line++) {
            List<String> cells = records.get(line);
            if (cells.size() == 1 && cells.get(0).isBlank()) {
                continue;
            }
            if (cells.size() != header.size()) {
                throw usageError(where + ": row " + line + " has " + cells.size() + " cells but the header has "
                        + header.size());
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int column = 0; column < header.size(); column++) {
                String cell = cells.get(column).strip();
                if (!cell.isEmpty()) {
                    row.put(header.get(column), value(cell));
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw usageError(where + " has a header but no rows");
        }
        return rows;
    }

    static Object value(String cell) {
        if (INTEGER.matcher(cell).matches()) {
            return Long.parseLong(cell);
        }
        if (DECIMAL.matcher(cell).matches()) {
            return Double.parseDouble(cell);
        }
        if (cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(cell);
        }
        return cell;
    }
}
