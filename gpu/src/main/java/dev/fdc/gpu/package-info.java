/**
 * fdc's numerical engine on DJL's PyTorch engine: the one place DJL is configured ({@link
 * dev.fdc.gpu.DjlRuntime}), per-thread autograd without DJL's global collector ({@link
 * dev.fdc.gpu.Autograd}), per-step native memory scopes ({@link dev.fdc.gpu.StepScope}), and arrays
 * and scalar operands whose memory libtorch owns ({@link dev.fdc.gpu.OwnedArrays}, {@link
 * dev.fdc.gpu.Scalars}: never use {@code NDManager.create(javaArray)} or {@code mul(Number)} inside a
 * differentiated graph directly). The sub-packages hold the models, schedules, samplers, Adjoint
 * Matching, rewards, critics and file formats.
 */
package dev.fdc.gpu;
