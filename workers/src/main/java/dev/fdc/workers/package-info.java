/**
 * Workers (docs/ARCHITECTURE.md): the worker actor that pulls tasks and streams results ({@code
 * actor}) and the executor that runs them on the engine ({@code exec}).
 */
package dev.fdc.workers;
