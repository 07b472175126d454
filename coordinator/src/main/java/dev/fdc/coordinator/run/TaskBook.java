package dev.fdc.coordinator.run;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.protocol.v1.Task;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The tasks the core has issued and not settled, by ledger key, and the actions waiting for the
 * next {@link RunCore#poll}. A re-issue sends the same task again under the same id, possibly
 * rewritten first (async: at the newest parameters; after exhausted retries: a new seed). The
 * ledger decides whether a task is outstanding; this book only holds what to send.
 */
final class TaskBook {

    private final Map<TaskKey, Task> issued = new HashMap<>();
    private final List<RunAction> pending = new ArrayList<>();

    /** Issues {@code task} under {@code id} (the ledger has recorded it). */
    void issue(TaskKey id, Task task) {
        issued.put(id, task);
        pending.add(new RunAction.Issue(task));
    }

    /** Asks the shell to write a checkpoint. */
    void checkpoint(CheckpointState state) {
        pending.add(new RunAction.WriteCheckpoint(state));
    }

    /** Issues the task of {@code id} again, after {@code rewrite}; nothing if it is settled. */
    void reissue(TaskKey id, UnaryOperator<Task> rewrite) {
        Task t = issued.get(id);
        if (t == null) {
            return;
        }
        t = rewrite.apply(t);
        issued.put(id, t);
        pending.add(new RunAction.Issue(t));
    }

    /** Whether {@code id} is issued and not settled here. */
    boolean contains(TaskKey id) {
        return issued.containsKey(id);
    }

    /** The task of {@code id}, if issued and not settled. */
    Optional<Task> get(TaskKey id) {
        return Optional.ofNullable(issued.get(id));
    }

    /** Settles {@code id}: its task is no longer sent. */
    void settle(TaskKey id) {
        issued.remove(id);
    }

    /** Settles every one of {@code ids}. */
    void settleAll(Collection<TaskKey> ids) {
        ids.forEach(issued::remove);
    }

    /** The actions queued since the last call, in order. */
    List<RunAction> drain() {
        List<RunAction> out = List.copyOf(pending);
        pending.clear();
        return out;
    }
}
