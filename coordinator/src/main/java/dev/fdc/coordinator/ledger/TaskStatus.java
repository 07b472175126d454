package dev.fdc.coordinator.ledger;

import java.util.Optional;

/**
 * A snapshot of one task in the {@link TaskLedger}.
 *
 * @param id the task id
 * @param state its state
 * @param worker the worker it is (or was last) assigned to, if any
 * @param discardReason why it was discarded, when {@code state} is {@link TaskState#DISCARDED}
 * @param failures failures reported for it so far
 * @param seedGeneration 0, or 1 after it was re-seeded
 */
public record TaskStatus(
        TaskKey id,
        TaskState state,
        Optional<String> worker,
        Optional<DiscardReason> discardReason,
        int failures,
        int seedGeneration) {}
