package dev.fdc.coordinator.objective;

/** A utility F entering G with +w: its coefficient is its weight. */
public interface UtilityTerm extends ObjectiveTerm {

    /** w ≥ 0. */
    double weight();

    @Override
    default boolean isDivergence() {
        return false;
    }

    @Override
    default double coefficient() {
        return weight();
    }
}
