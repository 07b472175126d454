package dev.fdc.gpu.sampling;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.StepScope;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.schedule.Schedule;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;

/**
 * Euler–Maruyama on the memoryless SDE (MATH.md §2), storing every state:
 *
 * <pre>  X_{t+h} = X_t + h (2 v(X_t, t) − κ̃_t X_t) + √h σ̃(t) ε_t,   X_0 ~ N(0, I)</pre>
 *
 * with κ̃ and σ̃ the schedule's grid values. Runs with gradients off. X_0 comes from the stream
 * {@code rng.child(0)} and ε_{t_j} from {@code rng.child(1 + j)}, so a trajectory's noise depends
 * only on the stream, never on thread or batch scheduling.
 *
 * <p>At steps named by {@code keepGraphAt} the velocity is computed with gradients on and kept
 * with its graph ({@link Trajectory#graphVelocity}), so that a loss on v(X_{t_j}, t_j) — the
 * Adjoint Matching loss — back-propagates into the model without a second forward pass; the
 * states use the detached values, so the trajectory itself carries no graph.
 */
public final class MemorylessSampler {

    private MemorylessSampler() {}

    /** The stream of a task's trajectories: (seed, SDE noise, indices...). */
    public static CounterRng stream(long seed, long... indices) {
        return CounterRng.of(seed, Purpose.SDE_NOISE, indices);
    }

    /** Samples m trajectories of {@code model}; arrays are created in {@code scope}. */
    public static Trajectory sample(VelocityField model, int m, TimeGrid grid, CounterRng rng, NDManager scope) {
        return sample(model, m, grid, rng, scope, new int[0]);
    }

    /**
     * Samples m trajectories of {@code model} keeping the velocity's graph at the steps {@code
     * keepGraphAt} (indices in [0, L)); the parameters that should receive gradients must require
     * them. The states and other velocities are the same as without.
     */
    public static Trajectory sample(
            VelocityField model, int m, TimeGrid grid, CounterRng rng, NDManager scope, int[] keepGraphAt) {
        int d = model.dim();
        int steps = grid.steps();
        double h = grid.h();
        Schedule s = model.schedule();
        NDArray[] states = new NDArray[steps + 1];
        NDArray[] velocities = new NDArray[steps];
        NDArray[] graphVelocities = new NDArray[steps];
        boolean[] graph = new boolean[steps];
        for (int j : keepGraphAt) {
            if (j < 0 || j >= steps) {
                throw new IllegalArgumentException("keepGraphAt index " + j + " is outside [0, " + steps + ")");
            }
            graph[j] = true;
        }
        Shape shape = new Shape(m, d);
        try (Autograd.Mode ignored = Autograd.disabled()) {
            states[0] = Noise.gaussian(scope, rng.child(0), shape, model.dataType());
            for (int j = 0; j < steps; j++) {
                double t = grid.t(j);
                NDArray x = states[j];
                try (StepScope step = StepScope.open(scope, x)) {
                    NDArray v;
                    if (graph[j]) {
                        try (Autograd.Mode on = Autograd.enabled()) {
                            graphVelocities[j] = step.keep(model.velocity(x, Times.uniform(t, m)));
                        }
                        v = graphVelocities[j].stopGradient();
                    } else {
                        v = model.velocity(x, Times.uniform(t, m));
                    }
                    NDArray eps = Noise.gaussian(step.manager(), rng.child(1 + j), shape, model.dataType());
                    NDArray drift = v.mul(2.0).sub(x.mul(s.driftKappa(t, h)));
                    states[j + 1] = step.keep(x.add(drift.mul(h)).add(eps.mul(Math.sqrt(h) * s.noiseSigma(t, h))));
                    velocities[j] = step.keep(v);
                }
            }
        }
        return new Trajectory(grid, states, velocities, graphVelocities);
    }
}
