package dev.fdc.coordinator.run;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.OptimizerState;
import dev.fdc.numerics.optim.Adam;
import dev.fdc.numerics.optim.AdamState;
import dev.fdc.numerics.optim.GradientClipping;
import dev.fdc.numerics.optim.LossClipping;

/**
 * The optimizer side of the run (MATH.md §3, step 5): the kept parameter versions, Adam, and the
 * per-sample loss-clipping threshold. One update clips the averaged gradient's global norm, takes
 * an Adam step from θ_v and publishes θ_{v+1}; a new mirror step freezes the base θ_{k−1} and
 * restarts Adam's moments (a new problem). Single-threaded, owned by the {@link RunCore}.
 */
final class UpdateStep {

    /** What one update did. */
    record Applied(long version, double gradNorm) {}

    private final RunConfig config;
    private final ParameterVersions versions;
    private final Adam adam;
    private final LossClipping lossClip;

    UpdateStep(RunSpec spec) {
        this.config = spec.config();
        // async: a task in flight may still need θ_v for up to W + s updates (its gradient is stale
        // beyond s anyway; a worker that cannot fetch an evicted version fails the task, which is
        // then re-issued at the current version).
        int keep = config.mode() == RunConfig.Mode.ASYNC ? config.asyncWindow() + config.maxStaleness() + 1 : 1;
        this.versions = new ParameterVersions(spec.runId(), spec.epoch(), keep, spec.pretrained());
        this.adam = Adam.standard(spec.pretrained().length);
        this.lossClip = new LossClipping(config.lossClipDecay(), config.lossClipMultiplier());
    }

    /** θ_0 = θ_pre at version 0, also the first base. */
    void startFresh(float[] pretrained) {
        versions.publish(0, pretrained);
        versions.setBase(0, pretrained);
    }

    /** The versions, optimizer and clipping state of a checkpoint. */
    void restore(CheckpointState state) {
        versions.publish(state.parameterVersion(), state.parameters());
        versions.setBase(state.baseVersion(), state.base());
        OptimizerState o = state.optimizer();
        adam.importState(new AdamState(o.m(), o.v(), o.step()));
        lossClip.importState(state.lossClipState());
    }

    /** A new mirror step: the current θ becomes the frozen base; Adam's moments restart. */
    void startMirrorStep() {
        versions.setBase(versions.currentVersion(), versions.current());
        adam.reset();
    }

    /** Clips the gradient's norm, steps Adam, publishes the next version. */
    Applied apply(float[] gradient) {
        double norm = GradientClipping.clip(gradient, config.maxGradNorm());
        float[] next = versions.current().clone();
        adam.step(next, gradient, config.learningRate());
        long v = versions.currentVersion() + 1;
        versions.publish(v, next);
        return new Applied(v, norm);
    }

    /** Writes the versions, optimizer and clipping state into a checkpoint being built. */
    CheckpointState.Builder export(CheckpointState.Builder b) {
        AdamState a = adam.exportState();
        return b.setParameters(versions.current())
                .setBase(versions.baseVersion(), versions.base())
                .setOptimizer(new OptimizerState(a.firstMoment(), a.secondMoment(), a.step()))
                .optLossClipState(lossClip.exportState());
    }

    ParameterVersions versions() {
        return versions;
    }

    LossClipping lossClip() {
        return lossClip;
    }
}
