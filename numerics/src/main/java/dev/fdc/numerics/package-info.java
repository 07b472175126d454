/**
 * The pure-Java numerics that both the coordinator and the engine need, with no DJL and no Pekko:
 * counter-based random streams ({@code random}), the optimizer and the clipping rules on flat
 * arrays ({@code optim}), feature maps of experiment design ({@code features}) and small dense
 * linear algebra ({@code linalg}). The coordinator depends on this module, never on {@code gpu}.
 */
package dev.fdc.numerics;
