/** fdc cli module. */
package dev.fdc.cli;
