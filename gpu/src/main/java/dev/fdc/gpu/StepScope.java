package dev.fdc.gpu;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * A short-lived manager for one step of a long loop (a sampler step, an adjoint step): the step's
 * inputs are temporarily attached to it, so every intermediate an op creates lands here and is
 * freed when the step closes; the inputs return to their owner and the step's outputs are kept
 * by {@link #keep}. Without this, a 1000-step trajectory keeps every activation of every step
 * alive until the trajectory's scope closes.
 */
public final class StepScope implements AutoCloseable {

    private final NDManager owner;
    private final NDManager step;

    private StepScope(NDManager owner, NDArray... inputs) {
        this.owner = owner;
        this.step = owner.newSubManager();
        step.tempAttachAll(inputs);
    }

    /** A step under {@code owner} whose ops on {@code inputs} allocate in the step. */
    public static StepScope open(NDManager owner, NDArray... inputs) {
        return new StepScope(owner, inputs);
    }

    /** The step's manager (for arrays created directly). */
    public NDManager manager() {
        return step;
    }

    /** Moves {@code a} to the owner so it outlives the step; returns it. */
    public NDArray keep(NDArray a) {
        a.attach(owner);
        return a;
    }

    @Override
    public void close() {
        step.close();
    }
}
