/**
 * The coordinator (docs/ARCHITECTURE.md): the objective and its linearization ({@code objective}),
 * statistics of the current iterate ({@code statistics}), mirror step sizes ({@code mirror}), the
 * exactly-once task ledger ({@code ledger}), checkpoints ({@code checkpoint}), the run's functional
 * core ({@code run}) and the actor around it ({@code actor}). It depends on {@code protocol} and
 * {@code numerics}, never on the engine.
 */
package dev.fdc.coordinator;
