package dev.fdc.gpu.adjoint;

import ai.djl.ndarray.NDArray;

/**
 * The lean adjoint ã_{t_0}, …, ã_{t_L} of a batch of trajectories (each [m, d]), the base
 * velocities v_base(X_{t_j}, t_j) for j < L, the noiseless terminal points X̂_1 and the reward
 * there. Arrays belong to the scope the solver was given.
 */
public record AdjointSolution(NDArray[] adjoints, NDArray[] baseVelocities, NDArray terminal, float[] terminalReward) {

    /** ã_{t_j}. */
    public NDArray adjoint(int j) {
        return adjoints[j];
    }
}
