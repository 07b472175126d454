package dev.fdc.gpu.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.StepScope;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;

/** Deterministic samples from the probability-flow ODE dX = v(X, t) dt, X_0 ~ N(0, I) (MATH.md §2). */
public final class ProbabilityFlowOde {

    private ProbabilityFlowOde() {}

    /** Integrates m points from noise drawn from {@code rng} to t = 1; returns X_1 in {@code scope}. */
    public static NDArray sample(
            VelocityField model, int m, TimeGrid grid, OdeSolver solver, CounterRng rng, NDManager scope) {
        NDArray x0 = Noise.gaussian(scope, rng, new Shape(m, model.dim()), model.dataType());
        return integrate(model, x0, grid, solver, 0.0, 1.0);
    }

    /** Integrates x from time {@code from} to time {@code to} (either direction) on the grid's step count. */
    public static NDArray integrate(
            VelocityField model, NDArray x, TimeGrid grid, OdeSolver solver, double from, double to) {
        int m = Math.toIntExact(x.getShape().get(0));
        int steps = grid.steps();
        double dt = (to - from) / steps;
        NDManager owner = x.getManager();
        try (Autograd.Mode ignored = Autograd.disabled()) {
            for (int j = 0; j < steps; j++) {
                double t = from + j * dt;
                NDArray prev = x;
                try (StepScope step = StepScope.open(owner, prev)) {
                    NDArray v = model.velocity(prev, Times.uniform(t, m));
                    if (solver == OdeSolver.EULER) {
                        x = step.keep(prev.add(v.mul(dt)));
                    } else {
                        NDArray pred = prev.add(v.mul(dt));
                        NDArray v2 = model.velocity(pred, Times.uniform(t + dt, m));
                        x = step.keep(prev.add(v.add(v2).mul(0.5 * dt)));
                    }
                }
                if (j > 0) {
                    prev.close(); // an intermediate state of ours, not the caller's input
                }
            }
        }
        return x;
    }
}
