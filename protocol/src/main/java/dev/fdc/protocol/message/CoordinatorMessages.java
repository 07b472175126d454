package dev.fdc.protocol.message;

import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.GradientChunk;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.ResultChunk;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.TaskFailed;
import dev.fdc.protocol.v1.WorkerDeregistration;
import dev.fdc.protocol.v1.WorkerRegistration;

/**
 * The messages the coordinator receives from workers. {@code worker} is always the sender's
 * {@code ActorRefResolver} string, the address replies go to. Every one may be lost or
 * duplicated: the coordinator is idempotent on each (see its failure semantics).
 */
public final class CoordinatorMessages {

    private CoordinatorMessages() {}

    /** A worker accepts a {@code JoinRun} and describes itself. */
    public record RegisterWorker(WorkerRegistration registration, String worker) implements CoordinatorCommand {}

    /**
     * An idle worker asks for work (the pull of the work-pulling protocol). Repeated after a
     * timeout until a task arrives; the coordinator answers at most once per pull, when it has work.
     */
    public record RequestWork(String workerId, String worker) implements CoordinatorCommand {}

    /** One chunk of the gradient of an Adjoint Matching task; acknowledged by {@code AckChunk}. */
    public record UploadGradientChunk(GradientChunk chunk, String worker) implements CoordinatorCommand {}

    /** One chunk of a named result tensor of a statistics or critic task; acknowledged by {@code AckChunk}. */
    public record UploadResultChunk(ResultChunk chunk, String worker) implements CoordinatorCommand {}

    /** All gradient chunks are acknowledged; answered by {@code AckResult}. */
    public record CompleteGradient(GradientDone done, String worker) implements CoordinatorCommand {}

    /** All result chunks of a statistics task are acknowledged; answered by {@code AckResult}. */
    public record CompleteStatistics(StatisticsResult result, String worker) implements CoordinatorCommand {}

    /** All result chunks of a critic task are acknowledged; answered by {@code AckResult}. */
    public record CompleteCritic(CriticResult result, String worker) implements CoordinatorCommand {}

    /** A task failed on the worker (NaN, out of memory, exception, bad input); the worker lives on. */
    public record ReportFailure(TaskFailed failure, String worker) implements CoordinatorCommand {}

    /** A worker leaves in an orderly way; its tasks are re-issued. */
    public record DeregisterWorker(WorkerDeregistration deregistration, String worker) implements CoordinatorCommand {}
}
