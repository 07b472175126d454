package dev.fdc.coordinator.run;

import dev.fdc.coordinator.mirror.StepSizeSchedule;
import dev.fdc.coordinator.objective.Objective;
import dev.fdc.protocol.v1.ModelSpec;
import java.util.Objects;

/**
 * Everything a {@link RunCore} is built from.
 *
 * @param runId the run id every task id carries
 * @param epoch this coordinator incarnation's epoch (persisted before the first task is issued)
 * @param config {@code fdc.run}
 * @param model the model every worker builds
 * @param objective G(p)
 * @param schedule η_k (mutable run state: the core owns it from here on)
 * @param pretrained θ_pre, flat; held, never changed
 */
public record RunSpec(
        String runId,
        long epoch,
        RunConfig config,
        ModelSpec model,
        Objective objective,
        StepSizeSchedule schedule,
        float[] pretrained) {

    /** Checks for nulls and the parameter count. */
    public RunSpec {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(pretrained, "pretrained");
        if (model.getParameterCount() != 0 && model.getParameterCount() != pretrained.length) {
            throw new IllegalArgumentException(
                    "model spec says " + model.getParameterCount() + " parameters, θ_pre has " + pretrained.length);
        }
    }
}
