/**
 * The worker actor and what it owns: one behaviour per phase ({@link dev.fdc.workers.actor.Worker}:
 * idle, fetching, running, uploading), the deduplicated assignment queue, the input cache keyed by
 * (run, epoch, version), the chunked input fetch and result upload under windows, and the runner
 * that turns a task into a result or a failure on the blocking dispatcher.
 */
package dev.fdc.workers.actor;
