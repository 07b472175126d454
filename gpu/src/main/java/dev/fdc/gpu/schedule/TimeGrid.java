package dev.fdc.gpu.schedule;

/** The uniform grid t_j = j h, h = 1/L, j = 0 … L of the samplers and the adjoint. */
public final class TimeGrid {

    private final int steps;
    private final double h;

    /** A grid of {@code steps} = L intervals. */
    public TimeGrid(int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("a time grid needs at least 2 steps, got " + steps);
        }
        this.steps = steps;
        this.h = 1.0 / steps;
    }

    /** L, the number of intervals. */
    public int steps() {
        return steps;
    }

    /** h = 1/L. */
    public double h() {
        return h;
    }

    /** t_j = j h. */
    public double t(int j) {
        return j * h;
    }
}
