package dev.modelyard.runtime.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtException.OrtErrorCode;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.modelyard.core.modelpackage.Signature;
import dev.modelyard.core.modelpackage.TensorSpec;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.LoadedModel;
import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.runtime.ModelLoadException;
import dev.modelyard.core.runtime.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An ONNX model in an {@link OrtSession}.
 *
 * <p>{@link #predict} is thread-safe and lock-free: {@link OrtSession#run} may be called concurrently, and every call
 * creates and closes its own input tensors and results. Inputs are checked against the session's inputs before
 * anything native is created; see {@link OnnxTensors} for the element types and conversions.
 */
public final class OnnxLoadedModel implements LoadedModel {

    /** The custom metadata key holding the comma-separated feature names, as upload inspection reads it. */
    static final String FEATURE_NAMES_METADATA_KEY = "feature_names";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final List<ModelInput> inputs;
    private final Set<String> outputNames;
    private final Signature signature;
    private final AtomicBoolean closed = new AtomicBoolean();

    private OnnxLoadedModel(
            OrtEnvironment environment,
            OrtSession session,
            List<ModelInput> inputs,
            Set<String> outputNames,
            Signature signature) {
        this.environment = environment;
        this.session = session;
        this.inputs = inputs;
        this.outputNames = outputNames;
        this.signature = signature;
    }

    /**
     * Describes a freshly created session; the caller closes the session if this throws.
     *
     * @throws ModelLoadException when an input or output is not a tensor of a type Modelyard knows
     */
    static OnnxLoadedModel create(OrtEnvironment environment, OrtSession session) throws OrtException {
        requireNonNull(environment, "environment is null");
        requireNonNull(session, "session is null");
        List<ModelInput> inputs = new ArrayList<>();
        List<TensorSpec> inputSpecs = new ArrayList<>();
        for (NodeInfo node : session.getInputInfo().values()) {
            TensorSpec spec = tensorSpec(node, "input");
            inputSpecs.add(spec);
            inputs.add(new ModelInput(
                    spec.name(),
                    DataType.valueOf(spec.datatype()),
                    spec.shape().stream().mapToLong(Long::longValue).toArray()));
        }
        List<TensorSpec> outputSpecs = new ArrayList<>();
        Set<String> outputNames = new LinkedHashSet<>();
        for (NodeInfo node : session.getOutputInfo().values()) {
            TensorSpec spec = tensorSpec(node, "output");
            outputSpecs.add(spec);
            outputNames.add(spec.name());
        }
        List<String> featureNames = session.getMetadata()
                .getCustomMetadataValue(FEATURE_NAMES_METADATA_KEY)
                .filter(names -> !names.isBlank())
                .map(names -> Arrays.stream(names.split(",")).map(String::strip).toList())
                .orElse(List.of());
        return new OnnxLoadedModel(
                environment,
                session,
                List.copyOf(inputs),
                Collections.unmodifiableSet(outputNames),
                new Signature(inputSpecs, outputSpecs, featureNames));
    }

    private static TensorSpec tensorSpec(NodeInfo node, String role) {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException("the ONNX model's " + role + " '" + node.getName() + "' is " + node.getInfo()
                    + ", not a dense tensor; Modelyard serves tensor inputs and outputs only");
        }
        DataType datatype = OnnxTensors.dataType(info.onnxType)
                .orElseThrow(() -> new ModelLoadException("the ONNX model's " + role + " '" + node.getName()
                        + "' has element type " + info.onnxType + ", which Modelyard cannot serve"));
        List<Long> shape = new ArrayList<>();
        for (long dimension : info.getShape()) {
            shape.add(dimension < 0 ? TensorSpec.VARIABLE_DIMENSION : dimension);
        }
        return new TensorSpec(node.getName(), datatype.name(), shape);
    }

    @Override
    public Signature signature() {
        return signature;
    }

    /**
     * Runs the session once. FP64 tensors are accepted for FP32 inputs and narrowed to float; all other types must
     * match the model's.
     *
     * @throws InvalidInputException for an unknown, missing or repeated input, a wrong type or shape, or an unknown
     *     output, and when ONNX Runtime rejects the inputs as invalid arguments
     * @throws ModelExecutionException when ONNX Runtime fails otherwise or the model is closed
     */
    @Override
    public List<Tensor> predict(List<Tensor> requestInputs, Set<String> outputs) {
        requireNonNull(requestInputs, "requestInputs is null");
        requireNonNull(outputs, "outputs is null");
        if (closed.get()) {
            throw new ModelExecutionException("the model is closed");
        }
        ModelInput[] matched = matchInputs(requestInputs);
        Set<String> wanted = wantedOutputs(outputs);
        Map<String, OnnxTensor> feeds = new HashMap<>(requestInputs.size() * 2);
        try {
            for (int index = 0; index < matched.length; index++) {
                ModelInput input = matched[index];
                feeds.put(input.name(), OnnxTensors.toOnnx(environment, input, requestInputs.get(index)));
            }
            try (OrtSession.Result result = session.run(feeds, wanted)) {
                List<Tensor> tensors = new ArrayList<>(result.size());
                for (Map.Entry<String, OnnxValue> output : result) {
                    tensors.add(OnnxTensors.fromOnnx(output.getKey(), output.getValue()));
                }
                return tensors;
            }
        } catch (OrtException failure) {
            if (failure.getCode() == OrtErrorCode.ORT_INVALID_ARGUMENT) {
                throw new InvalidInputException(failure.getMessage(), failure);
            }
            throw new ModelExecutionException(failure.getMessage(), failure);
        } finally {
            OnnxValue.close(feeds);
        }
    }

    /** The model input each request tensor feeds, in request order, after checking names, types and shapes. */
    private ModelInput[] matchInputs(List<Tensor> requestInputs) {
        ModelInput[] matched = new ModelInput[requestInputs.size()];
        for (int index = 0; index < matched.length; index++) {
            Tensor tensor = requireNonNull(requestInputs.get(index), "an input tensor is null");
            ModelInput input = findInput(tensor.name());
            for (int earlier = 0; earlier < index; earlier++) {
                if (matched[earlier] == input) {
                    throw new InvalidInputException("input '" + tensor.name() + "' is given more than once");
                }
            }
            input.check(tensor);
            matched[index] = input;
        }
        if (matched.length != inputs.size()) {
            for (ModelInput input : inputs) {
                if (!Arrays.asList(matched).contains(input)) {
                    throw new InvalidInputException(
                            "input '" + input.name() + "' is missing; the model's inputs are " + inputNames());
                }
            }
        }
        return matched;
    }

    private ModelInput findInput(String name) {
        for (ModelInput input : inputs) {
            if (input.name().equals(name)) {
                return input;
            }
        }
        throw new InvalidInputException("the model has no input '" + name + "'; its inputs are " + inputNames());
    }

    private List<String> inputNames() {
        return inputs.stream().map(ModelInput::name).toList();
    }

    private Set<String> wantedOutputs(Set<String> requested) {
        if (requested.isEmpty()) {
            return outputNames;
        }
        for (String name : requested) {
            if (!outputNames.contains(name)) {
                throw new InvalidInputException(
                        "the model has no output '" + name + "'; its outputs are " + outputNames);
            }
        }
        return requested;
    }

    /** Closes the session; later predictions fail. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            session.close();
        } catch (OrtException failure) {
            throw new ModelExecutionException(
                    "could not close the ONNX Runtime session: " + failure.getMessage(), failure);
        }
    }
}
