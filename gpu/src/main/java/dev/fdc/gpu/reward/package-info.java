/**
 * Terminal rewards r(x) of generated points with their gradients ({@link dev.fdc.gpu.reward.TerminalReward}):
 * the analytic 2-D landscapes of the experiments, built by name from an {@code AnalyticReward}
 * message ({@link dev.fdc.gpu.reward.AnalyticRewards}), and the linear and scaled rewards of
 * Adjoint Matching tests. The linearized rewards of mirror steps live in {@code reward.linearized}.
 */
package dev.fdc.gpu.reward;
