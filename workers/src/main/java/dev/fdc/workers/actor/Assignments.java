package dev.fdc.workers.actor;

import dev.fdc.protocol.Tasks;
import dev.fdc.protocol.v1.Task;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The tasks assigned to a worker and not started yet, in arrival order, deduplicated by task id
 * against the queue, the running task and the recently completed ones (work pulling is
 * at-least-once: an assignment may arrive twice). Not thread-safe: the worker actor owns it.
 */
final class Assignments {

    private final Map<String, Task> queue = new LinkedHashMap<>();
    private final Set<String> recentlyDone = new LinkedHashSet<>();
    private final int recentCapacity;

    Assignments(int recentCapacity) {
        this.recentCapacity = Math.max(1, recentCapacity);
    }

    /** Queues {@code task} unless it is queued, running ({@code runningKey}) or recently done. */
    boolean offer(Task task, String runningKey) {
        String key = Tasks.name(task);
        if (key.equals(runningKey) || recentlyDone.contains(key) || queue.containsKey(key)) {
            return false;
        }
        queue.put(key, task);
        return true;
    }

    /** The oldest queued task, removed from the queue. */
    Optional<Task> next() {
        Iterator<Task> it = queue.values().iterator();
        if (!it.hasNext()) {
            return Optional.empty();
        }
        Task t = it.next();
        it.remove();
        return Optional.of(t);
    }

    /** Forgets the queued tasks of coordinator epochs before {@code epoch} (a dead incarnation's work). */
    void dropEpochsBefore(long epoch) {
        queue.values().removeIf(t -> Tasks.id(t).getCoordinatorEpoch() < epoch);
    }

    /** Forgets everything queued (another run starts). */
    void clear() {
        queue.clear();
        recentlyDone.clear();
    }

    /** Remembers a completed task, so a redelivered assignment of it is ignored. */
    void completed(String key) {
        recentlyDone.add(key);
        if (recentlyDone.size() > recentCapacity) {
            recentlyDone.remove(recentlyDone.iterator().next());
        }
    }
}
