package dev.fdc.cli.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.sampling.OdeSolver;
import dev.fdc.gpu.sampling.ProbabilityFlowOde;
import dev.fdc.gpu.sampling.Trajectory;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import java.util.Locale;

/** Draws evaluation samples X_1 from a model, in batches, from streams keyed by (seed, batch index). */
public final class Sampling {

    /** The samplers {@code fdc sample} offers. */
    public enum Sampler {
        /** Euler–Maruyama on the memoryless SDE (the law Adjoint Matching fine-tunes). */
        MEMORYLESS,
        /** Heun on the probability-flow ODE (deterministic given X_0). */
        ODE;

        /** Parses "memoryless" or "ode"; null otherwise. */
        public static Sampler parseOrNull(String s) {
            for (Sampler v : values()) {
                if (v.name().equalsIgnoreCase(s.trim())) {
                    return v;
                }
            }
            return null;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final int BATCH = 4096;

    private Sampling() {}

    /** n samples X_1, row-major [n, d], from the stream (seed, EVALUATION, batch index). */
    public static float[] sample(VelocityField model, int n, int steps, long seed, Sampler sampler, NDManager manager) {
        int d = model.dim();
        float[] out = new float[n * d];
        TimeGrid grid = new TimeGrid(steps);
        for (int start = 0, batch = 0; start < n; start += BATCH, batch++) {
            int m = Math.min(BATCH, n - start);
            CounterRng rng = CounterRng.of(seed, Purpose.EVALUATION, batch);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x1;
                if (sampler == Sampler.MEMORYLESS) {
                    Trajectory t = MemorylessSampler.sample(model, m, grid, rng, scope);
                    x1 = t.terminal();
                } else {
                    x1 = ProbabilityFlowOde.sample(model, m, grid, OdeSolver.HEUN, rng, scope);
                }
                float[] values = x1.toType(DataType.FLOAT32, false).toFloatArray();
                System.arraycopy(values, 0, out, start * d, m * d);
            }
        }
        return out;
    }
}
