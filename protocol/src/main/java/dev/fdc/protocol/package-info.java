/** fdc protocol module. */
package dev.fdc.protocol;
