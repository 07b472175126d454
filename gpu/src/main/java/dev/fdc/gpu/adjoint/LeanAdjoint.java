package dev.fdc.gpu.adjoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.StepScope;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.gpu.sampling.Trajectory;
import dev.fdc.gpu.schedule.Schedule;
import dev.fdc.gpu.schedule.TimeGrid;

/**
 * The lean adjoint of Adjoint Matching (MATH.md §3, steps 2–3), with base-model vector–Jacobian
 * products only:
 *
 * <pre>
 *   X̂_1 = X_{1−h} + h v_base(X_{1−h}, 1 − h),      ã_1 = −∇r(X̂_1)        (noiseless last step)
 *   ã_{1−h} = ã_1 + h J_{v_base}(X_{1−h}, 1 − h)ᵀ ã_1                 (that step's Jacobian)
 *   ã_{t_j} = ã_{t_{j+1}} + h J_b(X_{t_j}, t_j)ᵀ ã_{t_{j+1}},   b(x, t) = 2 v_base(x, t) − κ̃_t x
 * </pre>
 *
 * The states and adjoints are constants for the optimizer. The base's parameters must not
 * require gradients (they would accumulate useless gradients).
 */
public final class LeanAdjoint {

    private LeanAdjoint() {}

    /** Solves the adjoint of {@code trajectory} under {@code base} for {@code reward}. */
    public static AdjointSolution solve(VelocityField base, Trajectory trajectory, TerminalReward reward) {
        requireFrozen(base.parameters());
        TimeGrid grid = trajectory.grid();
        int steps = grid.steps();
        double h = grid.h();
        int m = trajectory.size();
        Schedule s = base.schedule();
        NDArray[] adjoints = new NDArray[steps + 1];
        NDArray[] baseVelocities = new NDArray[steps];

        // Last step, noiseless: one forward pass gives both X̂_1 and the VJP at X_{1−h}.
        int last = steps - 1;
        NDArray xLast = trajectory.state(last);
        NDManager owner = xLast.getManager();
        NDArray terminal;
        float[] rewardValues;
        try (StepScope step = StepScope.open(owner, xLast);
                Autograd.Mode ignored = Autograd.enabled()) {
            NDArray leaf = xLast.duplicate();
            leaf.setRequiresGradient(true);
            NDArray vLast = base.velocity(leaf, Times.uniform(grid.t(last), m));
            NDArray vDetached = vLast.stopGradient();
            NDArray aTerminal;
            try (Autograd.Mode off = Autograd.disabled()) {
                terminal = xLast.add(vDetached.mul(h));
                aTerminal = reward.gradient(terminal).neg();
                rewardValues = ParameterSet.floats(reward.value(terminal));
            }
            Autograd.backward(vLast.mul(aTerminal).sum());
            NDArray g = leaf.getGradient();
            adjoints[last] = step.keep(aTerminal.add(g.mul(h)));
            adjoints[steps] = step.keep(aTerminal);
            baseVelocities[last] = step.keep(vDetached);
            step.keep(terminal);
        }

        for (int j = last - 1; j >= 0; j--) {
            NDArray a = adjoints[j + 1];
            NDArray x = trajectory.state(j);
            try (StepScope step = StepScope.open(owner, x, a)) {
                NDArray[] value = new NDArray[1];
                Times tj = Times.uniform(grid.t(j), m);
                NDArray vjp = Autograd.vjp(y -> base.velocity(y, tj), x, a, value);
                double kappa = s.driftKappa(grid.t(j), h);
                // ã_j = ã_{j+1} + h (2 J_vᵀ ã_{j+1} − κ̃ ã_{j+1})
                adjoints[j] = step.keep(a.add(vjp.mul(2.0 * h)).sub(a.mul(kappa * h)));
                baseVelocities[j] = step.keep(value[0]);
            }
        }
        return new AdjointSolution(adjoints, baseVelocities, terminal, rewardValues);
    }

    static void requireFrozen(ParameterSet p) {
        for (ParameterSet.Parameter q : p.list()) {
            if (q.array().hasGradient()) {
                throw new IllegalArgumentException("the base model's parameter '" + q.name()
                        + "' requires gradients; freeze it (setRequiresGradient(false)) before solving the adjoint");
            }
        }
    }
}
