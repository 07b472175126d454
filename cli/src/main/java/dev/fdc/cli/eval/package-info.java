/**
 * Metrics of sample sets (MATH.md §6): Vendi score, k-nearest-neighbour entropy, exact W1 between
 * equal-size sets (Hungarian assignment), for evaluations and experiments.
 */
package dev.fdc.cli.eval;
