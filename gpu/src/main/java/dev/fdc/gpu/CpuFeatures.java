package dev.fdc.gpu;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU this JVM runs on, as Linux reports it in {@code /proc/cpuinfo}: vendor, model name and
 * the instruction-set flags that decide fdc's kernels (AVX-512, AVX512-BF16, AMX). Elsewhere
 * (no {@code /proc/cpuinfo}) every flag reads absent.
 */
public record CpuFeatures(String vendor, String modelName, Set<String> flags) {

    private static final CpuFeatures CURRENT = read(Path.of("/proc/cpuinfo"));

    /** Defensive copy of the flags. */
    public CpuFeatures {
        flags = Set.copyOf(flags);
    }

    /** This machine's CPU. */
    public static CpuFeatures current() {
        return CURRENT;
    }

    /** Parses a {@code /proc/cpuinfo}-style file (the first processor's entries). */
    public static CpuFeatures read(Path cpuinfo) {
        try {
            return parse(Files.readString(cpuinfo, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return new CpuFeatures("unknown", "unknown", Set.of());
        }
    }

    /** Parses the text of a {@code /proc/cpuinfo}-style file (the first processor's entries). */
    public static CpuFeatures parse(String text) {
        String vendor = "unknown";
        String model = "unknown";
        Set<String> flags = new TreeSet<>();
        boolean vendorSeen = false;
        boolean modelSeen = false;
        boolean flagsSeen = false;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim();
            String value = line.substring(colon + 1).trim();
            if (key.equals("vendor_id") && !vendorSeen) {
                vendor = value;
                vendorSeen = true;
            } else if (key.equals("model name") && !modelSeen) {
                model = value;
                modelSeen = true;
            } else if (key.equals("flags") && !flagsSeen) {
                for (String f : value.split("\\s+")) {
                    if (!f.isEmpty()) {
                        flags.add(f.toLowerCase(Locale.ROOT));
                    }
                }
                flagsSeen = true;
            }
        }
        return new CpuFeatures(vendor, model, flags);
    }

    /** AVX-512 foundation. */
    public boolean hasAvx512() {
        return flags.contains("avx512f");
    }

    /** The AVX-512 bfloat16 dot products ({@code avx512_bf16}). */
    public boolean hasAvx512Bf16() {
        return flags.contains("avx512_bf16");
    }

    /** Intel AMX tiles with bfloat16 ({@code amx_bf16} and {@code amx_tile}). */
    public boolean hasAmxBf16() {
        return flags.contains("amx_bf16") && flags.contains("amx_tile");
    }

    /** Any bfloat16 matrix instructions (AVX512-BF16 or AMX-BF16). */
    public boolean hasBf16() {
        return hasAvx512Bf16() || hasAmxBf16();
    }

    /** An AMD processor. */
    public boolean isAmd() {
        return vendor.equals("AuthenticAMD");
    }

    /** The flags that matter for fdc's kernels, for reports: e.g. "avx2 avx512f avx512_bf16". */
    public String kernelFlags() {
        StringBuilder b = new StringBuilder();
        for (String f : new String[] {"avx2", "fma", "avx512f", "avx512_bf16", "amx_tile", "amx_bf16"}) {
            if (flags.contains(f)) {
                b.append(b.length() == 0 ? "" : " ").append(f);
            }
        }
        return b.length() == 0 ? "(none of avx2, avx512f, avx512_bf16, amx)" : b.toString();
    }
}
