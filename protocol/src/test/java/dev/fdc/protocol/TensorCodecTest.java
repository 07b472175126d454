package dev.fdc.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.fdc.protocol.v1.DType;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Byte layout and bit-exactness of the fp32 and bf16 encodings. */
class TensorCodecTest {

    @Test
    void fp32IsLittleEndianIeee754() {
        // 1.0f = 0x3F800000, -2.5f = 0xC0200000: least significant byte first.
        byte[] bytes = TensorCodec.encodeFp32(new float[] {1.0f, -2.5f}, 0, 2);
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3F, 0, 0, 0x20, (byte) 0xC0}, bytes);
    }

    @Test
    void bf16IsLittleEndianUpperHalf() {
        byte[] bytes = TensorCodec.encodeBf16(new float[] {1.0f, -2.5f}, 0, 2);
        assertArrayEquals(new byte[] {(byte) 0x80, 0x3F, 0x20, (byte) 0xC0}, bytes);
    }

    @Test
    void fp32RoundTripIsBitExactForSpecialValues() {
        float[] values = {
            0f,
            -0f,
            Float.MIN_VALUE,
            -Float.MIN_NORMAL,
            Float.MAX_VALUE,
            Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            Float.NaN,
            Float.intBitsToFloat(0x7FC00001),
            Float.intBitsToFloat(0xFFC12345),
            1e-40f,
            3.1415927f
        };
        ByteString payload = TensorCodec.encode(values, 0, values.length, DType.DTYPE_FP32);
        float[] back = new float[values.length];
        TensorCodec.decode(payload, DType.DTYPE_FP32, back, 0);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(back[i]), "element " + i);
        }
    }

    @Test
    void bf16RoundTripMatchesElementwiseRounding() {
        float[] values = TestTensors.random(1001, 3);
        values[10] = Float.NaN;
        values[11] = Float.NEGATIVE_INFINITY;
        values[12] = Float.MAX_VALUE;
        ByteString payload = TensorCodec.encode(values, 0, values.length, DType.DTYPE_BF16);
        assertEquals(2 * values.length, payload.size());
        float[] back = new float[values.length];
        TensorCodec.decode(payload, DType.DTYPE_BF16, back, 0);
        assertArrayEquals(TestTensors.expectedAfter(values, DType.DTYPE_BF16), back);
        assertTrue(Float.isNaN(back[10]));
        assertEquals(Float.POSITIVE_INFINITY, back[12], "MAX_VALUE rounds to +Inf in bf16");
    }

    @Test
    void encodesASliceAndDecodesAtAnOffset() {
        float[] values = {1, 2, 3, 4, 5, 6};
        ByteString payload = TensorCodec.encode(values, 2, 3, DType.DTYPE_FP32);
        float[] destination = new float[5];
        TensorCodec.decode(payload, DType.DTYPE_FP32, destination, 1);
        assertArrayEquals(new float[] {0, 3, 4, 5, 0}, destination);
    }

    @Test
    void decodesFromAByteBufferPosition() {
        ByteBuffer buffer = ByteBuffer.wrap(TensorCodec.encodeFp32(new float[] {7, 8, 9}, 0, 3));
        buffer.position(4);
        float[] destination = new float[2];
        TensorCodec.decodeFp32(buffer, destination, 0, 2);
        assertArrayEquals(new float[] {8, 9}, destination);
    }

    @Test
    void rejectsAPayloadThatIsNotWholeElements() {
        ByteString payload = ByteString.copyFrom(new byte[7]);
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TensorCodec.decode(payload, DType.DTYPE_FP32, new float[2], 0));
        assertTrue(e.getMessage().contains("7 bytes is not a whole number of 4-byte"), e.getMessage());
    }

    @Test
    void rejectsAnUnspecifiedDType() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TensorCodec.encode(new float[1], 0, 1, DType.DTYPE_UNSPECIFIED));
        assertTrue(
                e.getMessage().contains("DTYPE_UNSPECIFIED") && e.getMessage().contains("DTYPE_FP32"), e.getMessage());
    }

    @Test
    void rejectsASliceOutsideTheArray() {
        assertThrows(IndexOutOfBoundsException.class, () -> TensorCodec.encode(new float[4], 2, 3, DType.DTYPE_FP32));
        assertThrows(
                IndexOutOfBoundsException.class,
                () -> TensorCodec.decode(ByteString.copyFrom(new byte[8]), DType.DTYPE_FP32, new float[1], 0));
    }

    @Test
    void crc32cMatchesTheRfc3720CheckValue() {
        // CRC32C("123456789") = 0xE3069283 (RFC 3720, B.4).
        byte[] digits = "123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0xE3069283, Crc32c.of(digits, 0, digits.length));
        assertEquals(0xE3069283, Crc32c.of(ByteString.copyFrom(digits)));
        ByteString rope = ByteString.copyFrom(digits, 0, 4).concat(ByteString.copyFrom(digits, 4, 5));
        assertEquals(0xE3069283, Crc32c.of(rope), "a rope of several buffers");
        assertEquals("0xe3069283", Crc32c.hex(0xE3069283));
    }
}
