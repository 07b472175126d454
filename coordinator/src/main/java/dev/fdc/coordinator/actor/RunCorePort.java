package dev.fdc.coordinator.actor;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.TaskFailed;
import dev.fdc.protocol.v1.TaskId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the coordinator actor needs of the run's functional core ({@code RunCore}: mirror state,
 * optimizer, ledger; no actors, no threads). The actor calls it from its own thread only, feeds it
 * complete, validated results and carries out what {@link #poll} asks for; all decisions about
 * what to compute, what to apply and what to drop (duplicates, stale epochs, stale versions) are the
 * core's. Arrays handed out by {@link #parameters} and {@link #content} are never changed afterwards.
 */
public interface RunCorePort {

    /** What workers need to join the run (run id, this epoch, model). */
    RunSetup setup();

    /** Tasks to issue now (new ones, and re-issues under the same id after a loss or a timeout) and checkpoint signals. */
    List<CoreAction> poll(long nowNanos);

    /** The task goes to {@code workerId}; false if it no longer needs computing (skip it). */
    boolean assigned(TaskId taskId, String workerId);

    /** A complete gradient; the core decides whether it is applied, buffered or dropped (and counts drops). */
    void onGradient(GradientDone done, float[] gradient);

    /** A complete statistics result with its tensors by name. */
    void onStatistics(StatisticsResult result, Map<String, float[]> tensors);

    /** A complete critic result with the critic's parameters. */
    void onCritic(CriticResult result, float[] parameters);

    /**
     * A task failed on a worker.
     *
     * @throws RuntimeException naming the task when it failed too often: the run fails with it
     */
    void onFailure(TaskFailed failure);

    /** A worker died or left: its tasks are to be re-issued (they come back from {@link #poll}). */
    void onWorkerLost(String workerId);

    /** Whether the run is complete (the final checkpoint has been asked for by {@link #poll}). */
    boolean isDone();

    /** The parameters of a version the core still holds. */
    Optional<float[]> parameters(ParameterVersion version);

    /** Stored float content by content id (sample sets, critic parameters). */
    Optional<float[]> content(String contentId);

    /** A snapshot of the whole run state; its arrays are not changed by the core afterwards. */
    CheckpointState checkpoint();

    /** The ledger's counters (issued, applied, duplicates dropped, ...) by key. */
    Map<String, Long> counters();
}
