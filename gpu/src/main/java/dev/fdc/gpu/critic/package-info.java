/**
 * Wasserstein-1 critics (MATH.md §5): {@link dev.fdc.gpu.critic.CriticTrainer} trains an MLP φ on
 * samples of p_{k−1} and p_pre with a one-sided gradient penalty in the dual norm of the ground
 * metric ‖A(x − y)‖ and returns its flat parameters (the content of a {@code Potential} term) and
 * its held-out value, the W1 estimate.
 */
package dev.fdc.gpu.critic;
