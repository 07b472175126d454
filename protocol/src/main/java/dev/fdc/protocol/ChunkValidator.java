package dev.fdc.protocol;

import dev.fdc.protocol.ChunkRejectedException.Reason;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.TensorChunk;

/**
 * The checks a single {@link TensorChunk} must pass on its own, whatever else has arrived: a known
 * dtype, a plausible total, an index within the count, the canonical layout of {@link ChunkLayout},
 * a payload of at most {@link ChunkLayout#MAX_CHUNK_BYTES} bytes holding exactly element_count
 * elements, and a matching CRC32C.
 */
final class ChunkValidator {

    private ChunkValidator() {}

    /** Returns the prefix of every message about {@code chunk} of {@code stream}. */
    static String describe(TensorChunk chunk, String stream) {
        return "chunk " + chunk.getIndex() + " of " + chunk.getCount() + " for " + stream + ": ";
    }

    /** Throws a {@link ChunkRejectedException} unless {@code chunk} is well-formed on its own. */
    static void check(TensorChunk chunk, String stream, long maxElements) {
        String at = describe(chunk, stream);
        int index = chunk.getIndex();
        int payloadBytes = chunk.getPayload().size();
        if (payloadBytes > ChunkLayout.MAX_CHUNK_BYTES) {
            throw new ChunkRejectedException(
                    Reason.PAYLOAD_SIZE,
                    index,
                    at + "payload is oversized: " + payloadBytes + " bytes, at most " + ChunkLayout.MAX_CHUNK_BYTES
                            + " allowed");
        }
        DType dtype = chunk.getDtype();
        if (dtype != DType.DTYPE_FP32 && dtype != DType.DTYPE_BF16) {
            throw new ChunkRejectedException(
                    Reason.DTYPE, index, at + "dtype " + dtype + " is not DTYPE_FP32 or DTYPE_BF16");
        }
        if (chunk.getCount() < 1) {
            throw new ChunkRejectedException(Reason.COUNT, index, at + "count must be at least 1");
        }
        if (index < 0 || index >= chunk.getCount()) {
            throw new ChunkRejectedException(
                    Reason.INDEX, index, at + "index is outside [0, " + chunk.getCount() + ")");
        }
        long total = chunk.getTotalElements();
        if (total < 0 || total > maxElements) {
            throw new ChunkRejectedException(
                    Reason.TOTAL, index, at + "total_elements " + total + " is outside [0, " + maxElements + "]");
        }
        int expectedCount = ChunkLayout.chunkCount(total, dtype);
        if (chunk.getCount() != expectedCount) {
            throw new ChunkRejectedException(
                    Reason.COUNT,
                    index,
                    at + "count " + chunk.getCount()
                            + " does not fit total_elements " + total + " of " + dtype + " (expected "
                            + expectedCount + " chunks of at most " + ChunkLayout.elementsPerChunk(dtype)
                            + " elements)");
        }
        long expectedOffset = ChunkLayout.elementOffset(index, dtype);
        if (chunk.getElementOffset() != expectedOffset) {
            throw new ChunkRejectedException(
                    Reason.OFFSET,
                    index,
                    at + "element_offset " + chunk.getElementOffset() + " is not the layout's " + expectedOffset);
        }
        int expectedElements = ChunkLayout.elementCount(index, total, dtype);
        if (chunk.getElementCount() != expectedElements) {
            throw new ChunkRejectedException(
                    Reason.ELEMENT_COUNT,
                    index,
                    at + "element_count " + chunk.getElementCount() + " is not the layout's " + expectedElements);
        }
        int width = TensorCodec.bytesPerElement(dtype);
        if (payloadBytes % width != 0) {
            throw new ChunkRejectedException(
                    Reason.PAYLOAD_SIZE,
                    index,
                    at + "payload of " + payloadBytes + " bytes is not a whole number of " + width + "-byte " + dtype
                            + " elements");
        }
        long expectedBytes = (long) expectedElements * width;
        if (payloadBytes != expectedBytes) {
            throw new ChunkRejectedException(
                    Reason.PAYLOAD_SIZE,
                    index,
                    at + "payload is "
                            + (payloadBytes < expectedBytes ? "truncated" : "too long") + ": " + payloadBytes
                            + " bytes, element_count " + expectedElements + " needs " + expectedBytes);
        }
        int actualCrc = Crc32c.of(chunk.getPayload());
        if (actualCrc != chunk.getCrc32C()) {
            throw new ChunkRejectedException(
                    Reason.CRC32C,
                    index,
                    at + "CRC32C mismatch (expected " + Crc32c.hex(chunk.getCrc32C()) + ", got " + Crc32c.hex(actualCrc)
                            + ")");
        }
    }
}
