/**
 * What {@code fdc train} and {@code fdc resume} run on: a {@link dev.fdc.cli.train.TrainingBackend}
 * (the single-process driver or the actor runtime) receives a validated
 * {@link dev.fdc.cli.train.TrainingRequest}, reports metrics to a
 * {@link dev.fdc.cli.train.TrainingListener} and returns θ_K; the launcher owns the run directory,
 * {@code metrics.jsonl}, the plots and the exported model. {@link dev.fdc.cli.train.TrainingBackends}
 * is the one place that chooses the backend.
 */
package dev.fdc.cli.train;
