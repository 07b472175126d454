package dev.fdc.cli.train;

import com.typesafe.config.Config;
import dev.fdc.coordinator.run.RunConfig;

/**
 * The placeholder until the single-process driver ({@code dev.fdc.cli.local.LocalFdc}) or the actor
 * runtime is merged: every config still gets fully validated, then the command fails, before a run
 * directory is created, with a message that says so. It never pretends to run.
 */
final class NotWiredBackend implements TrainingBackend {

    static final String MESSAGE = "training is not yet wired in this build: neither the single-process "
            + "driver (dev.fdc.cli.local.LocalFdc) nor the actor runtime is merged; the config is valid, "
            + "nothing was written";

    @Override
    public String name() {
        return "not-wired";
    }

    @Override
    public void validate(Config resolved) {
        RunConfig.parse(resolved); // fdc.run errors are still reported as such (exit code 2)
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public TrainingResult train(TrainingRequest request) {
        throw new IllegalStateException(MESSAGE);
    }
}
