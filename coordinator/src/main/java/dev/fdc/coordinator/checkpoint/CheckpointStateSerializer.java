package dev.fdc.coordinator.checkpoint;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.Map;
import java.util.TreeMap;

/**
 * The field layout of {@link CheckpointState} in format version 1, written by hand so the bytes are
 * fixed by this class alone: no reflection, maps in key order (the same state always gives the same
 * bytes), floats and doubles as raw IEEE-754 bits (NaN payloads and {@code -0.0} survive).
 *
 * <p>On read, every array or map length is checked against the bytes the file can still hold, so a
 * damaged length is reported as corruption instead of a huge allocation.
 */
final class CheckpointStateSerializer extends Serializer<CheckpointState> {

    private final int formatVersion;
    private final long byteLimit;

    /**
     * @param formatVersion the version being read or written (only 1 exists)
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
        writeFloats(out, s.parameters());
        writeFloats(out, s.base());
        writeFloats(out, s.optimizer().m());
        writeFloats(out, s.optimizer().v());
        out.writeVarLong(s.optimizer().step(), true);
        writeDoubleMap(out, s.optimizer().learningRateSchedule());
        writeLongMap(out, s.ledgerCounters());
        writeLongMap(out, s.rngCounters());
        out.writeVarInt(s.statistics().size(), true);
        for (Map.Entry<String, double[]> e : s.statistics().entrySet()) {
            out.writeString(e.getKey());
            out.writeVarInt(e.getValue().length, true);
            for (double d : e.getValue()) {
                out.writeLong(Double.doubleToRawLongBits(d));
            }
        }
        writeDoubleMap(out, s.scheduleState());
        out.writeLong(Double.doubleToRawLongBits(s.lossClipThreshold()));
        out.writeVarInt(s.metadata().size(), true);
        for (Map.Entry<String, String> e : s.metadata().entrySet()) {
            out.writeString(e.getKey());
            out.writeString(e.getValue());
        }
    }

    @Override
    public CheckpointState read(Kryo kryo, Input in, Class<? extends CheckpointState> type) {
        var b = CheckpointState.builder()
                .formatVersion(formatVersion)
                .setRunId(in.readString())
                .setPosition(in.readVarLong(true), in.readVarInt(true), in.readVarInt(true), in.readVarLong(true))
                .setParameters(readFloats(in, "parameters"))
                .setBase(readFloats(in, "base"));
        float[] m = readFloats(in, "optimizer m");
        float[] v = readFloats(in, "optimizer v");
        b.setOptimizer(new OptimizerState(m, v, in.readVarLong(true), readDoubleMap(in, "learningRateSchedule")));
        b.optLedgerCounters(readLongMap(in, "ledgerCounters"));
        b.optRngCounters(readLongMap(in, "rngCounters"));
        Map<String, double[]> statistics = new TreeMap<>();
        for (int i = readLength(in, 2, "statistics"); i > 0; i--) {
            String key = in.readString();
            double[] values = new double[readLength(in, 8, "statistics " + key)];
            for (int j = 0; j < values.length; j++) {
                values[j] = Double.longBitsToDouble(in.readLong());
            }
            statistics.put(key, values);
        }
        b.optStatistics(statistics);
        b.optScheduleState(readDoubleMap(in, "scheduleState"));
        b.optLossClipThreshold(Double.longBitsToDouble(in.readLong()));
        Map<String, String> metadata = new TreeMap<>();
        for (int i = readLength(in, 2, "metadata"); i > 0; i--) {
            metadata.put(in.readString(), in.readString());
        }
        return b.optMetadata(metadata).build();
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

    private static void writeLongMap(Output out, Map<String, Long> map) {
        out.writeVarInt(map.size(), true);
        for (Map.Entry<String, Long> e : map.entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private Map<String, Long> readLongMap(Input in, String field) {
        Map<String, Long> map = new TreeMap<>();
        for (int i = readLength(in, 9, field); i > 0; i--) {
            map.put(in.readString(), in.readLong());
        }
        return map;
    }

    private static void writeDoubleMap(Output out, Map<String, Double> map) {
        out.writeVarInt(map.size(), true);
        for (Map.Entry<String, Double> e : map.entrySet()) {
            out.writeString(e.getKey());
            out.writeLong(Double.doubleToRawLongBits(e.getValue()));
        }
    }

    private Map<String, Double> readDoubleMap(Input in, String field) {
        Map<String, Double> map = new TreeMap<>();
        for (int i = readLength(in, 9, field); i > 0; i--) {
            map.put(in.readString(), Double.longBitsToDouble(in.readLong()));
        }
        return map;
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
