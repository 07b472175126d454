/** The Adjoint Matching benchmark behind {@code fdc bench}: each phase of an AM iteration timed on the engine. */
package dev.fdc.gpu.bench;
