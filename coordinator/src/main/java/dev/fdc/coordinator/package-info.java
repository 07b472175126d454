/** fdc coordinator module. */
package dev.fdc.coordinator;
