/**
 * The coordinator actor around the {@link dev.fdc.coordinator.run.RunCore}: {@link
 * dev.fdc.coordinator.actor.Coordinator} (Initializing: restore the newest complete checkpoint,
 * persist a new epoch, start the core) then {@code Training} (invite and serve workers, reassemble
 * results, hand them to the core, end the run), with two children: the {@link
 * dev.fdc.coordinator.actor.ParameterStore} that serves parameter versions and contents in chunks,
 * and the {@code CheckpointWriter}. Each class states its failure semantics next to the code.
 */
package dev.fdc.coordinator.actor;
