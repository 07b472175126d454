/**
 * Counter-based randomness (Philox4x32-10) keyed by (run seed, purpose, indices): every random
 * number of a run is a pure function of where it is used, so a task computes the same result on
 * any thread or node (ARCHITECTURE.md "Randomness").
 */
package dev.fdc.numerics.random;
