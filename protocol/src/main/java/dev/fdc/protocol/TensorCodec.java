package dev.fdc.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.fdc.protocol.v1.DType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Objects;

/**
 * Flat {@code float} tensors as little-endian bytes: fp32 (4 bytes per element, bit-exact, NaN
 * payloads included) or bf16 (2 bytes per element, see {@link Bf16} for the rounding).
 */
public final class TensorCodec {

    private TensorCodec() {}

    /**
     * Returns the number of bytes one element of {@code dtype} occupies.
     *
     * @throws IllegalArgumentException if {@code dtype} is unspecified or unknown
     */
    public static int bytesPerElement(DType dtype) {
        switch (Objects.requireNonNull(dtype, "dtype")) {
            case DTYPE_FP32:
                return Float.BYTES;
            case DTYPE_BF16:
                return Short.BYTES;
            default:
                throw new IllegalArgumentException(
                        "dtype " + dtype + " is not a tensor element type (expected DTYPE_FP32 or DTYPE_BF16)");
        }
    }

    /** Returns {@code values[offset, offset + length)} encoded as {@code dtype}, without a copy. */
    public static ByteString encode(float[] values, int offset, int length, DType dtype) {
        byte[] bytes = bytesPerElement(dtype) == Short.BYTES
                ? encodeBf16(values, offset, length)
                : encodeFp32(values, offset, length);
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    /**
     * Decodes all of {@code payload} as {@code dtype} into {@code destination} from {@code
     * destinationOffset} on.
     *
     * @throws IllegalArgumentException if the payload is not a whole number of elements
     * @throws IndexOutOfBoundsException if the destination is too short
     */
    public static void decode(ByteString payload, DType dtype, float[] destination, int destinationOffset) {
        int width = bytesPerElement(dtype);
        if (payload.size() % width != 0) {
            throw new IllegalArgumentException("payload of " + payload.size() + " bytes is not a whole number of "
                    + width + "-byte " + dtype + " elements");
        }
        ByteBuffer bytes = payload.asReadOnlyByteBuffer();
        int count = payload.size() / width;
        if (dtype == DType.DTYPE_BF16) {
            decodeBf16(bytes, destination, destinationOffset, count);
        } else {
            decodeFp32(bytes, destination, destinationOffset, count);
        }
    }

    /** Returns {@code values[offset, offset + length)} as little-endian fp32 bytes. */
    public static byte[] encodeFp32(float[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, values.length);
        byte[] bytes = new byte[Math.multiplyExact(length, Float.BYTES)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(values, offset, length);
        return bytes;
    }

    /** Returns {@code values[offset, offset + length)} as little-endian bf16 bytes. */
    public static byte[] encodeBf16(float[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, values.length);
        short[] halves = new short[length];
        for (int i = 0; i < length; i++) {
            halves[i] = Bf16.fromFloat(values[offset + i]);
        }
        byte[] bytes = new byte[Math.multiplyExact(length, Short.BYTES)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(halves);
        return bytes;
    }

    /** Reads {@code count} little-endian fp32 values from {@code source}'s position into {@code destination}. */
    public static void decodeFp32(ByteBuffer source, float[] destination, int destinationOffset, int count) {
        Objects.checkFromIndexSize(destinationOffset, count, destination.length);
        source.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(destination, destinationOffset, count);
    }

    /** Reads {@code count} little-endian bf16 values from {@code source}'s position into {@code destination} as fp32. */
    public static void decodeBf16(ByteBuffer source, float[] destination, int destinationOffset, int count) {
        Objects.checkFromIndexSize(destinationOffset, count, destination.length);
        short[] halves = new short[count];
        ShortBuffer view = source.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        view.get(halves);
        for (int i = 0; i < count; i++) {
            destination[destinationOffset + i] = Bf16.toFloat(halves[i]);
        }
    }
}
