package dev.fdc.coordinator.checkpoint;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.protocol.v1.LinearizedReward;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The field layout of {@link CheckpointState} in format version 2, written by hand so the bytes are
 * fixed by this class alone: no reflection, maps in key order (the same state always gives the same
 * bytes), floats and doubles as raw IEEE-754 bits (NaN payloads and {@code -0.0} survive), the
 * linearized reward as its protobuf bytes (empty: none), ledger counters by their stable keys
 * ({@link LedgerCounter#key()}; unknown keys are refused as corruption).
 *
 * <p>On read, every array or map length is checked against the bytes the file can still hold, so a
 * damaged length is reported as corruption instead of a huge allocation.
 */
final class CheckpointStateSerializer extends Serializer<CheckpointState> {

    private final int formatVersion;
    private final long byteLimit;

    /**
     * @param formatVersion the version being read or written (only 2 is read)
     * @param byteLimit the size of the stream being read ({@code Long.MAX_VALUE} when writing)
     */
    CheckpointStateSerializer(int formatVersion, long byteLimit) {
        this.formatVersion = formatVersion;
        this.byteLimit = byteLimit;
    }

    @Override
    public void write(Kryo kryo, Output out, CheckpointState s) {
        out.writeString(s.runId());
        out.writeVarLong(s.epoch(), true);
        out.writeVarInt(s.mirrorStep(), true);
        out.writeVarInt(s.amStep(), true);
        out.writeVarLong(s.parameterVersion(), true);
        out.writeVarLong(s.baseVersion(), true);
        writeFloats(out, s.parameters());
        writeFloats(out, s.base());
        writeFloats(out, s.optimizer().m());
        writeFloats(out, s.optimizer().v());
        out.writeVarLong(s.optimizer().step(), true);
        byte[] reward = s.reward().map(LinearizedReward::toByteArray).orElse(new byte[0]);
        out.writeVarInt(reward.length, true);
        out.writeBytes(reward);
        writeDouble(out, s.eta());
        writeDouble(out, s.lastControlCost());
        writeDouble(out, s.criticNoiseFloor());
        double[] clip = s.lossClipState();
        out.writeVarInt(clip.length, true);
        for (double d : clip) {
            writeDouble(out, d);
        }
        out.writeVarInt(s.scheduleState().size(), true);
        for (Map.Entry<String, Double> e : s.scheduleState().entrySet()) {
            out.writeString(e.getKey());
            writeDouble(out, e.getValue());
        }
        out.writeVarInt(s.contents().size(), true);
        for (Map.Entry<String, float[]> e : s.contents().entrySet()) {
            out.writeString(e.getKey());
            writeFloats(out, e.getValue());
        }
        out.writeVarInt(s.ledgerCounters().size(), true);
        for (Map.Entry<LedgerCounter, Long> e : s.ledgerCounters().entrySet()) {
            out.writeString(e.getKey().key());
            out.writeLong(e.getValue());
        }
    }

    @Override
    public CheckpointState read(Kryo kryo, Input in, Class<? extends CheckpointState> type) {
        var b = CheckpointState.builder()
                .formatVersion(formatVersion)
                .setRunId(in.readString())
                .setPosition(in.readVarLong(true), in.readVarInt(true), in.readVarInt(true), in.readVarLong(true));
        long baseVersion = in.readVarLong(true);
        b.setParameters(readFloats(in, "parameters")).setBase(baseVersion, readFloats(in, "base"));
        float[] m = readFloats(in, "optimizer m");
        float[] v = readFloats(in, "optimizer v");
        b.setOptimizer(new OptimizerState(m, v, in.readVarLong(true)));
        byte[] rewardBytes = in.readBytes(readLength(in, 1, "linearized reward"));
        LinearizedReward reward;
        try {
            reward = rewardBytes.length == 0 ? null : LinearizedReward.parseFrom(rewardBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new KryoException("linearized reward: " + e.getMessage(), e);
        }
        b.optReward(reward, readDouble(in));
        b.optLastControlCost(readDouble(in));
        b.optCriticNoiseFloor(readDouble(in));
        double[] clip = new double[readLength(in, 8, "loss-clip state")];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = readDouble(in);
        }
        b.optLossClipState(clip);
        Map<String, Double> schedule = new TreeMap<>();
        for (int i = readLength(in, 9, "schedule state"); i > 0; i--) {
            schedule.put(in.readString(), readDouble(in));
        }
        b.optScheduleState(schedule);
        Map<String, float[]> contents = new TreeMap<>();
        for (int i = readLength(in, 2, "contents"); i > 0; i--) {
            String id = in.readString();
            contents.put(id, readFloats(in, "content " + id));
        }
        b.optContents(contents);
        Map<LedgerCounter, Long> counters = new EnumMap<>(LedgerCounter.class);
        for (int i = readLength(in, 9, "ledger counters"); i > 0; i--) {
            String key = in.readString();
            LedgerCounter c = LedgerCounter.ofKey(key)
                    .orElseThrow(() -> new KryoException("ledger counter '" + key + "' is unknown"));
            counters.put(c, in.readLong());
        }
        return b.optLedgerCounters(counters).build();
    }

    private static void writeDouble(Output out, double d) {
        out.writeLong(Double.doubleToRawLongBits(d));
    }

    private static double readDouble(Input in) {
        return Double.longBitsToDouble(in.readLong());
    }

    private static void writeFloats(Output out, float[] values) {
        out.writeVarInt(values.length, true);
        for (float f : values) {
            out.writeInt(Float.floatToRawIntBits(f));
        }
    }

    private float[] readFloats(Input in, String field) {
        float[] values = new float[readLength(in, 4, field)];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.intBitsToFloat(in.readInt());
        }
        return values;
    }

    /** A length that {@code minBytesEach}-byte elements can still fill from the rest of the stream. */
    private int readLength(Input in, int minBytesEach, String field) {
        int n = in.readVarInt(true);
        long remaining = byteLimit - in.total();
        if (n < 0 || (long) n * minBytesEach > remaining) {
            throw new KryoException(field + ": length " + n + " does not fit in the " + remaining + " bytes left");
        }
        return n;
    }
}
