/**
 * Objectives G(p) = Σ_i w_i F_i(p) − Σ_j α_j D_j(p ‖ p_pre) and their linearization (MATH.md
 * §4–5): one {@link dev.fdc.coordinator.objective.ObjectiveTerm} per utility (expected reward,
 * CVaR_β, SQ_β, mean − λ·variance, entropy, D- and A-optimal design) and divergence (KL, Rényi,
 * Wasserstein-1, MMD²), each turning a {@link dev.fdc.coordinator.statistics.StatisticsSnapshot} of
 * p_{k−1} into {@code LinearizedTerm} data with its signed weight; the
 * {@link dev.fdc.coordinator.objective.Objective} sums them into the {@code LinearizedReward} of a
 * mirror step (scale 1/η_k), and {@link dev.fdc.coordinator.objective.ObjectiveConfig} parses
 * {@code fdc.objective} with errors that name the key.
 */
package dev.fdc.coordinator.objective;
