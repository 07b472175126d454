package dev.fdc.cli.train;

import dev.fdc.coordinator.actor.RunCounters;

/**
 * The outcome of a run.
 *
 * @param parameters θ_K, flat, in the pre-trained parameters' layout
 * @param counters the run's counters (tasks, drops, failures, per-worker load)
 */
public record TrainingResult(float[] parameters, RunCounters counters) {}
