package dev.modelyard.core.modelpackage;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates an ONNX model and reads its signature straight from the protocol buffers bytes, without an ONNX runtime
 * or generated code. Weights (initializers) are skipped without being buffered, so memory stays small for models of
 * any size.
 */
final class OnnxModelReader {

    private static final String ERROR_PREFIX = "not a valid ONNX model";
    private static final int MAX_NAME_BYTES = 1024 * 1024;
    private static final int MAX_METADATA_VALUE_BYTES = 16 * 1024 * 1024;
    private static final long MAX_METADATA_TOTAL_BYTES = 64L * 1024 * 1024;
    private static final String FEATURE_NAMES_METADATA_KEY = "feature_names";
    private static final long EXTERNAL_DATA_LOCATION = 1;

    // ModelProto
    private static final int MODEL_IR_VERSION = 1;
    private static final int MODEL_PRODUCER_NAME = 2;
    private static final int MODEL_PRODUCER_VERSION = 3;
    private static final int MODEL_DOMAIN = 4;
    private static final int MODEL_MODEL_VERSION = 5;
    private static final int MODEL_GRAPH = 7;
    private static final int MODEL_OPSET_IMPORT = 8;
    private static final int MODEL_METADATA_PROPS = 14;
    // GraphProto
    private static final int GRAPH_NAME = 2;
    private static final int GRAPH_INITIALIZER = 5;
    private static final int GRAPH_INPUT = 11;
    private static final int GRAPH_OUTPUT = 12;
    private static final int GRAPH_SPARSE_INITIALIZER = 15;
    // TensorProto
    private static final int TENSOR_NAME = 8;
    private static final int TENSOR_EXTERNAL_DATA = 13;
    private static final int TENSOR_DATA_LOCATION = 14;
    // SparseTensorProto
    private static final int SPARSE_TENSOR_VALUES = 1;
    // ValueInfoProto
    private static final int VALUE_INFO_NAME = 1;
    private static final int VALUE_INFO_TYPE = 2;
    // TypeProto
    private static final int TYPE_TENSOR = 1;
    private static final int TYPE_SEQUENCE = 4;
    private static final int TYPE_MAP = 5;
    private static final int TYPE_SPARSE_TENSOR = 8;
    private static final int TYPE_OPTIONAL = 9;
    // TypeProto.Tensor
    private static final int TENSOR_TYPE_ELEM_TYPE = 1;
    private static final int TENSOR_TYPE_SHAPE = 2;
    // TensorShapeProto and Dimension
    private static final int SHAPE_DIM = 1;
    private static final int DIMENSION_VALUE = 1;
    private static final int DIMENSION_PARAM = 2;
    // OperatorSetIdProto and StringStringEntryProto
    private static final int OPSET_DOMAIN = 1;
    private static final int OPSET_VERSION = 2;
    private static final int ENTRY_KEY = 1;
    private static final int ENTRY_VALUE = 2;

    private static final Map<Integer, String> DATATYPES = Map.ofEntries(
            Map.entry(1, "FP32"),
            Map.entry(2, "UINT8"),
            Map.entry(3, "INT8"),
            Map.entry(4, "UINT16"),
            Map.entry(5, "INT16"),
            Map.entry(6, "INT32"),
            Map.entry(7, "INT64"),
            Map.entry(8, "BYTES"),
            Map.entry(9, "BOOL"),
            Map.entry(10, "FP16"),
            Map.entry(11, "FP64"),
            Map.entry(12, "UINT32"),
            Map.entry(13, "UINT64"),
            Map.entry(16, "BF16"));

    private static final Map<Integer, String> UNSUPPORTED_ELEMENT_TYPES = Map.ofEntries(
            Map.entry(0, "UNDEFINED"),
            Map.entry(14, "COMPLEX64"),
            Map.entry(15, "COMPLEX128"),
            Map.entry(17, "FLOAT8E4M3FN"),
            Map.entry(18, "FLOAT8E4M3FNUZ"),
            Map.entry(19, "FLOAT8E5M2"),
            Map.entry(20, "FLOAT8E5M2FNUZ"),
            Map.entry(21, "UINT4"),
            Map.entry(22, "INT4"),
            Map.entry(23, "FLOAT4E2M1"));

