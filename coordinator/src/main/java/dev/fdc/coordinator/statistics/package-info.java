/**
 * Statistics of the current iterate p_{k−1} that the objective terms read (MATH.md §4–5): the
 * β-quantile, CVaR_β and superquantile SQ_β of the rewards pooled over all workers, means,
 * variances and feature second-moment matrices, self-normalized Rényi weights from log-densities,
 * and the immutable
 * {@link dev.fdc.coordinator.statistics.StatisticsSnapshot} that bundles them for one mirror step.
 * Everything here is plain deterministic Java on {@code double[]}/{@code float[]}: the results
 * depend only on the inputs and the order in which per-task results were pooled (task-id order).
 */
package dev.fdc.coordinator.statistics;
