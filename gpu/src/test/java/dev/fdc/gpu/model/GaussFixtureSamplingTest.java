package dev.fdc.gpu.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.pretrain.SampleDistance;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.schedule.DdpmTable;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.gpu.schedule.VpSchedule;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.gpu.testing.Fixtures;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import org.junit.jupiter.api.Test;

/**
 * Statistical acceptance of the gauss model (fixtures/README.md): the memoryless sampler on 1000
 * time points gives mean ≈ (0.39, 0.39), standard deviations ≈ (1.43, 1.33) and 11–12 % of the
 * points within 1.2 of (3, 3). With n = 3,000 samples (the reference used 20,000; this keeps the
 * test near 20 s on one core) the bounds are the reference values ± 4 standard errors:
 * 1.43/√n ≈ 0.026 for means, σ/√(2n) ≈ 0.018 for standard deviations (plus 0.005 for the
 * reference's 2-digit rounding), √(p(1−p)/n) ≈ 0.0058 for the fraction around the reported range.
 */
class GaussFixtureSamplingTest {

    @Test
    void memorylessSamplesMatchThePublishedStatistics() throws Exception {
        int n = 3000;
        try (NDManager m = Engines.manager()) {
            VpSchedule vp = VpSchedule.DEFAULT;
            NoisePredictorFlow flow = new NoisePredictorFlow(
                    MlpFiles.load(Fixtures.require("gauss_model.safetensors"), Activation.RELU, m, DataType.FLOAT32),
                    vp,
                    new DdpmTable(vp));
            float[] x = ParameterSet.floats(
                    MemorylessSampler.sample(flow, n, new TimeGrid(1000), CounterRng.of(2025, Purpose.EVALUATION), m)
                            .terminal());
            double[] mean = SampleDistance.mean(x, 2);
            double[] var = SampleDistance.variance(x, 2);
            int near = 0;
            for (int i = 0; i < n; i++) {
                double dx = x[2 * i] - 3;
                double dy = x[2 * i + 1] - 3;
                if (dx * dx + dy * dy <= 1.2 * 1.2) {
                    near++;
                }
            }
            double frac = near / (double) n;
            System.out.printf(
                    "[gauss-fixture] mean (%.3f, %.3f), std (%.3f, %.3f), near (3,3) %.3f%n",
                    mean[0], mean[1], Math.sqrt(var[0]), Math.sqrt(var[1]), frac);
            assertEquals(0.39, mean[0], 4 * 1.43 / Math.sqrt(n) + 0.005, "mean x1");
            assertEquals(0.39, mean[1], 4 * 1.33 / Math.sqrt(n) + 0.005, "mean x2");
            assertEquals(1.43, Math.sqrt(var[0]), 4 * 1.43 / Math.sqrt(2.0 * n) + 0.005, "std x1");
            assertEquals(1.33, Math.sqrt(var[1]), 4 * 1.33 / Math.sqrt(2.0 * n) + 0.005, "std x2");
            double se = Math.sqrt(0.115 * 0.885 / n);
            assertEquals(0.115, frac, 0.005 + 4 * se, "fraction within 1.2 of (3, 3)");
        }
    }
}
