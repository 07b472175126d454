package dev.fdc.cli.train;

import java.util.Map;

/**
 * The outcome of a run.
 *
 * @param parameters θ_K, flat, in the pre-trained parameters' layout
 * @param summary final metrics (e.g. {@code objective}), possibly empty
 */
public record TrainingResult(float[] parameters, Map<String, Double> summary) {
    /** Copies the summary. */
    public TrainingResult {
        summary = Map.copyOf(summary);
    }
}
