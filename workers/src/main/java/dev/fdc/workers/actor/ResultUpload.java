package dev.fdc.workers.actor;

import dev.fdc.protocol.ChunkSplitter;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.message.CoordinatorCommand;
import dev.fdc.protocol.message.CoordinatorMessages.UploadGradientChunk;
import dev.fdc.protocol.message.CoordinatorMessages.UploadResultChunk;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.GradientChunk;
import dev.fdc.protocol.v1.ResultChunk;
import dev.fdc.protocol.v1.TaskId;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams the result tensors of one task to the coordinator under a window of unacknowledged
 * chunks (Artery's send queue is bounded and drops on overflow, so a worker never has more than
 * {@code window} chunks in flight), then the completion message.
 *
 * <p>Failure semantics: chunks are acknowledged one by one; the chunks of the window still
 * unacknowledged after the retry interval are sent again (the coordinator acknowledges
 * duplicates too). The completion is sent again until it is answered; an answer "not accepted"
 * (the coordinator's chunk set timed out) restarts the upload from the first chunk. Encoding is
 * lazy ({@link ChunkSplitter#chunk}), so a large gradient is never held twice.
 */
final class ResultUpload {

    private final TaskId taskId;
    private final String replyTo;
    private final int window;
    private final CoordinatorCommand completion;
    private final List<String> names = new ArrayList<>();
    private final List<ChunkSplitter> splitters = new ArrayList<>();
    private final List<BitSet> acked = new ArrayList<>();
    private final List<BitSet> sent = new ArrayList<>();
    private int total;
    private int ackedCount;
    private long lastProgressNanos;
    private boolean completionSent;

    ResultUpload(
            TaskId taskId,
            Map<String, float[]> tensors,
            DType dtype,
            CoordinatorCommand completion,
            String replyTo,
            int window,
            long now) {
        this.taskId = taskId;
        this.replyTo = replyTo;
        this.window = Math.max(1, window);
        this.completion = completion;
        for (Map.Entry<String, float[]> e : new LinkedHashMap<>(tensors).entrySet()) {
            ChunkSplitter s = ChunkSplitter.of(e.getValue(), dtype);
            names.add(e.getKey());
            splitters.add(s);
            acked.add(new BitSet(s.count()));
            sent.add(new BitSet(s.count()));
            total += s.count();
        }
        this.lastProgressNanos = now;
    }

    TaskId taskId() {
        return taskId;
    }

    /** The first window of chunks (or the completion, for a result without tensors). */
    List<CoordinatorCommand> start() {
        return fill();
    }

    /** Records an acknowledgement; returns what may be sent now. */
    List<CoordinatorCommand> ack(String tensor, int index, long now) {
        int t = names.indexOf(tensor);
        if (t < 0
                || index < 0
                || index >= splitters.get(t).count()
                || acked.get(t).get(index)) {
            return List.of();
        }
        acked.get(t).set(index);
        ackedCount++;
        lastProgressNanos = now;
        return fill();
    }

    /** The coordinator lost the chunks: start again from the first. */
    List<CoordinatorCommand> restart(long now) {
        for (int t = 0; t < names.size(); t++) {
            acked.get(t).clear();
            sent.get(t).clear();
        }
        ackedCount = 0;
        completionSent = false;
        lastProgressNanos = now;
        return fill();
    }

    /** Resends what is unacknowledged after {@code retryNanos} without progress. */
    List<CoordinatorCommand> retryStalled(long now, long retryNanos) {
        if (now - lastProgressNanos < retryNanos) {
            return List.of();
        }
        lastProgressNanos = now;
        if (ackedCount == total) {
            return List.of(completion);
        }
        List<CoordinatorCommand> out = new ArrayList<>();
        for (int t = 0; t < names.size(); t++) {
            BitSet pending = (BitSet) sent.get(t).clone();
            pending.andNot(acked.get(t));
            for (int i = pending.nextSetBit(0); i >= 0; i = pending.nextSetBit(i + 1)) {
                out.add(chunk(t, i));
            }
        }
        return out;
    }

    private List<CoordinatorCommand> fill() {
        List<CoordinatorCommand> out = new ArrayList<>();
        int inFlight = 0;
        for (int t = 0; t < names.size(); t++) {
            BitSet pending = (BitSet) sent.get(t).clone();
            pending.andNot(acked.get(t));
            inFlight += pending.cardinality();
        }
        for (int t = 0; t < names.size() && inFlight < window; t++) {
            int count = splitters.get(t).count();
            for (int i = sent.get(t).nextClearBit(0);
                    i < count && inFlight < window;
                    i = sent.get(t).nextClearBit(i + 1)) {
                sent.get(t).set(i);
                out.add(chunk(t, i));
                inFlight++;
            }
        }
        if (ackedCount == total && !completionSent) {
            completionSent = true;
            out.add(completion);
        }
        return out;
    }

    private CoordinatorCommand chunk(int t, int index) {
        String name = names.get(t);
        if (TensorNames.GRADIENT.equals(name)) {
            return new UploadGradientChunk(
                    GradientChunk.newBuilder()
                            .setTaskId(taskId)
                            .setChunk(splitters.get(t).chunk(index))
                            .build(),
                    replyTo);
        }
        return new UploadResultChunk(
                ResultChunk.newBuilder()
                        .setTaskId(taskId)
                        .setTensor(name)
                        .setChunk(splitters.get(t).chunk(index))
                        .build(),
                replyTo);
    }
}
