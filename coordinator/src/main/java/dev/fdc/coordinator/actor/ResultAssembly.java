package dev.fdc.coordinator.actor;

import dev.fdc.protocol.ChunkAssembler;
import dev.fdc.protocol.TaskIdFormat;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.v1.GradientChunk;
import dev.fdc.protocol.v1.ResultChunk;
import dev.fdc.protocol.v1.TaskId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The result chunks on their way in: one {@link ChunkAssembler} per (task, tensor, worker), so two
 * workers computing the same task (a re-issue, a redelivery) never mix their chunks. Not
 * thread-safe: the coordinator actor owns it.
 *
 * <p>Failure semantics: a chunk that fails its checks (CRC32C, layout, non-finite gradient values)
 * throws and is not acknowledged, so the worker sends it again. A set that is still incomplete
 * after the chunk-set timeout is dropped; a completion for it is answered "not accepted" and the
 * worker sends everything again. The (task, worker) pairs completed recently are remembered, so a
 * repeated completion (its answer was lost) is answered "accepted" again without re-applying.
 */
final class ResultAssembly {

    private static final int RECENT = 4096;

    private final Map<String, ChunkAssembler> sets = new HashMap<>();
    private final Set<String> recentlyCompleted = new LinkedHashSet<>();

    /** Takes a gradient chunk; throws {@code ChunkRejectedException} if it fails a check. */
    void accept(GradientChunk chunk, String worker, long now) {
        sets.computeIfAbsent(
                        key(chunk.getTaskId(), TensorNames.GRADIENT, worker),
                        k -> ChunkAssembler.forGradient(chunk.getTaskId(), now).optRequireFinite(true))
                .accept(chunk);
    }

    /** Takes a result chunk; throws {@code ChunkRejectedException} if it fails a check. */
    void accept(ResultChunk chunk, String worker, long now) {
        sets.computeIfAbsent(
                        key(chunk.getTaskId(), chunk.getTensor(), worker),
                        k -> ChunkAssembler.forResult(chunk.getTaskId(), chunk.getTensor(), now))
                .accept(chunk);
    }

    /** Whether {@code worker} already completed {@code task} here (a repeated completion). */
    boolean completedBefore(TaskId task, String worker) {
        return recentlyCompleted.contains(TaskIdFormat.format(task) + "|" + worker);
    }

    /**
     * Takes the named tensors of a completed task if all are complete, and forgets them; empty if
     * any is missing or incomplete.
     */
    Optional<Map<String, float[]>> complete(TaskId task, List<String> tensors, String worker) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (String t : tensors) {
            ChunkAssembler a = sets.get(key(task, t, worker));
            if (a == null || !a.isComplete()) {
                return Optional.empty();
            }
        }
        for (String t : tensors) {
            out.put(t, sets.remove(key(task, t, worker)).values());
        }
        recentlyCompleted.add(TaskIdFormat.format(task) + "|" + worker);
        if (recentlyCompleted.size() > RECENT) {
            recentlyCompleted.remove(recentlyCompleted.iterator().next());
        }
        return Optional.of(out);
    }

    /** Drops the sets of a worker that is gone. */
    void dropWorker(String worker) {
        sets.keySet().removeIf(k -> k.endsWith("|" + worker));
    }

    /** Drops the sets incomplete for {@code timeout}; returns their names. */
    List<String> expire(long now, Duration timeout) {
        List<String> expired = new ArrayList<>();
        sets.entrySet().removeIf(e -> {
            boolean old = e.getValue().isExpired(now, timeout);
            if (old) {
                expired.add(e.getValue().stream());
            }
            return old;
        });
        return expired;
    }

    int openSets() {
        return sets.size();
    }

    private static String key(TaskId task, String tensor, String worker) {
        return TaskIdFormat.format(task) + "|" + tensor + "|" + worker;
    }
}
