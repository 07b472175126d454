package dev.fdc.gpu.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.GaussianVelocityField;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.ResidualVelocityField;
import dev.fdc.gpu.model.TimeInput;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.pretrain.SampleDistance;
import dev.fdc.gpu.reward.LinearReward;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.numerics.optim.LossClipping;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import org.junit.jupiter.api.Test;

/**
 * MATH.md §7 case 1. Base: the exact field of N(μ, s² I); fine: base + an MLP residual whose last
 * layer starts at zero; reward r(x) = λ wᵀx. The exact tilt of a Gaussian N(m, S) by exp(λ wᵀx)
 * is N(m + λ S w, S). On a grid of L steps the sampler's own law is not exactly N(μ, s² I)
 * (MATH.md §1: O(h) bias), so the target is computed from the base's samples on the same grid:
 * mean m_h + λ S_h w, variance S_h unchanged. The same with the fine model's network in bf16
 * for sampling and the loss (fp32 master weights; the base and the adjoint in fp32), within the
 * same Monte-Carlo tolerances; the final evaluation samples in fp32.
 */
class AdjointMatchingTiltTest {

    static final int STEPS = 40;
    static final int EVAL = 20_000;

    @Test
    void linearRewardMovesTheMeanAlongPlusWAndKeepsTheVariance() {
        tilt(Precision.FP32);
    }

    @Test
    void theSameInBf16() {
        tilt(Precision.BF16);
    }

    private static void tilt(Precision precision) {
        double[] mu = {0.5, -0.5};
        double s = 0.8;
        double lambda = 1.0;
        double[] w = {1.0, 0.5};
        try (NDManager m = Engines.manager()) {
            GaussianVelocityField base = new GaussianVelocityField(mu, s, DataType.FLOAT32, m);
            Mlp residual =
                    Mlp.create(new MlpSpec(3, new int[] {64, 64}, 2, Activation.SILU), m, DataType.FLOAT32, 1, true);
            VelocityField fine = new ResidualVelocityField(
                    base.copy(m), new MlpVelocityField(residual, LinearSchedule.INSTANCE, TimeInput.T));
            TimeGrid grid = new TimeGrid(STEPS);

            float[] before = terminal(base, grid, m, 99);
            double[] m0 = SampleDistance.mean(before, 2);
            double[] v0 = SampleDistance.variance(before, 2);

            AdjointMatchingTrainer trainer = new AdjointMatchingTrainer(
                    fine.inPrecision(precision),
                    base,
                    AdjointMatchingConfig.of(128, STEPS),
                    1e-2,
                    1.0,
                    new LossClipping(0.9, 1e9),
                    5,
                    m);
            LinearReward reward = new LinearReward(w, lambda);
            int iterations = 800;
            for (int n = 0; n < iterations; n++) {
                AdjointMatchingResult r = trainer.step(reward, 1, n);
                if (n % 50 == 0 || n == iterations - 1) {
                    System.out.printf(
                            "[am-tilt %s] iteration %d: loss %.4f, reward %.4f, control cost %.4f%n",
                            precision.label(), n, r.loss(), r.rewardMean(), r.controlCost());
                }
            }
            float[] after = terminal(fine, grid, m, 99);
            double[] m1 = SampleDistance.mean(after, 2);
            double[] v1 = SampleDistance.variance(after, 2);
            for (int k = 0; k < 2; k++) {
                double target = m0[k] + lambda * v0[k] * w[k];
                // Monte-Carlo error of the two means (2 · 4 standard errors) plus a 5 % allowance for
                // the residual optimization error of 400 Adam steps on an exact-in-law problem.
                double se = Math.sqrt(v0[k] / EVAL);
                double tol = 8 * se + 0.05 * Math.abs(lambda * v0[k] * w[k]);
                System.out.printf(
                        "[am-tilt %s] dim %d: mean %.4f → %.4f (target %.4f ± %.4f), variance %.4f → %.4f%n",
                        precision.label(), k, m0[k], m1[k], target, tol, v0[k], v1[k]);
                assertEquals(target, m1[k], tol, "tilted mean, dimension " + k);
                // variance unchanged: sampling error of a variance is v√(2/n) ≈ 1 %; allow 10 %.
                assertEquals(v0[k], v1[k], 0.10 * v0[k], "variance, dimension " + k);
            }
            double shift = (m1[0] - m0[0]) * w[0] + (m1[1] - m0[1]) * w[1];
            assertTrue(shift > 0, "the mean moves along +w (got " + shift + ")");
        }
    }

    private static float[] terminal(VelocityField f, TimeGrid grid, NDManager m, long seed) {
        try (NDManager it = m.newSubManager()) {
            return ParameterSet.floats(
                    MemorylessSampler.sample(f, EVAL, grid, CounterRng.of(seed, Purpose.EVALUATION), it)
                            .terminal());
        }
    }
}
