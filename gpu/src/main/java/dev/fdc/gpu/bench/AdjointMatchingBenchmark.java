package dev.fdc.gpu.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.adjoint.AdjointMatching;
import dev.fdc.gpu.adjoint.AdjointMatchingConfig;
import dev.fdc.gpu.adjoint.AdjointMatchingResult;
import dev.fdc.gpu.adjoint.AdjointSolution;
import dev.fdc.gpu.adjoint.LeanAdjoint;
import dev.fdc.gpu.adjoint.TimeSubset;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.LinearReward;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.sampling.Trajectory;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import java.util.Arrays;
import java.util.Locale;

/**
 * Adjoint Matching throughput on one intra-op thread (docs/BENCHMARKS.md): the MLP
 * 3→512→512→256→2 (ReLU, the fixtures' architecture) at batch 512 on 40 steps.
 *
 * <p>Reports, as medians over timed repetitions after warm-up: forward and forward+backward of
 * the MLP at batch 512; one full AM iteration with its split into sampling, lean adjoint and loss;
 * trajectories × steps per second; and, measured in the same run, the loss evaluated the way the
 * public reference code does it (one forward/backward per time point in a Python-style loop)
 * against fdc's single batched forward/backward over all |S| time points.
 *
 * <p>Run: {@code ./mvnw -q -pl gpu -am compile exec:java -Dexec.mainClass=dev.fdc.gpu.bench.AdjointMatchingBenchmark}
 * (arguments: [repetitions] [batch] [steps]).
 */
public final class AdjointMatchingBenchmark {

