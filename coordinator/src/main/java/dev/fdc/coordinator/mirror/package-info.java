/**
 * Mirror step sizes η_k of the Flow Density Control outer loop (MATH.md §4): step k solves
 * max_p E_p[g_k] − η_k KL(p ‖ p_{k−1}), so its Adjoint Matching reward is g_k / η_k. Schedules are
 * a constant η (the paper's experiments), the Robbins–Monro power law η_k = η_0 k^a with
 * a ∈ (½, 1], and a KL trust region that adapts η_k to the measured control cost (path KL) of each
 * step. Schedule state round-trips through {@code Map<String, Double>} for checkpoints, and
 * {@link dev.fdc.coordinator.mirror.MirrorConfig} parses {@code fdc.mirror}.
 */
package dev.fdc.coordinator.mirror;
