package dev.fdc.cli.train;

import com.typesafe.config.Config;
import dev.fdc.cli.model.ModelFile;
import dev.fdc.cli.output.RunDirectory;

/**
 * A validated run for a {@link TrainingBackend}.
 *
 * @param config the resolved config (all of {@code fdc}, every default filled in), exactly what
 *     {@code config.conf} holds except that {@code fdc.model.path} is the absolute path of
 *     {@link #model()}'s file
 * @param runDirectory the run directory (exists; {@code checkpoints/} is the backend's)
 * @param model the pre-trained model (the run directory's own copy); {@link ModelFile#modelSpec()}
 *     and {@link ModelFile#parameters()} give the protocol spec and θ_pre
 * @param workers local workers to start (≥ 1)
 * @param resume continue from the newest complete checkpoint instead of starting at k = 1
 * @param listener receives metrics as they are produced
 */
public record TrainingRequest(
        Config config,
        RunDirectory runDirectory,
        ModelFile model,
        int workers,
        boolean resume,
        TrainingListener listener) {}
