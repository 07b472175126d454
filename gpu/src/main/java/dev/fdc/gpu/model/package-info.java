/**
 * Velocity fields v(x, t) (MATH.md §1): fdc's MLP on [x, t], a VP noise predictor wrapped as a flow
 * (score → velocity), the exact field of a Gaussian, a frozen field plus a trainable residual; the
 * MLP itself, its spec and activations; named parameters as flat float arrays ({@link
 * dev.fdc.gpu.model.ParameterSet}); and {@link dev.fdc.gpu.model.ModelFactory}, which builds a field
 * from the protocol's {@code ModelSpec}.
 */
package dev.fdc.gpu.model;
