/**
 * The integration tests live in this module's test sources: actor exchanges, recovery, message
 * loss and clusters on the shipped core ({@code actors}), MATH.md §7 verification cases on {@code fdc
 * train}'s runtime ({@code cases}) and end-to-end runs of the launcher ({@code e2e}). No main code.
 */
package dev.fdc.tests;
