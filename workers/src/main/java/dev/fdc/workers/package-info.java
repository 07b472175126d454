/** fdc workers module. */
package dev.fdc.workers;
