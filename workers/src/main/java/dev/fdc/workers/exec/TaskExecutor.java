package dev.fdc.workers.exec;

import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.StatisticsTask;

/**
 * Runs tasks on one device: the tensor work of a worker, independent of actors. Blocking, one
 * task at a time, on the calling thread (a worker actor calls it on its dedicated blocking
 * dispatcher; the single-process driver calls it directly). A computation that fails (NaN, out of
 * memory, exception, bad input) throws {@link TaskFailure}; it never takes the process down.
 */
public interface TaskExecutor extends AutoCloseable {

    /** Samples with the task's parameter version, solves the lean adjoint, returns ∇θ of the AM loss. */
    GradientOutcome adjointMatching(AdjointMatchingTask task) throws TaskFailure;

    /** Samples the task's parameter version and returns the requested statistics' raw arrays. */
    StatisticsOutcome statistics(StatisticsTask task) throws TaskFailure;

    /** Trains a Wasserstein-1 critic on two sample sets. */
    CriticOutcome critic(CriticTask task) throws TaskFailure;

    @Override
    void close();
}
