/**
 * The coordinator's functional core: {@link dev.fdc.coordinator.run.RunCore} (the phase machine of
 * MATH.md §4: estimate, linearize, Adjoint Matching steps, checkpoints) with its parts, the task
 * layout of an estimation phase ({@code EstimationPlan}) and its pooling ({@code Estimation}), the
 * update loop of a mirror step in sync or async mode ({@code AmSteps}), the optimizer side ({@code
 * UpdateStep}), the issued tasks ({@code TaskBook}, {@code TaskFactory}) and the typed records it
 * reports ({@link dev.fdc.coordinator.run.AmStepRecord}, {@link
 * dev.fdc.coordinator.run.MirrorStepRecord}). No actors, threads or NDArrays: the actor is the
 * imperative shell.
 */
package dev.fdc.coordinator.run;
