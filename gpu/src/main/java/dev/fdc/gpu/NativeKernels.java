package dev.fdc.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which fp32 matrix kernels libtorch's MKL runs on this machine. MKL (linked into DJL's libtorch)
 * picks its code path only after asking {@code mkl_serv_intel_cpu_true()}; on AMD processors that
 * answers 0 and MKL runs its AVX2 kernels even where the CPU has AVX-512 (on an AMD EPYC Zen 5,
 * a 512×512×512 sgemm took 3.0–3.6 ms instead of 1.4–1.8 ms). The {@code ./fdc} launcher
 * preloads {@code libfdc_mkl_amd.so} on AMD CPUs with AVX-512, a shim whose only symbol is that
 * function returning 1, so MKL takes the code path the CPU's flags allow. This class reports
 * whether the shim is in this process, and the launcher's other native setting, glibc malloc's
 * tunables (without them every large tensor is a fresh mmap whose pages fault in on first touch:
 * ~31,000 page faults per Adjoint Matching iteration of the benchmark, ~40 % of its CPU time).
 */
public final class NativeKernels {

    /** The shim's file name (cli/src/main/native/fdc_mkl_amd.c, built by the launcher). */
    public static final String SHIM = "libfdc_mkl_amd.so";

    private NativeKernels() {}

    /** True when the shim is mapped into this process. */
    public static boolean shimLoaded() {
        try {
            return Files.readString(Path.of("/proc/self/maps"), StandardCharsets.ISO_8859_1)
                    .contains(SHIM);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The glibc malloc tunables of this process ({@code GLIBC_TUNABLES}), or "glibc malloc defaults". */
    public static String mallocTuning() {
        String t = System.getenv("GLIBC_TUNABLES");
        return t == null || t.isBlank() ? "glibc malloc defaults" : "GLIBC_TUNABLES=" + t;
    }

    /** One sentence on MKL's code path here, for benchmark headers. */
    public static String mklDispatch() {
        CpuFeatures cpu = CpuFeatures.current();
        if (!cpu.isAmd()) {
            return "MKL dispatches by its own CPU check (" + cpu.vendor() + ")";
        }
        if (shimLoaded()) {
            return "AMD CPU, " + SHIM + " preloaded: MKL takes the code path of the CPU's flags"
                    + (cpu.hasAvx512() ? " (AVX-512)" : "");
        }
        return "AMD CPU without " + SHIM + ": MKL runs its AVX2 kernels"
                + (cpu.hasAvx512()
                        ? " although the CPU has AVX-512 (./fdc preloads the shim unless FDC_MKL_SHIM=off;"
                                + " building it needs cc)"
                        : "");
    }
}
