/**
 * The worker side of "linearized rewards are data, not code" (ARCHITECTURE.md; MATH.md §5):
 * {@link dev.fdc.gpu.reward.linearized.LinearizedRewardEvaluator} turns a {@code LinearizedReward}
 * message into the terminal reward of one Adjoint Matching problem, ∇g = scale · Σ weight_i ∇term_i,
 * one evaluator class per term kind (reward gradient with its per-sample factor, score, Rényi
 * density-ratio score, critic potential, MMD² witness, experiment-design feature quadratic).
 */
package dev.fdc.gpu.reward.linearized;
