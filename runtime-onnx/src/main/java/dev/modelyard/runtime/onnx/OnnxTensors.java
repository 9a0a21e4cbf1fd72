package dev.modelyard.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import dev.modelyard.core.runtime.DataType;
import dev.modelyard.core.runtime.InvalidInputException;
import dev.modelyard.core.runtime.ModelExecutionException;
import dev.modelyard.core.runtime.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.ShortBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Converts between Modelyard {@link Tensor}s and ONNX Runtime tensors, and names ONNX element types as the Open
 * Inference Protocol does.
 *
 * <p>Inputs: FP32, FP64, INT64 and INT32 arrays are wrapped, not copied, and ONNX Runtime copies them once into
 * native memory; an FP64 tensor for an FP32 input is narrowed to float (round to nearest) straight into native memory;
 * BOOL, INT8, UINT8 and INT16 are packed into native memory (values outside the type's range are rejected); BYTES
 * elements become strings and must be valid UTF-8. Outputs: FP32 float[], FP64 double[], INT64 long[], INT32, INT16,
 * INT8 and UINT8 int[], BOOL boolean[], strings BYTES (UTF-8); FP16 and BF16 outputs are widened to FP32.
 */
final class OnnxTensors {

    private OnnxTensors() {}

    /** The Open Inference Protocol type of an ONNX element type, or empty for types Modelyard cannot describe. */
    static Optional<DataType> dataType(OnnxTensorType type) {
        return Optional.ofNullable(
                switch (type) {
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> DataType.FP32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> DataType.FP64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> DataType.FP16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 -> DataType.BF16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 -> DataType.INT8;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 -> DataType.INT16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 -> DataType.INT32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> DataType.INT64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> DataType.UINT8;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16 -> DataType.UINT16;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32 -> DataType.UINT32;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64 -> DataType.UINT64;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL -> DataType.BOOL;
                    case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING -> DataType.BYTES;
                    default -> null;
                });
    }

    /**
     * Creates the ONNX Runtime tensor for an input; the tensor passed {@link ModelInput#check}. The caller closes it.
     *
     * @throws InvalidInputException when a value does not fit the input's type
     */
    static OnnxTensor toOnnx(OrtEnvironment environment, ModelInput input, Tensor tensor) throws OrtException {
        long[] shape = tensor.shape();
        Object values = tensor.values();
        return switch (input.datatype()) {
            case FP32 ->
                tensor.datatype() == DataType.FP64
                        ? OnnxTensor.createTensor(environment, narrowToFloats((double[]) values), shape)
                        : OnnxTensor.createTensor(environment, FloatBuffer.wrap((float[]) values), shape);
            case FP64 -> OnnxTensor.createTensor(environment, DoubleBuffer.wrap((double[]) values), shape);
            case INT64 -> OnnxTensor.createTensor(environment, LongBuffer.wrap((long[]) values), shape);
            case INT32 -> OnnxTensor.createTensor(environment, IntBuffer.wrap((int[]) values), shape);
            case INT16 ->
                OnnxTensor.createTensor(environment, toShorts(input, (int[]) values), shape, OnnxJavaType.INT16);
            case INT8 ->
                OnnxTensor.createTensor(
                        environment,
                        toBytes(input, (int[]) values, Byte.MIN_VALUE, Byte.MAX_VALUE),
                        shape,
                        OnnxJavaType.INT8);
            case UINT8 ->
                OnnxTensor.createTensor(environment, toBytes(input, (int[]) values, 0, 255), shape, OnnxJavaType.UINT8);
            case BOOL -> OnnxTensor.createTensor(environment, toBytes((boolean[]) values), shape, OnnxJavaType.BOOL);
            case BYTES -> OnnxTensor.createTensor(environment, toStrings(input, (byte[][]) values), shape);
            default ->
                throw new InvalidInputException("input '" + input.name() + "' is " + input.datatype()
                        + ", a type Modelyard cannot feed to ONNX Runtime yet");
        };
    }

    /** Converts one output of a run. */
    static Tensor fromOnnx(String name, OnnxValue value) throws OrtException {
        if (!(value instanceof OnnxTensor tensor)) {
            throw new ModelExecutionException(
                    "the model's output '" + name + "' is a " + value.getType() + ", not a tensor");
        }
        TensorInfo info = tensor.getInfo();
        long[] shape = info.getShape();
        int count = Math.toIntExact(Tensor.elementCount(shape));
        return switch (info.onnxType) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT,
                    ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16,
                    ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16 ->
                new Tensor(name, DataType.FP32, shape, count == 0 ? new float[0] : floats(tensor.getFloatBuffer()));
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE ->
                new Tensor(name, DataType.FP64, shape, count == 0 ? new double[0] : doubles(tensor.getDoubleBuffer()));
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 ->
                new Tensor(name, DataType.INT64, shape, count == 0 ? new long[0] : longs(tensor.getLongBuffer()));
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32 ->
                new Tensor(name, DataType.INT32, shape, count == 0 ? new int[0] : ints(tensor.getIntBuffer()));
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16 ->
                new Tensor(name, DataType.INT16, shape, count == 0 ? new int[0] : ints(tensor.getShortBuffer()));
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8 ->
                new Tensor(name, DataType.INT8, shape, count == 0 ? new int[0] : ints(tensor.getByteBuffer(), false));
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 ->
                new Tensor(name, DataType.UINT8, shape, count == 0 ? new int[0] : ints(tensor.getByteBuffer(), true));
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL ->
                new Tensor(name, DataType.BOOL, shape, count == 0 ? new boolean[0] : booleans(tensor.getByteBuffer()));
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING ->
                new Tensor(name, DataType.BYTES, shape, count == 0 ? new byte[0][] : utf8(tensor.getValue(), count));
            default ->
                throw new ModelExecutionException("the model's output '" + name + "' has element type " + info.onnxType
                        + ", which Modelyard cannot return yet");
        };
    }

    private static FloatBuffer narrowToFloats(double[] values) {
        FloatBuffer buffer = allocateDirect(values.length, Float.BYTES).asFloatBuffer();
        for (double value : values) {
            buffer.put((float) value);
        }
        return buffer.rewind();
    }

    private static ShortBuffer toShorts(ModelInput input, int[] values) {
        ShortBuffer buffer = allocateDirect(values.length, Short.BYTES).asShortBuffer();
        for (int index = 0; index < values.length; index++) {
            buffer.put((short) inRange(input, values, index, Short.MIN_VALUE, Short.MAX_VALUE));
        }
        return buffer.rewind();
    }

    private static ByteBuffer toBytes(ModelInput input, int[] values, int min, int max) {
        ByteBuffer buffer = allocateDirect(values.length, 1);
        for (int index = 0; index < values.length; index++) {
            buffer.put((byte) inRange(input, values, index, min, max));
        }
        return buffer.rewind();
    }

    private static ByteBuffer toBytes(boolean[] values) {
        ByteBuffer buffer = allocateDirect(values.length, 1);
        for (boolean value : values) {
            buffer.put(value ? (byte) 1 : (byte) 0);
        }
        return buffer.rewind();
    }

    private static int inRange(ModelInput input, int[] values, int index, int min, int max) {
        int value = values[index];
        if (value < min || value > max) {
            throw new InvalidInputException("input '" + input.name() + "' holds " + value + " at index " + index
                    + ", outside the " + input.datatype() + " range " + min + " to " + max);
        }
        return value;
    }

    private static String[] toStrings(ModelInput input, byte[][] values) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
        String[] strings = new String[values.length];
        for (int index = 0; index < values.length; index++) {
            try {
                CharBuffer decoded = decoder.decode(ByteBuffer.wrap(values[index]));
                strings[index] = decoded.toString();
            } catch (CharacterCodingException notUtf8) {
                throw new InvalidInputException(
                        "input '" + input.name() + "' element " + index + " is not valid UTF-8 text", notUtf8);
            }
        }
        return strings;
    }

    private static ByteBuffer allocateDirect(int count, int bytesPerElement) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(count, bytesPerElement))
                .order(ByteOrder.nativeOrder());
    }

    private static float[] floats(FloatBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.array().length == buffer.remaining()) {
            return buffer.array();
        }
        float[] values = new float[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static double[] doubles(DoubleBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.array().length == buffer.remaining()) {
            return buffer.array();
        }
        double[] values = new double[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static long[] longs(LongBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.array().length == buffer.remaining()) {
            return buffer.array();
        }
        long[] values = new long[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static int[] ints(IntBuffer buffer) {
        if (buffer.hasArray()
                && buffer.arrayOffset() == 0
                && buffer.position() == 0
                && buffer.array().length == buffer.remaining()) {
            return buffer.array();
        }
        int[] values = new int[buffer.remaining()];
        buffer.get(values);
        return values;
    }

    private static int[] ints(ShortBuffer buffer) {
        int[] values = new int[buffer.remaining()];
        for (int index = 0; index < values.length; index++) {
            values[index] = buffer.get(index);
        }
        return values;
    }

    private static int[] ints(ByteBuffer buffer, boolean unsigned) {
        int[] values = new int[buffer.remaining()];
        for (int index = 0; index < values.length; index++) {
            byte value = buffer.get(index);
            values[index] = unsigned ? Byte.toUnsignedInt(value) : value;
        }
        return values;
    }

    private static boolean[] booleans(ByteBuffer buffer) {
        boolean[] values = new boolean[buffer.remaining()];
        for (int index = 0; index < values.length; index++) {
            values[index] = buffer.get(index) != 0;
        }
        return values;
    }

    /** ONNX Runtime returns string tensors as (nested) String arrays; flattens them row-major into UTF-8 bytes. */
    private static byte[][] utf8(Object value, int count) {
        List<String> strings = new ArrayList<>(count);
        flatten(value, strings);
        byte[][] bytes = new byte[strings.size()][];
        for (int index = 0; index < bytes.length; index++) {
            bytes[index] = strings.get(index).getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }

    private static void flatten(Object value, List<String> into) {
        if (value instanceof String string) {
            into.add(string);
        } else if (value instanceof Object[] array) {
            for (Object element : array) {
                flatten(element, into);
            }
        } else {
            throw new ModelExecutionException("unexpected string tensor value " + value.getClass());
        }
    }
}
