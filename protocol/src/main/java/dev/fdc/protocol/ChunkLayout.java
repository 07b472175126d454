package dev.fdc.protocol;

import dev.fdc.protocol.v1.DType;

/**
 * The canonical cutting of a flat tensor into chunks. With {@code E = MAX_CHUNK_BYTES /
 * bytesPerElement(dtype)} elements per chunk, chunk {@code i} of a tensor of {@code T} elements
 * covers elements {@code [i·E, min((i+1)·E, T))}; there are {@code max(1, ⌈T / E⌉)} chunks, so an
 * empty tensor is one empty chunk. Elements are never split across chunks, and bf16 chunks hold
 * twice as many elements as fp32 chunks.
 */
public final class ChunkLayout {

    /** The largest payload of one chunk, in bytes (128 KiB, half of Artery's default frame). */
    public static final int MAX_CHUNK_BYTES = 128 * 1024;

    private ChunkLayout() {}

    /** Returns the number of elements of {@code dtype} in every chunk but the last. */
    public static int elementsPerChunk(DType dtype) {
        return MAX_CHUNK_BYTES / TensorCodec.bytesPerElement(dtype);
    }

    /**
     * Returns the number of chunks of a tensor of {@code totalElements} elements of {@code dtype}.
     *
     * @throws IllegalArgumentException if {@code totalElements} is negative or needs more than
     *     {@link Integer#MAX_VALUE} chunks
     */
    public static int chunkCount(long totalElements, DType dtype) {
        if (totalElements < 0) {
            throw new IllegalArgumentException("totalElements must be >= 0, got " + totalElements);
        }
        long perChunk = elementsPerChunk(dtype);
        long count = Math.max(1, (totalElements + perChunk - 1) / perChunk);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(totalElements + " elements need " + count + " chunks, more than an int");
        }
        return (int) count;
    }

    /** Returns the index of the first element of chunk {@code index}. */
    public static long elementOffset(int index, DType dtype) {
        return (long) index * elementsPerChunk(dtype);
    }

    /**
     * Returns the number of elements in chunk {@code index} of a tensor of {@code totalElements}
     * elements; 0 for the single chunk of an empty tensor.
     */
    public static int elementCount(int index, long totalElements, DType dtype) {
        long remaining = totalElements - elementOffset(index, dtype);
        return (int) Math.max(0, Math.min(elementsPerChunk(dtype), remaining));
    }
}
