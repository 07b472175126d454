/**
 * Interpolation schedules (MATH.md §1): linear (flow matching) with the grid offsets of its drift
 * and noise, VP with its continuous quantities and the discrete DDPM table of the paper's toy
 * models, and the uniform time grid.
 */
package dev.fdc.gpu.schedule;
