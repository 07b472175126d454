/**
 * Adjoint Matching (MATH.md §3): the lean adjoint with the noiseless terminal step, the loss's time
 * subset, one gradient computation with all loss time points in one batched forward and backward,
 * and a single-process trainer for tests and verification cases.
 */
package dev.fdc.gpu.adjoint;
