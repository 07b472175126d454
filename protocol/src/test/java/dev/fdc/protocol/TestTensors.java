package dev.fdc.protocol;

import com.google.protobuf.ByteString;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.protocol.v1.TensorChunk;
import java.util.SplittableRandom;

/** Shared fixtures of the codec tests: ids, deterministic tensors, and forged chunks. */
final class TestTensors {

    /** Task "r1/e2/k1/n4/i0". */
    static final TaskId TASK = TaskId.newBuilder()
            .setRunId("r1")
            .setCoordinatorEpoch(2)
            .setMirrorStep(1)
            .setAmStep(4)
            .setTaskIndex(0)
            .build();

    /** Task "r1/e2/k1/n4/i1", a sibling of {@link #TASK}. */
    static final TaskId OTHER_TASK = TASK.toBuilder().setTaskIndex(1).build();

    /** Parameter version "e2/v17". */
    static final ParameterVersion VERSION =
            ParameterVersion.newBuilder().setEpoch(2).setVersion(17).build();

    static final int FP32_PER_CHUNK = ChunkLayout.MAX_CHUNK_BYTES / 4;
    static final int BF16_PER_CHUNK = ChunkLayout.MAX_CHUNK_BYTES / 2;

    private TestTensors() {}

    /** Returns {@code n} finite values in [-8, 8) from {@code seed}, with every mantissa bit in use. */
    static float[] random(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) (random.nextDouble() * 16 - 8);
        }
        return values;
    }

    /** Returns the elements per chunk of {@code dtype}. */
    static int perChunk(DType dtype) {
        return dtype == DType.DTYPE_BF16 ? BF16_PER_CHUNK : FP32_PER_CHUNK;
    }

    /** Returns what {@code values} become after a trip through {@code dtype}. */
    static float[] expectedAfter(float[] values, DType dtype) {
        if (dtype == DType.DTYPE_FP32) {
            return values.clone();
        }
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Bf16.toFloat(Bf16.fromFloat(values[i]));
        }
        return out;
    }

    /** Returns {@code chunk} with {@code payload} and a CRC32C that matches it. */
    static TensorChunk withPayload(TensorChunk chunk, ByteString payload) {
        return chunk.toBuilder()
                .setPayload(payload)
                .setCrc32C(Crc32c.of(payload))
                .build();
    }

    /** Returns {@code chunk} with byte {@code position} of its payload flipped and the CRC32C left as it was. */
    static TensorChunk withFlippedByte(TensorChunk chunk, int position) {
        byte[] bytes = chunk.getPayload().toByteArray();
        bytes[position] ^= 0x5A;
        return chunk.toBuilder().setPayload(ByteString.copyFrom(bytes)).build();
    }
}
