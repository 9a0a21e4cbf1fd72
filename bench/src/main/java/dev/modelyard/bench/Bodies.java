package dev.modelyard.bench;

import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelArtifact;
import dev.modelyard.core.runtime.RuntimeOptions;
import dev.modelyard.runtime.onnx.OnnxRuntime;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the request bodies the wrk runs post for one model: {@code oip-LABEL.json} (one 1×N FP32 row) and, when
 * the model names its features, {@code predict-LABEL.json} (the same row as one instance of the simple JSON form).
 * Prints the feature count.
 *
 * <p>Options: {@code --model FILE --label NAME --out DIR}.
 */
public final class Bodies {
    private Bodies() {}

    public static void main(String[] arguments) throws Exception {
        Args args = new Args(arguments);
        Path model = Path.of(args.text("model", "bench/src/main/resources/fixtures/wine_mlp.onnx"))
                .toAbsolutePath();
        String label = args.text("label", "wine");
        Path out = Path.of(args.text("out", "."));
        Signature signature;
        try (LoadedModel loaded = new OnnxRuntime()
                .load(
                        new ModelArtifact("bench", model.getParent(), model, Signature.empty(), Map.of()),
                        RuntimeOptions.defaults())) {
            signature = loaded.signature();
        }
        TensorSpec input = signature.inputs().get(0);
        int features = Math.toIntExact(input.shape().get(input.shape().size() - 1));
        float[] row = Inputs.row(features);
        List<String> values = new ArrayList<>();
        for (float value : row) {
            values.add(Float.toString(value));
        }
        Files.writeString(
                out.resolve("oip-" + label + ".json"),
                "{\"inputs\":[{\"name\":\"" + input.name() + "\",\"shape\":[1," + features
                        + "],\"datatype\":\"FP32\",\"data\":[" + String.join(",", values) + "]}]}",
                StandardCharsets.UTF_8);
        List<String> names = signature.featureNames();
        if (names.size() == features) {
            List<String> pairs = new ArrayList<>();
            for (int index = 0; index < features; index++) {
                pairs.add("\"" + names.get(index) + "\":" + values.get(index));
            }
            Files.writeString(
                    out.resolve("predict-" + label + ".json"),
                    "{\"instances\":[{" + String.join(",", pairs) + "}]}",
                    StandardCharsets.UTF_8);
        }
        System.out.println(features);
    }
}
