package dev.fdc.gpu.sampling;

import ai.djl.ndarray.NDArray;
import dev.fdc.gpu.schedule.TimeGrid;

/**
 * The states X_{t_0}, …, X_{t_L} of m sampled trajectories on a time grid, each [m, d], plus the
 * sampling model's velocities at the first L states (kept for the control cost), and at the steps
 * the sampler was asked to, the same velocities still attached to the model's autograd graph (null
 * elsewhere). Arrays belong to the manager the sampler was given.
 */
public record Trajectory(TimeGrid grid, NDArray[] states, NDArray[] velocities, NDArray[] graphVelocities) {

    /** A trajectory without graph-attached velocities. */
    public Trajectory(TimeGrid grid, NDArray[] states, NDArray[] velocities) {
        this(grid, states, velocities, new NDArray[velocities.length]);
    }

    /** v(X_{t_j}, t_j) with its autograd graph to the model's parameters; null if not kept at j. */
    public NDArray graphVelocity(int j) {
        return graphVelocities[j];
    }

    /** X_{t_j}. */
    public NDArray state(int j) {
        return states[j];
    }

    /** The terminal states X_1. */
    public NDArray terminal() {
        return states[states.length - 1];
    }

    /** Number of trajectories m. */
    public int size() {
        return Math.toIntExact(states[0].getShape().get(0));
    }
}
