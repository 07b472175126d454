/**
 * Pre-trained model files as the launcher sees them: their kind ({@code mlp}, {@code vp-eps},
 * {@code torchscript}), how to load them as a {@link dev.fdc.gpu.model.VelocityField}, and how to
 * sample from them for {@code fdc sample} and the run's before/after plots.
 */
package dev.fdc.cli.model;
