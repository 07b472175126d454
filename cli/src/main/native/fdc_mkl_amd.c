/*
 * libfdc_mkl_amd.so: preloaded by ./fdc on AMD processors with AVX-512 (fdc's launcher builds it
 * with the system C compiler on first use, into cli/target/native/).
 *
 * MKL, which DJL's libtorch links in, selects its kernels only after calling this function; the
 * original answers 0 on non-Intel processors and MKL then runs its AVX2 kernels whatever the
 * CPU's flags say. Answering 1 makes MKL pick the code path its own CPUID feature checks allow
 * (AVX-512 on Zen 4 and Zen 5). Nothing else is replaced; the numbers are those of MKL's AVX-512
 * kernels, equal to the AVX2 ones up to float rounding. See gpu/.../NativeKernels.java and
 * docs/BENCHMARKS.md for the measurement.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
