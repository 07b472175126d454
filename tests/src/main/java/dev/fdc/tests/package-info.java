/** fdc tests module. */
package dev.fdc.tests;
