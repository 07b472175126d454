package dev.fdc.coordinator.objective;

/** A divergence D(p ‖ p_pre) entering G with −α: its coefficient is α. */
public interface DivergenceTerm extends ObjectiveTerm {

    /** α ≥ 0. */
    double alpha();

    @Override
    default boolean isDivergence() {
        return true;
    }

    @Override
    default double coefficient() {
        return alpha();
    }
}
