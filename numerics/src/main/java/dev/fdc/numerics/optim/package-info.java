/**
 * The optimizer and clipping rules on flat float arrays, with state that checkpoints: Adam with
 * exportable moments, global gradient-norm clipping, and the per-sample loss-clipping threshold of
 * Adjoint Matching (MATH.md §3, step 5).
 */
package dev.fdc.numerics.optim;
