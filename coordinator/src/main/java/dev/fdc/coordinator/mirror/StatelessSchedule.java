package dev.fdc.coordinator.mirror;

import java.util.Map;

/** A schedule whose η_k depends on k alone: control costs are ignored and there is no state. */
interface StatelessSchedule extends StepSizeSchedule {

    @Override
    default void recordControlCost(int k, double pathKl) {
        StepSizeSchedule.requireStep(k);
    }

    @Override
    default Map<String, Double> exportState() {
        return Map.of();
    }

    @Override
    default void importState(Map<String, Double> state) {
        StepSizeSchedule.requireEmpty(name(), state);
    }
}
