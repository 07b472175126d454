package dev.fdc.gpu.sampling;

/** Explicit integrators for the probability-flow ODE dX = v(X, t) dt. */
public enum OdeSolver {
    /** X_{t+h} = X_t + h v(X_t, t). */
    EULER,
    /** Heun's method (explicit trapezoid), second order. */
    HEUN;

    /** Parses "euler" or "heun", naming the accepted values on error. */
    public static OdeSolver parse(String name) {
        for (OdeSolver s : values()) {
            if (s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown ODE solver '" + name + "', expected euler or heun");
    }
}
