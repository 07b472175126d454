package dev.fdc.cli.train;

import com.typesafe.config.Config;

/**
 * Runs FDC for {@code fdc train} and {@code fdc resume}. The launcher validates the config (its own
 * sections, {@code fdc.objective}, {@code fdc.mirror} and then {@link #validate}) before it creates
 * the run directory, and writes {@code config.conf}, {@code metrics.jsonl}, plots and
 * {@code final.safetensors} itself; a backend writes only under
 * {@link dev.fdc.cli.output.RunDirectory#checkpoints()}.
 */
public interface TrainingBackend {

    /** A short name for messages, e.g. "local" or "actors". */
    String name();

    /**
     * Checks the config sections this backend reads (e.g. {@code fdc.run}) of a resolved config;
     * throws a {@link com.typesafe.config.ConfigException} (best a
     * {@link dev.fdc.coordinator.objective.BadConfigException}) naming the key. Called before
     * anything is written; must not write anything itself.
     */
    void validate(Config resolved);

    /**
     * Runs a new run ({@code request.resume() == false}) or continues one from the newest complete
     * checkpoint in the run directory, to the end, reporting to {@code request.listener()}.
     *
     * @return θ_K, flat, in the layout of the pre-trained parameters
     */
    TrainingResult train(TrainingRequest request) throws Exception;
}
