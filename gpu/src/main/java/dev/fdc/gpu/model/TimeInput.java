package dev.fdc.gpu.model;

/** The time feature a network receives as its last input column. */
public enum TimeInput {
    /** Flow time t (0 = noise, 1 = data): fdc's own models. */
    T,
    /** Diffusion time τ = 1 − t: the paper's noise predictors. */
    TAU;

    /** The feature value for flow time t. */
    public double of(double t) {
        return this == T ? t : 1.0 - t;
    }
}
