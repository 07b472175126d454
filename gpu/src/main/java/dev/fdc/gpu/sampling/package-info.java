/**
 * Sampling (MATH.md §2): the memoryless Euler–Maruyama sampler that stores every state, the
 * probability-flow ODE (Euler, Heun), log-densities by the divergence integral (exact trace or
 * Hutchinson), and Gaussian noise from counter-based streams.
 */
package dev.fdc.gpu.sampling;
