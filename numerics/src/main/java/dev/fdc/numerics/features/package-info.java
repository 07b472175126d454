/** Feature maps Φ of the experiment-design utilities (MATH.md §5), evaluated in plain Java. */
package dev.fdc.numerics.features;
