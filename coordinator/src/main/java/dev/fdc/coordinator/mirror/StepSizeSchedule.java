package dev.fdc.coordinator.mirror;

import java.util.Map;

/**
 * The KL weight η_k of mirror step k ≥ 1 (MATH.md §4): step k solves
 * max_p E_p[g_k] − η_k KL(p ‖ p_{k−1}), whose exact solution is p_k ∝ p_{k−1} exp(g_k / η_k).
 * Mutable only through {@link #recordControlCost} and {@link #importState}; single-threaded (it
 * lives in the coordinator's state).
 */
public interface StepSizeSchedule {

    /** The config name: constant, power or trust-region. */
    String name();

    /** η_k &gt; 0 for mirror step k ≥ 1. */
    double eta(int k);

    /**
     * Reports the measured control cost E ∫ ½‖u‖² dt (= the path KL to the base) of the finished
     * mirror step k. Only the trust region uses it; the others ignore it.
     */
    void recordControlCost(int k, double pathKl);

    /** The mutable state, for checkpoints (empty for stateless schedules). */
    Map<String, Double> exportState();

    /**
     * Restores a state from {@link #exportState()}.
     *
     * @throws IllegalArgumentException naming the key on unknown, missing or invalid entries
     */
    void importState(Map<String, Double> state);

    /** Checks that step k is ≥ 1. */
    static void requireStep(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("mirror steps count from 1, got " + k);
        }
    }

    /** Checks that a stateless schedule receives an empty state. */
    static void requireEmpty(String schedule, Map<String, Double> state) {
        if (!state.isEmpty()) {
            throw new IllegalArgumentException(
                    "the " + schedule + " schedule has no state, got keys " + state.keySet());
        }
    }
}
