package dev.fdc.protocol.message;

import dev.fdc.protocol.v1.ContentChunk;
import dev.fdc.protocol.v1.ParameterChunk;
import dev.fdc.protocol.v1.ParameterUnavailable;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.Task;
import dev.fdc.protocol.v1.TaskId;

/**
 * The messages a worker receives. Reply addresses travel as {@code ActorRefResolver} strings.
 * Every one of them may be lost or duplicated: the worker is idempotent on each (see the worker
 * actor's failure semantics).
 */
public final class WorkerMessages {

    private WorkerMessages() {}

    /**
     * The coordinator invites a worker it found in the receptionist listing into its run (again on
     * every new epoch, and until the worker registers).
     */
    public record JoinRun(RunSetup setup, String coordinator, String parameterStore) implements WorkerCommand {}

    /** The coordinator assigns a task (the answer to {@code RequestWork}). */
    public record AssignTask(Task task) implements WorkerCommand {}

    /** The coordinator holds chunk {@code index} of result tensor {@code tensor} of a task. */
    public record AckChunk(TaskId taskId, String tensor, int index) implements WorkerCommand {}

    /**
     * The coordinator's answer to a task completion: {@code accepted} means the result is with the
     * coordinator (applied, or dropped as a duplicate); otherwise chunks are missing (their set
     * timed out) and the worker sends the whole result again.
     */
    public record AckResult(TaskId taskId, boolean accepted, String reason) implements WorkerCommand {}

    /** One chunk of a parameter version, answering a {@code FetchParameters}. */
    public record DeliverParameterChunk(ParameterChunk chunk) implements WorkerCommand {}

    /** The store does not hold the requested version. */
    public record DeliverParameterUnavailable(ParameterUnavailable unavailable) implements WorkerCommand {}

    /** One chunk of stored content, answering a {@code FetchContent}. */
    public record DeliverContentChunk(ContentChunk chunk) implements WorkerCommand {}

    /**
     * The run ended ({@code succeeded}, or failed with {@code reason}): the coordinator tells every
     * worker it knows, so worker nodes can leave (or wait for the next run).
     */
    public record RunEnded(String runId, boolean succeeded, String reason) implements WorkerCommand {}

    /** The store does not hold the requested content. */
    public record DeliverContentUnavailable(String contentId, String reason) implements WorkerCommand {}
}
