/**
 * The tensor work of a worker, independent of actors: {@link dev.fdc.workers.exec.TaskExecutor}
 * runs Adjoint Matching, statistics and critic tasks and reports failures as
 * {@link dev.fdc.workers.exec.TaskFailure}s. {@link dev.fdc.workers.exec.EngineTaskExecutor}
 * implements it on the DJL engine with model replicas cached by parameter version; parameters and
 * large contents come through {@link dev.fdc.workers.exec.ParameterSource} and
 * {@link dev.fdc.workers.exec.ContentSource}, so the same executor serves one JVM (by reference)
 * and a cluster (in chunks).
 */
package dev.fdc.workers.exec;
