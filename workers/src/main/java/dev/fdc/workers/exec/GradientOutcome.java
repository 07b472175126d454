package dev.fdc.workers.exec;

import dev.fdc.protocol.v1.GradientDone;

/** The flat gradient of one Adjoint Matching task and its summary (losses, reward, control cost). */
public record GradientOutcome(float[] gradient, GradientDone done) {}
