package dev.fdc.workers.actor;

import org.apache.pekko.actor.NoSerializationVerificationNeeded;

/**
 * What a worker publishes on its actor system's event stream (local only), for the node that hosts
 * it: a worker node ends when the run it served ends, unless told to stay.
 */
public sealed interface WorkerEvent extends NoSerializationVerificationNeeded {

    /** The coordinator ended run {@code runId}; the worker has left it and waits for another. */
    record RunEnded(String workerId, String runId, boolean succeeded, String reason) implements WorkerEvent {}
}
