package dev.fdc.protocol;

import java.util.Objects;

/**
 * A chunk that a {@link ChunkAssembler} refused. The message names the chunk ("chunk 3 of 7 for
 * task r1/e2/k1/n4/i0"), the field at fault and what was expected; {@link #reason()} says the same
 * for code. The assembler is unchanged by a rejection: a correct copy of the chunk is still welcome.
 */
public final class ChunkRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with a rejected chunk. */
    public enum Reason {
        /** The chunk belongs to another task, parameter version, result tensor or content. */
        STREAM,
        /** The dtype is not fp32 or bf16, or differs from earlier chunks or the expected one. */
        DTYPE,
        /** The chunk count is below 1, differs from earlier chunks, or does not fit the total. */
        COUNT,
        /** The index is outside {@code [0, count)}. */
        INDEX,
        /** The total element count is negative, too large, or differs from earlier chunks or the expected one. */
        TOTAL,
        /** The element offset is not where the canonical layout puts this chunk. */
        OFFSET,
        /** The element count is not what the canonical layout gives this chunk. */
        ELEMENT_COUNT,
        /** The payload is over the limit, not a whole number of elements, or not element_count elements long. */
        PAYLOAD_SIZE,
        /** The payload's CRC32C differs from the chunk's crc32c field. */
        CRC32C,
        /** A second copy of an already received chunk differs from the first. */
        CONFLICTING_DUPLICATE,
        /** An element is NaN or infinite while finite values are required. */
        NOT_FINITE
    }

    private final Reason reason;
    private final int chunkIndex;

    /** Creates a rejection of chunk {@code chunkIndex} for {@code reason} with the full {@code message}. */
    public ChunkRejectedException(Reason reason, int chunkIndex, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.chunkIndex = chunkIndex;
    }

    /** Returns what was wrong with the chunk. */
    public Reason reason() {
        return reason;
    }

    /** Returns the index the rejected chunk claimed. */
    public int chunkIndex() {
        return chunkIndex;
    }
}
