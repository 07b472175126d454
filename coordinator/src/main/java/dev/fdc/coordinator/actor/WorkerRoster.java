package dev.fdc.coordinator.actor;

import dev.fdc.protocol.Tasks;
import dev.fdc.protocol.message.WorkerCommand;
import dev.fdc.protocol.v1.Task;
import dev.fdc.protocol.v1.TaskId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The workers the coordinator knows, by their address string: the worker id they registered with,
 * whether they wait for work (a pull is pending), the task last assigned to them and not yet
 * answered, and when they were last invited. Not thread-safe: the coordinator actor owns it.
 */
final class WorkerRoster {

    /** One known worker. */
    static final class Entry {
        final String address;
        final ActorRef<WorkerCommand> ref;
        String workerId;
        boolean waiting;
        Task assigned;
        long invitedAtNanos;

        Entry(String address, ActorRef<WorkerCommand> ref) {
            this.address = address;
            this.ref = ref;
        }

        /** The id the core knows the worker by: its registered id, else its address. */
        String id() {
            return workerId != null ? workerId : address;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();

    Optional<Entry> get(String address) {
        return Optional.ofNullable(entries.get(address));
    }

    boolean contains(String address) {
        return entries.containsKey(address);
    }

    Entry add(String address, ActorRef<WorkerCommand> ref) {
        return entries.computeIfAbsent(address, a -> new Entry(a, ref));
    }

    Optional<Entry> remove(String address) {
        return Optional.ofNullable(entries.remove(address));
    }

    /** Forgets the assignment of {@code task} to the worker at {@code address}, if that is it. */
    void settled(String address, TaskId task) {
        Entry e = entries.get(address);
        if (e != null && e.assigned != null && Tasks.id(e.assigned).equals(task)) {
            e.assigned = null;
        }
    }

    /** The workers waiting for work, in the order they became known. */
    List<Entry> waiting() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.waiting) {
                out.add(e);
            }
        }
        return out;
    }

    /** Every known worker, in the order they became known. */
    List<Entry> all() {
        return List.copyOf(entries.values());
    }

    /** The workers invited but not registered. */
    List<Entry> unregistered() {
        return entries.values().stream().filter(e -> e.workerId == null).toList();
    }

    int size() {
        return entries.size();
    }

    /** The workers that registered (accepted the invitation). */
    int registered() {
        return (int) entries.values().stream().filter(e -> e.workerId != null).count();
    }
}
