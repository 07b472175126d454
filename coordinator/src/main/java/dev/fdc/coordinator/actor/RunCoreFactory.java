package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.run.RunCore;
import dev.fdc.coordinator.run.RunListener;
import dev.fdc.coordinator.run.RunSpec;
import java.util.Optional;
import java.util.function.LongFunction;

/** Starts the run core of a coordinator incarnation: fresh, or resumed from a checkpoint. */
@FunctionalInterface
public interface RunCoreFactory {

    /**
     * The core for coordinator epoch {@code epoch} (already persisted), resumed from {@code
     * checkpoint} when present.
     *
     * @throws IllegalArgumentException if the checkpoint cannot resume this run (another run, another
     *     model): the coordinator then ends the run with that error
     */
    RunCore start(long epoch, Optional<CheckpointState> checkpoint);

    /** Cores of the run {@code specOfEpoch} describes, reporting to {@code listener}. */
    static RunCoreFactory of(LongFunction<RunSpec> specOfEpoch, RunListener listener) {
        return (epoch, checkpoint) -> {
            RunSpec spec = specOfEpoch.apply(epoch);
            return checkpoint.isPresent()
                    ? RunCore.resume(spec, checkpoint.get(), listener)
                    : RunCore.start(spec, listener);
        };
    }
}
