package dev.modelyard.core.modelpackage;

import dev.modelyard.core.ErrorCode;
import dev.modelyard.core.ModelyardException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Combines the signature a model declares with the one its manifest declares. The model's is authoritative: the
 * manifest may repeat it (and is checked against it) and may add feature names the model lacks.
 */
final class SignatureReconciler {

    private SignatureReconciler() {}

    /**
     * The effective signature.
     *
     * @param model the signature read from the model file
     * @param declared the manifest's signature, or null
     * @throws ModelyardException {@link ErrorCode#INVALID_MANIFEST} explaining the first disagreement
     */
    static Signature reconcile(Signature model, Signature declared) {
        if (declared == null || declared.isEmpty()) {
            return model;
        }
        if (!declared.inputs().isEmpty()) {
            compareTensors(model.inputs(), declared.inputs(), "inputs");
        }
        if (!declared.outputs().isEmpty()) {
            compareTensors(model.outputs(), declared.outputs(), "outputs");
        }
        List<String> declaredNames = declared.featureNames();
        if (declaredNames.isEmpty()) {
            return model;
        }
        if (!model.featureNames().isEmpty()) {
            if (!model.featureNames().equals(declaredNames)) {
                throw mismatch(
                        "signature.feature_names",
                        "the manifest's signature.feature_names " + abbreviate(declaredNames)
                                + " differ from the feature names stored in the model "
                                + abbreviate(model.featureNames())
                                + "; remove feature_names from the manifest or make them equal",
                        Map.of("model_feature_names", model.featureNames()));
            }
            return model;
        }
        long width = inputWidth(model);
        if (width >= 0 && width != declaredNames.size()) {
            throw mismatch(
                    "signature.feature_names",
                    "the manifest's signature.feature_names lists " + declaredNames.size()
                            + " names but the model's input '"
                            + model.inputs().get(0).name() + "' has " + width
                            + " columns; give exactly one name per column",
                    Map.of("model_input_width", width));
        }
        return model.withFeatureNames(declaredNames);
    }

    /** The number of columns of a single [batch, columns] input, or -1 when unknown. */
    private static long inputWidth(Signature model) {
        if (model.inputs().size() != 1) {
            return -1;
        }
        List<Long> shape = model.inputs().get(0).shape();
        return shape.size() == 2 ? shape.get(1) : -1;
    }

    private static void compareTensors(List<TensorSpec> model, List<TensorSpec> declared, String role) {
        String key = "signature." + role;
        List<String> modelNames = model.stream().map(TensorSpec::name).toList();
        List<String> declaredNames = declared.stream().map(TensorSpec::name).toList();
        if (!new HashSet<>(modelNames).equals(new HashSet<>(declaredNames))) {
            throw mismatch(
                    key,
                    "the manifest's " + key + " are named " + declaredNames + " but the model's " + role + " are "
                            + modelNames + "; fix the manifest or leave " + key + " out (the model's own are used)",
                    Map.of("model_" + role, describeTensors(model)));
        }
        Map<String, TensorSpec> modelByName = new LinkedHashMap<>();
        model.forEach(tensor -> modelByName.put(tensor.name(), tensor));
        for (TensorSpec declaredTensor : declared) {
            TensorSpec modelTensor = modelByName.get(declaredTensor.name());
            if (!modelTensor.datatype().equals(declaredTensor.datatype())) {
                throw mismatch(
                        key,
                        "the manifest declares " + singular(role) + " '" + declaredTensor.name() + "' as "
                                + declaredTensor.datatype() + " but the model has " + modelTensor.datatype()
                                + "; fix the manifest or leave " + key + " out",
                        Map.of("model_" + role, describeTensors(model)));
            }
            if (!modelTensor.shape().isEmpty() && !modelTensor.shapeCompatibleWith(declaredTensor.shape())) {
                throw mismatch(
                        key,
                        "the manifest declares " + singular(role) + " '" + declaredTensor.name() + "' with shape "
                                + declaredTensor.shape() + " but the model's shape is " + modelTensor.shape()
                                + " (-1 is variable); fix the manifest or leave " + key + " out",
                        Map.of("model_" + role, describeTensors(model)));
            }
        }
    }

    private static List<String> describeTensors(List<TensorSpec> tensors) {
        return tensors.stream()
                .map(tensor -> tensor.name() + " " + tensor.datatype() + " " + tensor.shape())
                .toList();
    }

    private static String singular(String role) {
        return role.equals("inputs") ? "input" : "output";
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= 5) {
            return names.toString();
        }
        return names.stream().limit(5).collect(Collectors.joining(", ", "[", ", ... (" + names.size() + " in all)]"));
    }

    private static ModelyardException mismatch(String key, String message, Map<String, Object> details) {
        Map<String, Object> allDetails = new LinkedHashMap<>(details);
        allDetails.put("key", key);
        return new ModelyardException(ErrorCode.INVALID_MANIFEST, message, allDetails);
    }
}