    private enum TypeKind {
        TENSOR,
        SEQUENCE,
        MAP,
        SPARSE_TENSOR,
        OPTIONAL,
        NONE
    }

    /** A graph input or output as declared, before it is turned into a {@link TensorSpec}. */
    private record ValueInfo(String name, TypeKind kind, int elementType, List<Long> shape) {}

    private record Graph(
            String name,
            List<ValueInfo> inputs,
            List<ValueInfo> outputs,
            Set<String> initializerNames,
            Set<String> externalDataFiles) {}

    private final ProtobufReader reader;
    private long metadataBytes;

    private OnnxModelReader(InputStream input, long size) {
        this.reader = new ProtobufReader(input, size, ERROR_PREFIX);
    }

    /**
     * Reads a serialized ModelProto.
     *
     * @param size the number of bytes of the model if known, or -1
     */
    static ModelDescription read(InputStream input, long size) throws IOException {
        return new OnnxModelReader(input, size).readModel();
    }

    private ModelDescription readModel() throws IOException {
        long irVersion = 0;
        Graph graph = null;
        Map<String, String> properties = new HashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case MODEL_IR_VERSION -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_VARINT, "ir_version");
                    irVersion = reader.readVarint();
                }
                case MODEL_PRODUCER_NAME -> properties.put("producer_name", readText(tag, "producer_name"));
                case MODEL_PRODUCER_VERSION -> properties.put("producer_version", readText(tag, "producer_version"));
                case MODEL_DOMAIN -> properties.put("domain", readText(tag, "domain"));
                case MODEL_MODEL_VERSION -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_VARINT, "model_version");
                    properties.put("model_version", Long.toString(reader.readVarint()));
                }
                case MODEL_GRAPH -> {
                    if (graph != null) {
                        throw reader.invalid("the model has more than one graph");
                    }
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "graph");
                    graph = readGraph();
                }
                case MODEL_OPSET_IMPORT -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "opset_import");
                    readOpset(properties);
                }
                case MODEL_METADATA_PROPS -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "metadata_props");
                    readMetadataEntry(metadata);
                }
                default -> reader.skipField(tag);
            }
        }
        if (irVersion <= 0) {
            throw ModelDescription.invalidModel(
                    ERROR_PREFIX + ": it declares no IR version (ir_version); is this really an .onnx file?");
        }
        if (graph == null) {
            throw ModelDescription.invalidModel(ERROR_PREFIX + ": it contains no graph");
        }
        if (graph.outputs().isEmpty()) {
            throw ModelDescription.invalidModel(ERROR_PREFIX + ": its graph declares no outputs");
        }
        List<TensorSpec> inputs = new ArrayList<>();
        for (ValueInfo input : graph.inputs()) {
            if (!graph.initializerNames().contains(input.name())) {
                inputs.add(toTensorSpec(input, "input"));
            }
        }
        List<TensorSpec> outputs = new ArrayList<>();
        for (ValueInfo output : graph.outputs()) {
            outputs.add(toTensorSpec(output, "output"));
        }
        requireUniqueNames(inputs, "input");
        requireUniqueNames(outputs, "output");
        properties.put("ir_version", Long.toString(irVersion));
        if (!graph.name().isEmpty()) {
            properties.put("graph_name", graph.name());
        }
        properties.values().removeIf(String::isEmpty);
        metadata.forEach((key, value) -> properties.put("metadata." + key, value));
        return new ModelDescription(
                new Signature(inputs, outputs, featureNames(metadata)),
                properties,
                List.copyOf(graph.externalDataFiles()));
    }

    private static List<String> featureNames(Map<String, String> metadata) {
        String names = metadata.get(FEATURE_NAMES_METADATA_KEY);
        if (names == null || names.isBlank()) {
            return List.of();
        }
        return Arrays.stream(names.split(",")).map(String::strip).toList();
    }

    private Graph readGraph() throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        String name = "";
        List<ValueInfo> inputs = new ArrayList<>();
        List<ValueInfo> outputs = new ArrayList<>();
        Set<String> initializerNames = new HashSet<>();
        Set<String> externalDataFiles = new LinkedHashSet<>();
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case GRAPH_NAME -> name = readText(tag, "graph name");
                case GRAPH_INITIALIZER -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "initializer");
                    readInitializer(initializerNames, externalDataFiles);
                }
                case GRAPH_SPARSE_INITIALIZER -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "sparse_initializer");
                    readSparseInitializer(initializerNames, externalDataFiles);
                }
                case GRAPH_INPUT -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "graph input");
                    inputs.add(readValueInfo());
                }
                case GRAPH_OUTPUT -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "graph output");
                    outputs.add(readValueInfo());
                }
                default -> reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
        return new Graph(name, inputs, outputs, initializerNames, externalDataFiles);
    }

    /** Reads a TensorProto for its name and external data files only; the weights are skipped. */
    private void readInitializer(Set<String> initializerNames, Set<String> externalDataFiles) throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        String name = null;
        boolean external = false;
        List<String> locations = new ArrayList<>();
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case TENSOR_NAME -> name = readText(tag, "initializer name");
                case TENSOR_DATA_LOCATION -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_VARINT, "data_location");
                    external = reader.readVarint() == EXTERNAL_DATA_LOCATION;
                }
                case TENSOR_EXTERNAL_DATA -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "external_data");
                    Map<String, String> entry = new LinkedHashMap<>();
                    readStringEntry(entry, MAX_NAME_BYTES);
                    String location = entry.get("location");
                    if (location != null) {
                        locations.add(location);
                    }
                }
                default -> reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
        if (name != null) {
            initializerNames.add(name);
        }
        if (external) {
            if (locations.isEmpty()) {
                throw reader.invalid("the initializer " + (name == null ? "" : "'" + name + "' ")
                        + "keeps its data in an external file but does not say which");
            }
            externalDataFiles.addAll(locations);
        }
    }

    private void readSparseInitializer(Set<String> initializerNames, Set<String> externalDataFiles) throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            if (ProtobufReader.fieldNumber(tag) == SPARSE_TENSOR_VALUES) {
                reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "sparse initializer values");
                readInitializer(initializerNames, externalDataFiles);
            } else {
                reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
    }

    private ValueInfo readValueInfo() throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        String name = "";
        ValueInfo type = new ValueInfo("", TypeKind.NONE, 0, null);
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case VALUE_INFO_NAME -> name = readText(tag, "value name");
                case VALUE_INFO_TYPE -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "value type");
                    type = readType();
                }
                default -> reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
        return new ValueInfo(name, type.kind(), type.elementType(), type.shape());
    }

    private ValueInfo readType() throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        ValueInfo type = new ValueInfo("", TypeKind.NONE, 0, null);
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case TYPE_TENSOR -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "tensor_type");
                    type = readTensorType();
                }
                case TYPE_SEQUENCE -> type = skipAs(tag, TypeKind.SEQUENCE);
                case TYPE_MAP -> type = skipAs(tag, TypeKind.MAP);
                case TYPE_SPARSE_TENSOR -> type = skipAs(tag, TypeKind.SPARSE_TENSOR);
                case TYPE_OPTIONAL -> type = skipAs(tag, TypeKind.OPTIONAL);
                default -> reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
        return type;
    }

    private ValueInfo skipAs(int tag, TypeKind kind) throws IOException {
        reader.skipField(tag);
        return new ValueInfo("", kind, 0, null);
    }

    private ValueInfo readTensorType() throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        int elementType = 0;
        List<Long> shape = null;
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case TENSOR_TYPE_ELEM_TYPE -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_VARINT, "elem_type");
                    elementType = (int) reader.readVarint();
                }
                case TENSOR_TYPE_SHAPE -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "shape");
                    shape = readShape();
                }
                default -> reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
        return new ValueInfo("", TypeKind.TENSOR, elementType, shape);
    }

    private List<Long> readShape() throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        List<Long> shape = new ArrayList<>();
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            if (ProtobufReader.fieldNumber(tag) == SHAPE_DIM) {
                reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "dim");
                shape.add(readDimension());
            } else {
                reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
        return shape;
    }

    private long readDimension() throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        long dimension = TensorSpec.VARIABLE_DIMENSION;
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case DIMENSION_VALUE -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_VARINT, "dim_value");
                    long value = reader.readVarint();
                    dimension = value < 0 ? TensorSpec.VARIABLE_DIMENSION : value;
                }
                case DIMENSION_PARAM -> {
                    readText(tag, "dim_param");
                    dimension = TensorSpec.VARIABLE_DIMENSION;
                }
                default -> reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
        return dimension;
    }

    private void readOpset(Map<String, String> properties) throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        String domain = "";
        long version = 0;
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case OPSET_DOMAIN -> domain = readText(tag, "opset domain");
                case OPSET_VERSION -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_VARINT, "opset version");
                    version = reader.readVarint();
                }
                default -> reader.skipField(tag);
            }
        }
        reader.popLimit(outerLimit);
        properties.put("opset." + (domain.isEmpty() ? "ai.onnx" : domain), Long.toString(version));
    }

    private void readMetadataEntry(Map<String, String> metadata) throws IOException {
        long length = reader.readLength();
        metadataBytes += length;
        if (metadataBytes > MAX_METADATA_TOTAL_BYTES) {
            throw reader.invalid("its metadata_props hold more than " + MAX_METADATA_TOTAL_BYTES + " bytes");
        }
        long outerLimit = reader.pushLimit(length);
        readEntryFields(metadata, MAX_METADATA_VALUE_BYTES);
        reader.popLimit(outerLimit);
    }

    private void readStringEntry(Map<String, String> entries, int maxValueBytes) throws IOException {
        long outerLimit = reader.pushLimit(reader.readLength());
        readEntryFields(entries, maxValueBytes);
        reader.popLimit(outerLimit);
    }

    private void readEntryFields(Map<String, String> entries, int maxValueBytes) throws IOException {
        String key = "";
        String value = "";
        while (!reader.atEnd()) {
            int tag = reader.readTag();
            switch (ProtobufReader.fieldNumber(tag)) {
                case ENTRY_KEY -> key = readText(tag, "metadata key");
                case ENTRY_VALUE -> {
                    reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, "metadata value");
                    value = reader.readString(maxValueBytes, "a metadata value");
                }
                default -> reader.skipField(tag);
            }
        }
        entries.put(key, value);
    }

    private String readText(int tag, String what) throws IOException {
        reader.expectWireType(tag, ProtobufReader.WIRE_TYPE_LENGTH_DELIMITED, what);
        return reader.readString(MAX_NAME_BYTES, "the " + what);
    }

    private static TensorSpec toTensorSpec(ValueInfo value, String role) {
        String described = "the " + role + " '" + value.name() + "'";
        if (value.name().isBlank()) {
            throw ModelDescription.invalidModel(ERROR_PREFIX + ": a graph " + role + " has no name");
        }
        switch (value.kind()) {
            case TENSOR -> {}
            case NONE -> throw ModelDescription.invalidModel(ERROR_PREFIX + ": " + described + " has no type");
            case SEQUENCE, MAP, SPARSE_TENSOR, OPTIONAL ->
                throw ModelDescription.invalidModel(
                        "the ONNX model's " + role + " '" + value.name() + "' is a " + describe(value.kind())
                                + ", not a dense tensor; Modelyard signatures need tensor inputs and outputs"
                                + " (for scikit-learn classifiers converted with skl2onnx, pass options={'zipmap': False})");
        }
        String datatype = DATATYPES.get(value.elementType());
        if (datatype == null) {
            String typeName =
                    UNSUPPORTED_ELEMENT_TYPES.getOrDefault(value.elementType(), "number " + value.elementType());
            throw ModelDescription.invalidModel("the ONNX model's " + role + " '" + value.name() + "' has element type "
                    + typeName + ", which Modelyard cannot serve; export the model with a supported type such as"
                    + " float, double, int64 or string");
        }
        return new TensorSpec(value.name(), datatype, value.shape() == null ? List.of() : value.shape());
    }

    private static String describe(TypeKind kind) {
        return switch (kind) {
            case SEQUENCE -> "sequence";
            case MAP -> "map";
            case SPARSE_TENSOR -> "sparse tensor";
            case OPTIONAL -> "optional value";
            case TENSOR -> "tensor";
            case NONE -> "value without type";
        };
    }

    private static void requireUniqueNames(List<TensorSpec> tensors, String role) {
        Set<String> names = new HashSet<>();
        for (TensorSpec tensor : tensors) {
            if (!names.add(tensor.name())) {
                throw ModelDescription.invalidModel(
                        ERROR_PREFIX + ": the graph declares the " + role + " '" + tensor.name() + "' twice");
            }
        }
    }
}
