/**
 * The coordinator's task ledger: every task id of a run (run id, coordinator epoch, mirror step,
 * AM step, task index) with its state (issued, assigned to a worker, gradient received, applied or
 * discarded with a reason). The ledger makes task delivery idempotent: a gradient is applied at most
 * once per task id, a task whose worker died or timed out is re-issued under the same id, late
 * duplicates and gradients of an older coordinator epoch are counted and dropped, failed tasks are
 * retried, re-seeded once and then fail the run with an error that names the task, and in
 * asynchronous mode a gradient is applied only within the staleness bound and never across a
 * mirror step. The classes are plain and single-threaded: they live inside the coordinator actor.
 */
package dev.fdc.coordinator.ledger;
