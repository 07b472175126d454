package dev.fdc.gpu.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.adjoint.AdjointMatching;
import dev.fdc.gpu.adjoint.AdjointMatchingConfig;
import dev.fdc.gpu.adjoint.AdjointMatchingResult;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.LinearReward;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * fdc's side of the benchmark: the base MLP (fp32, frozen), the fine model (a copy, computing in
 * the chosen precision) and the reward r(x) = x₁, with each measured unit of work returning its
 * wall and CPU times in milliseconds — {@code {wall, cpu}} for the bare network, {@code {wall,
 * cpu, sampling, adjoint, loss}} for an Adjoint Matching iteration.
 */
final class FdcWorkload implements AutoCloseable {

    /** The reward's direction w and scale λ in r(x) = λ wᵀx (the same flags go to the Python side). */
    static final double[] REWARD_DIRECTION = {1, 0};

    static final double REWARD_SCALE = 1.0;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    final MlpVelocityField base;
    final VelocityField fine;
    final LinearReward reward;
    final AdjointMatchingConfig config;
    private final MlpVelocityField fineOwner;
    private final NDManager root;
    private final int batch;
    private long iterations;

    FdcWorkload(MlpSpec spec, int batch, int steps, Precision precision, NDManager root) {
        this.root = root;
        this.batch = batch;
        this.base = MlpVelocityField.create(spec, root, DataType.FLOAT32, 1);
        this.fineOwner = base.copy(root);
        this.fine = fineOwner.inPrecision(precision);
        this.reward = new LinearReward(REWARD_DIRECTION, REWARD_SCALE);
        this.config = AdjointMatchingConfig.of(batch, steps);
    }

    /** The bare fine network at batch m: forward, or forward and backward to the parameters. */
    double[] forward(boolean backward) {
        long c0 = cpu();
        long t0 = System.nanoTime();
        try (NDManager m = root.newSubManager()) {
            float[] x = new float[batch * fine.dim()];
            CounterRng.of(5, Purpose.TEST).fillGaussian(x);
            NDArray xs = OwnedArrays.of(m, x, new Shape(batch, fine.dim()));
            if (backward) {
                fine.parameters().setRequiresGradient(true);
                try (Autograd.Mode g = Autograd.enabled()) {
                    Autograd.backward(
                            fine.velocity(xs, Times.uniform(0.5, batch)).sum());
                }
                if (xs.getDevice().isGpu()) {
                    // the backward pass is asynchronous on a GPU: wait for it, as the Python side does
                    try (NDArray g = fine.parameters().list().get(0).array().getGradient()) {
                        g.sum().toFloatArray();
                    }
                }
                fine.parameters().zeroGradients();
                fine.parameters().setRequiresGradient(false);
            } else {
                try (Autograd.Mode g = Autograd.disabled()) {
                    fine.velocity(xs, Times.uniform(0.5, batch)).toFloatArray();
                }
            }
        }
        return new double[] {ms(System.nanoTime() - t0), ms(cpu() - c0)};
    }

    /** One Adjoint Matching gradient on a fresh stream. */
    double[] iteration() {
        long c0 = cpu();
        long t0 = System.nanoTime();
        AdjointMatchingResult r = AdjointMatching.compute(
                fine,
                base,
                reward,
                config,
                AdjointMatching.stream(1, 1, iterations++, 0),
                Double.POSITIVE_INFINITY,
                root);
        long wall = System.nanoTime() - t0;
        return new double[] {ms(wall), ms(cpu() - c0), ms(r.sampleNanos()), ms(r.adjointNanos()), ms(r.lossNanos())};
    }

    @Override
    public void close() {
        fineOwner.close();
        base.close();
    }

    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
