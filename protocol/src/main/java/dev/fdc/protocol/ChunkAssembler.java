package dev.fdc.protocol;

import dev.fdc.protocol.ChunkRejectedException.Reason;
import dev.fdc.protocol.v1.ContentChunk;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientChunk;
import dev.fdc.protocol.v1.ParameterChunk;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.ResultChunk;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.protocol.v1.TensorChunk;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * Puts one chunked tensor back together: the gradient of one task, one parameter version, one
 * result tensor of a task, or one piece of stored content. Chunks may arrive in any order. Each is
 * checked on its own ({@link ChunkLayout}, size, CRC32C) and against the ones before it (same
 * stream, count, dtype and total); a failed check throws a {@link ChunkRejectedException} naming
 * the chunk and the field, and leaves the assembler as it was. A second copy of a received chunk is
 * counted and ignored if identical, rejected otherwise. Optionally every element must be finite.
 *
 * <p>The assembler has no threads and no clock: it records the {@code createdAtNanos} it is given,
 * and its owner asks {@link #isExpired(long, Duration)} to time out chunk sets that never complete.
 * Not thread-safe; one owner (an actor) feeds it.
 */
public final class ChunkAssembler {

    /**
     * The default largest tensor accepted, in elements (2^28, 1 GiB of fp32): above the first
     * version's model-size limit of 100 M parameters, below what a stray chunk should allocate.
     */
    public static final long DEFAULT_MAX_ELEMENTS = 1L << 28;

    /** What became of an accepted chunk. */
    public enum Arrival {
        /** The chunk was new and its values are stored. */
        NEW,
        /** An identical copy of the chunk had arrived before; it was counted and ignored. */
        DUPLICATE
    }

    private final String stream;
    private final long createdAtNanos;
    private boolean requireFinite;
    private long maxElements = DEFAULT_MAX_ELEMENTS;
    private DType expectedDType;
    private long expectedTotalElements = -1;

    private DType dtype;
    private long totalElements = -1;
    private int chunkCount;
    private float[] values;
    private final BitSet received = new BitSet();
    private int duplicateCount;

    private ChunkAssembler(String stream, long createdAtNanos) {
        this.stream = stream;
        this.createdAtNanos = createdAtNanos;
    }

    /** Returns an assembler for the gradient of task {@code taskId}, created at {@code createdAtNanos}. */
    public static ChunkAssembler forGradient(TaskId taskId, long createdAtNanos) {
        return new ChunkAssembler(gradientStream(taskId), createdAtNanos);
    }

    /** Returns an assembler for parameter version {@code version}, created at {@code createdAtNanos}. */
    public static ChunkAssembler forParameters(ParameterVersion version, long createdAtNanos) {
        return new ChunkAssembler(parameterStream(version), createdAtNanos);
    }

    /** Returns an assembler for result tensor {@code tensor} of task {@code taskId}, created at {@code createdAtNanos}. */
    public static ChunkAssembler forResult(TaskId taskId, String tensor, long createdAtNanos) {
        return new ChunkAssembler(resultStream(taskId, tensor), createdAtNanos);
    }

    /** Returns an assembler for stored content {@code contentId}, created at {@code createdAtNanos}. */
    public static ChunkAssembler forContent(String contentId, long createdAtNanos) {
        return new ChunkAssembler(contentStream(contentId), createdAtNanos);
    }

    /** Requires (or not, the default) every element to be finite; NaN and ±∞ are then rejected. */
    public ChunkAssembler optRequireFinite(boolean requireFinite) {
        this.requireFinite = requireFinite;
        return this;
    }

    /** Sets the largest total element count accepted (default {@link #DEFAULT_MAX_ELEMENTS}). */
    public ChunkAssembler optMaxElements(long maxElements) {
        if (maxElements < 0 || maxElements > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "maxElements must be in [0, " + (Integer.MAX_VALUE - 8) + "], got " + maxElements);
        }
        this.maxElements = maxElements;
        return this;
    }

    /** Requires the tensor to have exactly {@code totalElements} elements (e.g. the model's parameter count). */
    public ChunkAssembler optExpectedTotalElements(long totalElements) {
        this.expectedTotalElements = totalElements;
        return this;
    }

    /** Requires every chunk to carry {@code dtype}. */
    public ChunkAssembler optExpectedDType(DType dtype) {
        this.expectedDType = Objects.requireNonNull(dtype, "dtype");
        return this;
    }

    /** Accepts a gradient chunk; see {@link ChunkAssembler} for the checks. */
    public Arrival accept(GradientChunk chunk) {
        return accept(gradientStream(chunk.getTaskId()), chunk.getChunk());
    }

    /** Accepts a parameter chunk; see {@link ChunkAssembler} for the checks. */
    public Arrival accept(ParameterChunk chunk) {
        return accept(parameterStream(chunk.getVersion()), chunk.getChunk());
    }

    /** Accepts a result chunk; see {@link ChunkAssembler} for the checks. */
    public Arrival accept(ResultChunk chunk) {
        return accept(resultStream(chunk.getTaskId(), chunk.getTensor()), chunk.getChunk());
    }

    /** Accepts a content chunk; see {@link ChunkAssembler} for the checks. */
    public Arrival accept(ContentChunk chunk) {
        return accept(contentStream(chunk.getContentId()), chunk.getChunk());
    }

    private Arrival accept(String chunkStream, TensorChunk chunk) {
        String at = ChunkValidator.describe(chunk, stream);
        int index = chunk.getIndex();
        if (!stream.equals(chunkStream)) {
            throw new ChunkRejectedException(
                    Reason.STREAM,
                    index,
                    at + "belongs to another stream (expected " + stream + ", got " + chunkStream + ")");
        }
        checkConsistent(chunk, at);
        ChunkValidator.check(chunk, stream, maxElements);
        int length = chunk.getElementCount();
        int from = (int) chunk.getElementOffset();
        if (received.get(index)) {
            float[] copy = new float[length];
            TensorCodec.decode(chunk.getPayload(), dtype, copy, 0);
            if (!Arrays.equals(values, from, from + length, copy, 0, length)) {
                throw new ChunkRejectedException(
                        Reason.CONFLICTING_DUPLICATE, index, at + "a different copy of this chunk was received before");
            }
            duplicateCount++;
            return Arrival.DUPLICATE;
        }
        if (values == null) {
            dtype = chunk.getDtype();
            totalElements = chunk.getTotalElements();
            chunkCount = chunk.getCount();
            values = new float[(int) totalElements];
        }
        TensorCodec.decode(chunk.getPayload(), dtype, values, from);
        if (requireFinite) {
            for (int i = from; i < from + length; i++) {
                if (!Float.isFinite(values[i])) {
                    throw new ChunkRejectedException(
                            Reason.NOT_FINITE,
                            index,
                            at + "element " + i
                                    + " (offset " + from + " + " + (i - from) + ") is " + values[i]
                                    + " but finite values are required");
                }
            }
        }
        received.set(index);
        return Arrival.NEW;
    }

    private void checkConsistent(TensorChunk chunk, String at) {
        int index = chunk.getIndex();
        DType wantDType = dtype != null ? dtype : expectedDType;
        if (wantDType != null && chunk.getDtype() != wantDType) {
            throw new ChunkRejectedException(
                    Reason.DTYPE,
                    index,
                    at + "dtype " + chunk.getDtype() + " differs from " + wantDType
                            + (dtype != null ? " of earlier chunks" : " expected"));
        }
        long wantTotal = totalElements >= 0 ? totalElements : expectedTotalElements;
        if (wantTotal >= 0 && chunk.getTotalElements() != wantTotal) {
            throw new ChunkRejectedException(
                    Reason.TOTAL,
                    index,
                    at + "total_elements "
                            + chunk.getTotalElements() + " differs from " + wantTotal
                            + (totalElements >= 0 ? " of earlier chunks" : " expected"));
        }
        if (values != null && chunk.getCount() != chunkCount) {
            throw new ChunkRejectedException(
                    Reason.COUNT,
                    index,
                    at + "count " + chunk.getCount() + " differs from " + chunkCount + " of earlier chunks");
        }
    }

    /** Returns the name of the stream in messages, e.g. {@code task r1/e2/k1/n4/i0}. */
    public String stream() {
        return stream;
    }

    /** Returns whether every chunk has arrived. */
    public boolean isComplete() {
        return values != null && received.cardinality() == chunkCount;
    }

    /** Returns the number of distinct chunks received. */
    public int receivedCount() {
        return received.cardinality();
    }

    /** Returns the number of chunks of the tensor; 0 until the first chunk is accepted. */
    public int chunkCount() {
        return chunkCount;
    }

    /** Returns the number of identical duplicate chunks ignored. */
    public int duplicateCount() {
        return duplicateCount;
    }

    /** Returns the indices not yet received, ascending; empty until the first chunk is accepted. */
    public int[] missingIndices() {
        BitSet missing = new BitSet(chunkCount);
        missing.set(0, chunkCount);
        missing.andNot(received);
        return missing.stream().toArray();
    }

    /**
     * Returns the assembled tensor; the array is not copied and belongs to the caller from then on.
     *
     * @throws IllegalStateException if chunks are missing, naming them
     */
    public float[] values() {
        if (!isComplete()) {
            int[] missing = missingIndices();
            throw new IllegalStateException(stream + " is incomplete: "
                    + (values == null
                            ? "no chunk received"
                            : "missing " + missing.length + " of " + chunkCount + " chunks, first "
                                    + Arrays.toString(Arrays.copyOf(missing, Math.min(10, missing.length)))));
        }
        return values;
    }

    /** Returns the time this assembler was created, as given to its factory. */
    public long createdAtNanos() {
        return createdAtNanos;
    }

    /** Returns whether the tensor is still incomplete {@code timeout} or longer after creation, at {@code nowNanos}. */
    public boolean isExpired(long nowNanos, Duration timeout) {
        return !isComplete() && nowNanos - createdAtNanos >= timeout.toNanos();
    }

    private static String gradientStream(TaskId taskId) {
        return "task " + TaskIdFormat.format(taskId);
    }

    private static String parameterStream(ParameterVersion version) {
        return "parameters " + ParameterVersionFormat.format(version);
    }

    private static String resultStream(TaskId taskId, String tensor) {
        return "tensor \"" + tensor + "\" of task " + TaskIdFormat.format(taskId);
    }

    private static String contentStream(String contentId) {
        return "content \"" + contentId + "\"";
    }
}
