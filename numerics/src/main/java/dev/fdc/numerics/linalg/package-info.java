/**
 * Small dense linear algebra on row-major {@code double[]}: Cholesky factorization (solve,
 * inverse, log-determinant of SPD matrices) and Gauss–Jordan inverses of general matrices.
 */
package dev.fdc.numerics.linalg;
