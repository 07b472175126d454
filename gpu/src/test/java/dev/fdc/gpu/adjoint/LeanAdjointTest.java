package dev.fdc.gpu.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.model.GaussianVelocityField;
import dev.fdc.gpu.reward.LinearReward;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.sampling.Trajectory;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import org.junit.jupiter.api.Test;

/**
 * MATH.md §7 case 4: for the Gaussian base, v is affine in x with Jacobian c(t) I, so the lean
 * adjoint of a linear reward r = λ wᵀx is the same for every trajectory and has the closed form
 *
 * <pre>
 *   ã_1 = −λ w,   ã_{1−h} = ã_1 (1 + h c(1 − h)),   ã_{t_j} = ã_{t_{j+1}} (1 + h (2 c(t_j) − κ̃_{t_j}))
 * </pre>
 *
 * Computed in float64, the solver must agree to 1e-10 relative (rounding only).
 */
class LeanAdjointTest {

    @Test
    void linearRewardOnGaussianBaseHasTheClosedForm() {
        try (NDManager m = Engines.manager()) {
            GaussianVelocityField base = new GaussianVelocityField(new double[] {1, -2}, 0.6, DataType.FLOAT64, m);
            TimeGrid grid = new TimeGrid(16);
            Trajectory traj = MemorylessSampler.sample(base, 7, grid, CounterRng.of(1, Purpose.TEST), m);
            double lambda = 1.7;
            double[] w = {0.6, -0.8};
            AdjointSolution sol = LeanAdjoint.solve(base, traj, new LinearReward(w, lambda));
            double h = grid.h();
            int steps = grid.steps();
            double factor = 1.0;
            double[] expected = new double[steps + 1];
            expected[steps] = 1.0;
            factor *= 1 + h * base.coefficient(grid.t(steps - 1));
            expected[steps - 1] = factor;
            for (int j = steps - 2; j >= 0; j--) {
                factor *= 1 + h * (2 * base.coefficient(grid.t(j)) - LinearSchedule.INSTANCE.driftKappa(grid.t(j), h));
                expected[j] = factor;
            }
            for (int j = 0; j <= steps; j++) {
                double[] a = sol.adjoint(j).toDoubleArray();
                for (int i = 0; i < 7; i++) {
                    for (int k = 0; k < 2; k++) {
                        double want = -lambda * w[k] * expected[j];
                        assertEquals(
                                want,
                                a[2 * i + k],
                                1e-10 * Math.abs(want) + 1e-14,
                                "ã at j = " + j + ", row " + i + ", dim " + k);
                    }
                }
            }
            // the terminal point is the noiseless last step from X_{1−h}
            double[] xl = traj.state(steps - 1).toDoubleArray();
            double[] vl = sol.baseVelocities()[steps - 1].toDoubleArray();
            double[] term = sol.terminal().toDoubleArray();
            for (int i = 0; i < xl.length; i++) {
                assertEquals(xl[i] + h * vl[i], term[i], 1e-12);
            }
        }
    }
}
