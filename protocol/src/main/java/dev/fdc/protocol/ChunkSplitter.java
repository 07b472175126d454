package dev.fdc.protocol;

import com.google.protobuf.ByteString;
import dev.fdc.protocol.v1.ContentChunk;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientChunk;
import dev.fdc.protocol.v1.ParameterChunk;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.ResultChunk;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.protocol.v1.TensorChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Cuts a flat {@code float} tensor (an array or a slice of one) into {@link TensorChunk}s of at
 * most {@link #MAX_CHUNK_BYTES} payload bytes, laid out as {@link ChunkLayout} prescribes, each with
 * its CRC32C. Chunks are encoded on demand by {@link #chunk(int)}, so a sender can stream a large
 * tensor under a window without holding all chunks; the array must not change meanwhile.
 */
public final class ChunkSplitter {

    /** The largest payload of one chunk, in bytes (128 KiB). */
    public static final int MAX_CHUNK_BYTES = ChunkLayout.MAX_CHUNK_BYTES;

    private final float[] values;
    private final int offset;
    private final int length;
    private final DType dtype;
    private final int count;

    private ChunkSplitter(float[] values, int offset, int length, DType dtype) {
        this.values = Objects.requireNonNull(values, "values");
        Objects.checkFromIndexSize(offset, length, values.length);
        this.offset = offset;
        this.length = length;
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.count = ChunkLayout.chunkCount(length, dtype);
    }

    /** Returns a splitter of all of {@code values} as {@code dtype}. */
    public static ChunkSplitter of(float[] values, DType dtype) {
        return new ChunkSplitter(values, 0, values.length, dtype);
    }

    /** Returns a splitter of {@code values[offset, offset + length)} as {@code dtype}. */
    public static ChunkSplitter of(float[] values, int offset, int length, DType dtype) {
        return new ChunkSplitter(values, offset, length, dtype);
    }

    /** Returns the number of chunks (at least 1). */
    public int count() {
        return count;
    }

    /** Returns the number of elements of the tensor. */
    public int totalElements() {
        return length;
    }

    /** Returns the element type of the payloads. */
    public DType dtype() {
        return dtype;
    }

    /** Returns chunk {@code index}, encoded now. */
    public TensorChunk chunk(int index) {
        Objects.checkIndex(index, count);
        long elementOffset = ChunkLayout.elementOffset(index, dtype);
        int elementCount = ChunkLayout.elementCount(index, length, dtype);
        ByteString payload = TensorCodec.encode(values, offset + (int) elementOffset, elementCount, dtype);
        return TensorChunk.newBuilder()
                .setIndex(index)
                .setCount(count)
                .setDtype(dtype)
                .setElementOffset(elementOffset)
                .setElementCount(elementCount)
                .setTotalElements(length)
                .setCrc32C(Crc32c.of(payload))
                .setPayload(payload)
                .build();
    }

    /** Returns all chunks in index order. */
    public List<TensorChunk> chunks() {
        return wrapped(Function.identity());
    }

    /** Returns all chunks as gradient chunks of task {@code taskId}. */
    public List<GradientChunk> gradientChunks(TaskId taskId) {
        return wrapped(
                c -> GradientChunk.newBuilder().setTaskId(taskId).setChunk(c).build());
    }

    /** Returns all chunks as chunks of parameter version {@code version}. */
    public List<ParameterChunk> parameterChunks(ParameterVersion version) {
        return wrapped(
                c -> ParameterChunk.newBuilder().setVersion(version).setChunk(c).build());
    }

    /** Returns all chunks as chunks of the result tensor named {@code tensor} of task {@code taskId}. */
    public List<ResultChunk> resultChunks(TaskId taskId, String tensor) {
        return wrapped(c -> ResultChunk.newBuilder()
                .setTaskId(taskId)
                .setTensor(tensor)
                .setChunk(c)
                .build());
    }

    /** Returns all chunks as chunks of the stored content {@code contentId}. */
    public List<ContentChunk> contentChunks(String contentId) {
        return wrapped(c ->
                ContentChunk.newBuilder().setContentId(contentId).setChunk(c).build());
    }

    private <T> List<T> wrapped(Function<TensorChunk, T> wrap) {
        List<T> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(wrap.apply(chunk(i)));
        }
        return out;
    }
}
