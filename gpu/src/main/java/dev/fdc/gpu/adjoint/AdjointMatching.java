package dev.fdc.gpu.adjoint;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.Scalars;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.sampling.Trajectory;
import dev.fdc.gpu.schedule.Schedule;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;

/**
 * One Adjoint Matching gradient computation (MATH.md §3): sample m trajectories with the fine
 * model v_θ (the states carry no gradient), solve the lean adjoint with the frozen base, and
 * back-propagate
 *
 * <pre>  L(θ) = (1/m) Σ_i 1{ℓ_i ≤ c} ℓ_i,   ℓ_i = (1/|S|) Σ_{k∈S} ‖(2/σ̃_k)(v_θ(X_k, t_k) − v_base(X_k, t_k)) + σ̃_k ã_k‖²</pre>
 *
 * with all |S| time points in one backward pass. v_θ(X_k, t_k) at k ∈ S is the sampler's own
 * forward pass, kept with its graph ({@link Trajectory#graphVelocity}): the loss needs no second
 * forward. Everything is allocated in a
 * sub-manager of {@code scope} that is closed before returning: the call leaves no native arrays
 * behind. Randomness: trajectories from {@code rng.child(0)}, the time subset from
 * {@code rng.child(1)}.
 */
public final class AdjointMatching {

    private AdjointMatching() {}

    /** The task stream for (seed, k, n, task index). */
    public static CounterRng stream(long seed, long... indices) {
        return CounterRng.of(seed, Purpose.SDE_NOISE, indices);
    }

    /**
     * Computes the gradient of the AM loss with respect to {@code fine}'s parameters.
     *
     * @param fine the model being trained (its parameters receive gradients only inside this call)
     * @param base the frozen base v_base (parameters must not require gradients)
     * @param reward the terminal reward (already divided by η_k where that applies)
     * @param clipThreshold per-sample loss threshold c (+∞: no clipping)
     */
    public static AdjointMatchingResult compute(
            VelocityField fine,
            VelocityField base,
            TerminalReward reward,
            AdjointMatchingConfig config,
            CounterRng rng,
            double clipThreshold,
            NDManager scope) {
        int m = config.trajectories();
        TimeGrid grid = new TimeGrid(config.steps());
        Schedule schedule = base.schedule();
        double h = grid.h();
        ParameterSet params = fine.parameters();
        try (NDManager it = scope.newSubManager()) {
            // the subset first: the sampler keeps v_θ's graph at its steps (the parameters require gradients)
            int[] subset = TimeSubset.draw(config.steps(), config.lastTimes(), config.randomTimes(), rng.child(1));
            params.setRequiresGradient(true);
            params.zeroGradients(); // discard anything accumulated outside this call
            long t0 = System.nanoTime();
            Trajectory traj = MemorylessSampler.sample(fine, m, grid, rng.child(0), it, subset);
            long t1 = System.nanoTime();
            AdjointSolution adj = LeanAdjoint.solve(base, traj, reward);
            long t2 = System.nanoTime();
            double controlCost = controlCost(traj, adj, schedule, grid);

            NDList vs = new NDList();
            NDList vbs = new NDList();
            NDList as = new NDList();
            double[] sigmas = new double[subset.length * m];
            for (int s = 0; s < subset.length; s++) {
                int k = subset[s];
                vs.add(traj.graphVelocity(k));
                vbs.add(adj.baseVelocities()[k]);
                as.add(adj.adjoint(k));
                java.util.Arrays.fill(sigmas, s * m, (s + 1) * m, schedule.noiseSigma(grid.t(k), h));
            }
            NDArray vb = NDArrays.concat(vbs, 0);
            NDArray a = NDArrays.concat(as, 0);
            Times sigmaRows = Times.perRow(sigmas); // per-row σ̃, carried as "times" for scaling
            NDArray aSigma = sigmaRows.scale(a, u -> u);

            float[] perSample;
            float[] gradient;
            double loss;
            int clipped = 0;
            try (Autograd.Mode ignored = Autograd.enabled()) {
                NDArray v = NDArrays.concat(vs, 0);
                NDArray diff = sigmaRows.scale(v.sub(vb), u -> 2.0 / u).add(aSigma);
                NDArray rowLoss = diff.mul(diff).sum(new int[] {1}).reshape(new Shape(subset.length, m));
                NDArray sampleLoss = rowLoss.mean(new int[] {0});
                perSample = ParameterSet.floats(sampleLoss.stopGradient());
                float[] keep = new float[m];
                double kept = 0;
                for (int i = 0; i < m; i++) {
                    if (perSample[i] <= clipThreshold) {
                        keep[i] = 1f;
                        kept += perSample[i];
                    } else {
                        clipped++;
                    }
                }
                loss = kept / m;
                NDArray mask = OwnedArrays.of(it, keep, new Shape(m), sampleLoss.getDataType());
                NDArray total = Scalars.div(sampleLoss.mul(mask).sum(), m);
                if (clipped < m) {
                    Autograd.backward(total);
                }
                gradient = params.takeGradient();
            }
            long t3 = System.nanoTime();
            double rewardMean = 0;
            for (float r : adj.terminalReward()) {
                rewardMean += r;
            }
            rewardMean /= m;
            return new AdjointMatchingResult(
                    gradient, perSample, loss, clipped, rewardMean, controlCost, t1 - t0, t2 - t1, t3 - t2);
        } finally {
            params.setRequiresGradient(false);
        }
    }

    /** E Σ_j h ½ ‖2 (v_θ − v_base)(X_j) / σ̃_j‖² from the sampler's and the adjoint's velocities. */
    private static double controlCost(Trajectory traj, AdjointSolution adj, Schedule schedule, TimeGrid grid) {
        double h = grid.h();
        int m = traj.size();
        double total = 0;
        for (int j = 0; j < grid.steps(); j++) {
            NDArray u = traj.velocities()[j].sub(adj.baseVelocities()[j]);
            double sq = u.mul(u)
                    .sum()
                    .toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                    .getDouble();
            double sigma = schedule.noiseSigma(grid.t(j), h);
            total += h * 0.5 * 4.0 * sq / (sigma * sigma);
        }
        return total / m;
    }
}
