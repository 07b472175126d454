package dev.fdc.gpu;

import java.util.Locale;

/**
 * The element type the networks of the sampler and the Adjoint Matching loss compute in. FP32
 * throughout, or BF16: the network's matrix products and activations in bfloat16 from fp32
 * master weights (cast on every forward, so gradients reach the fp32 parameters), with the
 * states, the loss arithmetic and the adjoint in fp32.
 */
public enum Precision {
    /** float32 everywhere. */
    FP32,
    /** bfloat16 networks for sampling and the loss, fp32 elsewhere. */
    BF16;

    /**
     * Parses {@code fp32}, {@code bf16} or {@code auto} (case-insensitive); {@code auto} is
     * {@link #automatic(CpuFeatures)} of this machine.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Precision parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "fp32":
                return FP32;
            case "bf16":
                return BF16;
            case "auto":
                return automatic(CpuFeatures.current());
            default:
                throw new IllegalArgumentException("unknown precision '" + name + "', expected fp32, bf16 or auto");
        }
    }

    /**
     * BF16 where the CPU has AMX-BF16 tiles, FP32 otherwise. AVX512-BF16 alone does not select
     * bf16: on an AMD EPYC (Zen 5) libtorch's oneDNN bf16 matmul measured slower than the fp32
     * one (docs/BENCHMARKS.md).
     */
    public static Precision automatic(CpuFeatures cpu) {
        return cpu.hasAmxBf16() ? BF16 : FP32;
    }

    /** The lower-case name used by flags and configs. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
