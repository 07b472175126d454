package dev.fdc.workers.actor;

import dev.fdc.protocol.v1.DeviceInfo;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.workers.exec.ContentSource;
import dev.fdc.workers.exec.ParameterSource;
import dev.fdc.workers.exec.TaskExecutor;
import dev.fdc.workers.exec.TaskFailure;

/**
 * Builds the {@link TaskExecutor} of one worker for one run: the engine executor in production, a
 * small deterministic one in tests. Called on the worker's blocking dispatcher when the worker
 * joins a run (again when the run or model changes); the executor reads parameters and contents
 * through the sources, which serve what the worker fetched before starting each task.
 */
@FunctionalInterface
public interface TaskExecutorFactory {

    /** An executor for the run {@code setup} describes, placed on the worker's {@code device}. */
    TaskExecutor create(RunSetup setup, DeviceInfo device, ParameterSource parameters, ContentSource contents)
            throws TaskFailure;
}
