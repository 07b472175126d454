package dev.fdc.gpu.adjoint;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.numerics.optim.Adam;
import dev.fdc.numerics.optim.GradientClipping;
import dev.fdc.numerics.optim.LossClipping;

/**
 * Adjoint Matching in one process: computation, loss-clipping update, global gradient-norm
 * clipping and Adam, one step after another. The single-process building block of tests, the
 * benchmark and the in-JVM driver; the distributed runtime does the same steps across actors.
 * The flat parameter array is the source of truth and is written into {@code fine} after each step.
 */
public final class AdjointMatchingTrainer implements AutoCloseable {

    private final VelocityField fine;
    private final VelocityField base;
    private final AdjointMatchingConfig config;
    private final double learningRate;
    private final double maxGradNorm;
    private final LossClipping clipping;
    private final long seed;
    private final NDManager scope;
    private final Adam adam;
    private final float[] theta;

    /**
     * @param fine the model to train, initialized (usually a copy of the base)
     * @param base the frozen base; its parameters must not require gradients
     * @param seed the run seed every computation's stream derives from
     * @param scope the manager per-step arrays are allocated under (and released)
     */
    public AdjointMatchingTrainer(
            VelocityField fine,
            VelocityField base,
            AdjointMatchingConfig config,
            double learningRate,
            double maxGradNorm,
            LossClipping clipping,
            long seed,
            NDManager scope) {
        this.fine = fine;
        this.base = base;
        this.config = config;
        this.learningRate = learningRate;
        this.maxGradNorm = maxGradNorm;
        this.clipping = clipping;
        this.seed = seed;
        this.scope = scope;
        this.theta = fine.parameters().toFlat();
        this.adam = Adam.standard(theta.length);
    }

    /** One AM step at indices (k, n): returns the computation's result (gradient before clipping). */
    public AdjointMatchingResult step(TerminalReward reward, long k, long n) {
        AdjointMatchingResult r = AdjointMatching.compute(
                fine, base, reward, config, AdjointMatching.stream(seed, k, n, 0), clipping.threshold(), scope);
        float[] g = r.gradient().clone();
        if (!GradientClipping.allFinite(g)) {
            throw new ArithmeticException("non-finite gradient at k = " + k + ", n = " + n);
        }
        clipping.update(r.perSampleLoss());
        GradientClipping.clip(g, maxGradNorm);
        adam.step(theta, g, learningRate);
        fine.parameters().fromFlat(theta);
        return r;
    }

    /** The current parameters (a copy). */
    public float[] parameters() {
        return theta.clone();
    }

    /** The optimizer (its state can be exported). */
    public Adam optimizer() {
        return adam;
    }

    /** The loss-clipping state. */
    public LossClipping lossClipping() {
        return clipping;
    }

    /** The model being trained. */
    public VelocityField fine() {
        return fine;
    }

    @Override
    public void close() {
        // models and scope belong to the caller
    }
}
