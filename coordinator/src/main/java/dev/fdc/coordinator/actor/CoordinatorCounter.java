package dev.fdc.coordinator.actor;

/** What the coordinator actor counts about its exchanges with workers (beyond the ledger's counters). */
public enum CoordinatorCounter {
    /** A worker pulled while a task was assigned to it: the assignment was lost and sent again. */
    ASSIGNMENTS_RESENT("assignments_resent"),
    /** Result chunks that failed their checks (CRC32C, layout, non-finite values) and were not acknowledged. */
    CHUNKS_REJECTED("chunks_rejected"),
    /** Completions of a result already received (their answer was lost), answered again. */
    COMPLETIONS_REPEATED("completions_repeated"),
    /** Completions whose chunks were incomplete (their set timed out): sent back for a resend. */
    COMPLETIONS_INCOMPLETE("completions_incomplete"),
    /** Incomplete chunk sets dropped after the chunk-set timeout. */
    CHUNK_SETS_EXPIRED("chunk_sets_expired"),
    /** Workers that died or left; their tasks were re-issued. */
    WORKERS_LOST("workers_lost"),
    /** Messages from workers rejected because they lie (another run, impossible sizes or counts). */
    MESSAGES_REJECTED("messages_rejected"),
    /** Checkpoints written. */
    CHECKPOINTS_WRITTEN("checkpoints_written"),
    /** Checkpoint writes that failed (the run goes on; the previous checkpoint stays the newest). */
    CHECKPOINTS_FAILED("checkpoints_failed");

    private final String key;

    CoordinatorCounter(String key) {
        this.key = key;
    }

    /** The name in summaries and logs. */
    public String key() {
        return key;
    }
}