    private AdjointMatchingBenchmark() {}

    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 512;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        DjlRuntime.engine();
        MlpSpec spec = new MlpSpec(3, new int[] {512, 512, 256}, 2, Activation.RELU);
        System.out.printf(
                Locale.ROOT,
                "fdc Adjoint Matching benchmark: MLP %s (%d parameters), batch %d, %d steps, intra-op threads %d, %s, %d cores%n",
                spec,
                spec.parameterCount(),
                batch,
                steps,
                DjlRuntime.intraOpThreads(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        try (NDManager root = DjlRuntime.newManager("bench")) {
            VelocityField base = MlpVelocityField.create(spec, root, DataType.FLOAT32, 1);
            VelocityField fine = base.copy(root);
            LinearReward reward = new LinearReward(new double[] {1, 0}, 1.0);
            AdjointMatchingConfig cfg = AdjointMatchingConfig.of(batch, steps);

            double fwd = median(reps * 3, () -> forward(fine, root, batch, false));
            double fwdBwd = median(reps * 3, () -> forward(fine, root, batch, true));
            System.out.printf(Locale.ROOT, "MLP forward, batch %d:              %8.2f ms%n", batch, fwd);
            System.out.printf(Locale.ROOT, "MLP forward+backward, batch %d:     %8.2f ms%n", batch, fwdBwd);

            double[] sample = new double[reps];
            double[] adjoint = new double[reps];
            double[] loss = new double[reps];
            double[] total = new double[reps];
            for (int r = -3; r < reps; r++) {
                long t0 = System.nanoTime();
                AdjointMatchingResult res = AdjointMatching.compute(
                        fine,
                        base,
                        reward,
                        cfg,
                        AdjointMatching.stream(1, 1, r + 3, 0),
                        Double.POSITIVE_INFINITY,
                        root);
                long t1 = System.nanoTime();
                if (r >= 0) {
                    sample[r] = res.sampleNanos() / 1e6;
                    adjoint[r] = res.adjointNanos() / 1e6;
                    loss[r] = res.lossNanos() / 1e6;
                    total[r] = (t1 - t0) / 1e6;
                }
            }
            double it = median(total);
            System.out.printf(
                    Locale.ROOT,
                    "AM iteration:                       %8.2f ms  (sampling %.2f, lean adjoint %.2f, loss fwd+bwd %.2f)%n",
                    it,
                    median(sample),
                    median(adjoint),
                    median(loss));
            System.out.printf(
                    Locale.ROOT,
                    "throughput:                         %8.0f trajectory-steps/s%n",
                    batch * (double) steps / (it / 1e3));

            double[] batched = new double[reps];
            double[] looped = new double[reps];
            for (int r = -2; r < reps; r++) {
                try (NDManager it2 = root.newSubManager()) {
                    TimeGrid grid = new TimeGrid(steps);
                    Trajectory traj =
                            MemorylessSampler.sample(fine, batch, grid, CounterRng.of(2, Purpose.TEST, r + 2), it2);
                    AdjointSolution sol = LeanAdjoint.solve(base, traj, reward);
                    int[] subset = TimeSubset.draw(
                            steps, cfg.lastTimes(), cfg.randomTimes(), CounterRng.of(3, Purpose.TEST, r + 2));
                    long t0 = System.nanoTime();
                    lossBatched(fine, traj, sol, subset, grid);
                    long t1 = System.nanoTime();
                    lossLooped(fine, traj, sol, subset, grid);
                    long t2 = System.nanoTime();
                    if (r >= 0) {
                        batched[r] = (t1 - t0) / 1e6;
                        looped[r] = (t2 - t1) / 1e6;
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "AM loss over |S| = %d time points: batched %.2f ms, looped per time point %.2f ms (ratio %.2f×)%n",
                    cfg.lastTimes() + cfg.randomTimes(),
                    median(batched),
                    median(looped),
                    median(looped) / median(batched));
        }
    }

    private static void forward(VelocityField f, NDManager root, int batch, boolean backward) {
        try (NDManager m = root.newSubManager()) {
            float[] x = new float[batch * 2];
            CounterRng.of(5, Purpose.TEST).fillGaussian(x);
            NDArray xs = OwnedArrays.of(m, x, new Shape(batch, 2));
            if (backward) {
                f.parameters().setRequiresGradient(true);
                try (Autograd.Mode g = Autograd.enabled()) {
                    Autograd.backward(f.velocity(xs, Times.uniform(0.5, batch)).sum());
                }
                f.parameters().zeroGradients();
                f.parameters().setRequiresGradient(false);
            } else {
                try (Autograd.Mode g = Autograd.disabled()) {
                    f.velocity(xs, Times.uniform(0.5, batch)).toFloatArray();
                }
            }
        }
    }

    private static float[] lossBatched(
            VelocityField fine, Trajectory traj, AdjointSolution sol, int[] subset, TimeGrid grid) {
        int m = traj.size();
        NDList xs = new NDList();
        NDList targets = new NDList();
        double[] times = new double[subset.length * m];
        for (int s = 0; s < subset.length; s++) {
            xs.add(traj.state(subset[s]));
            targets.add(sol.baseVelocities()[subset[s]]);
            Arrays.fill(times, s * m, (s + 1) * m, grid.t(subset[s]));
        }
        ParameterSet p = fine.parameters();
        p.setRequiresGradient(true);
        try (Autograd.Mode g = Autograd.enabled()) {
            NDArray d = fine.velocity(NDArrays.concat(xs), Times.perRow(times)).sub(NDArrays.concat(targets));
            Autograd.backward(d.mul(d).sum());
            return p.takeGradient();
        } finally {
            p.setRequiresGradient(false);
        }
    }

    private static float[] lossLooped(
            VelocityField fine, Trajectory traj, AdjointSolution sol, int[] subset, TimeGrid grid) {
        int m = traj.size();
        ParameterSet p = fine.parameters();
        p.setRequiresGradient(true);
        try (Autograd.Mode g = Autograd.enabled()) {
            for (int k : subset) {
                NDArray d = fine.velocity(traj.state(k), Times.uniform(grid.t(k), m))
                        .sub(sol.baseVelocities()[k]);
                Autograd.backward(d.mul(d).sum());
            }
            return p.takeGradient();
        } finally {
            p.setRequiresGradient(false);
        }
    }

    private static double median(int reps, Runnable r) {
        for (int i = 0; i < 3; i++) {
            r.run();
        }
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            r.run();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        return median(t);
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : 0.5 * (c[c.length / 2 - 1] + c[c.length / 2]);
    }
}
