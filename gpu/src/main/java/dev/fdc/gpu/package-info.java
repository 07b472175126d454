/** fdc gpu module. */
package dev.fdc.gpu;
