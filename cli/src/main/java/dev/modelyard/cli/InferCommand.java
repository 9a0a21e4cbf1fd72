package dev.modelyard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.modelyard.client.ModelyardClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code modelyard infer DEPLOYMENT --data request.json}: an Open Inference Protocol v2 request. */
@Command(
        name = "infer",
        description = {
            "Send an Open Inference Protocol (KServe v2) inference request to a deployment and print its outputs;"
                    + " --output json prints the protocol's response as it came.",
            "--release asks a release the deployment still has loaded (/v2/models/NAME/versions/RELEASE/infer)."
        })
final class InferCommand extends InferenceCommand {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN_VALUES = 8;

    @Parameters(index = "0", paramLabel = "DEPLOYMENT")
    String deployment;

    @Option(
            names = "--data",
            required = true,
            paramLabel = "FILE",
            description = "The inference request: {\"inputs\": [{\"name\", \"shape\", \"datatype\", \"data\"}]}.")
    Path data;

    @Option(names = "--release", paramLabel = "RELEASE", description = "Call this loaded release, not the current one.")
    String release;

    InferCommand(ModelyardCommand root) {
        super(root);
    }

    @Override
    void execute(ModelyardClient client, Optional<String> apiKey, Output output) {
        String body = read(data);
        String answer = client.infer(deployment, Optional.ofNullable(release), body, apiKey);
        JsonNode response;
        try {
            response = JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw new CommandFailedException("MALFORMED_RESPONSE", "the server's answer is not JSON: " + answer);
        }
        output.print(response, () -> text(response));
    }

    static String text(JsonNode response) {
        StringBuilder text = new StringBuilder()
                .append(response.path("model_name").asText())
                .append(" answered with release ")
                .append(response.path("model_version").asText("-"))
                .append(" (id ")
                .append(response.path("id").asText("-"));
        String uuid = response.path("parameters").path("request_uuid").asText("");
        if (!uuid.isEmpty() && !uuid.equals(response.path("id").asText())) {
            text.append(", request ").append(uuid);
        }
        text.append("):\n");
        Table table = new Table("OUTPUT", "DATATYPE", "SHAPE", "DATA");
        for (JsonNode output : response.path("outputs")) {
            List<Long> shape = new ArrayList<>();
            output.path("shape").forEach(dimension -> shape.add(dimension.asLong()));
            table.addRow(
                    output.path("name").asText(),
                    output.path("datatype").asText(),
                    Formats.shape(shape),
                    values(output.path("data")));
        }
        return text.append(table.render()).toString();
    }

    /** The first values of (possibly nested) data, flattened: {@code [0.9, 0.05, …] (12 values)}. */
    private static String values(JsonNode data) {
        List<String> flat = new ArrayList<>();
        flatten(data, flat);
        String shown = flat.stream().limit(SHOWN_VALUES).collect(Collectors.joining(", "));
        return flat.size() > SHOWN_VALUES ? "[" + shown + ", …] (" + flat.size() + " values)" : "[" + shown + "]";
    }

    private static void flatten(JsonNode node, List<String> into) {
        if (node.isArray()) {
            node.forEach(element -> flatten(element, into));
        } else if (!node.isMissingNode()) {
            into.add(node.isTextual() ? node.asText() : node.toString());
        }
    }
}
