package dev.fdc.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code /proc/cpuinfo} parsing and the automatic precision it implies. */
class CpuFeaturesTest {

    static final String SAPPHIRE_RAPIDS = """
            processor	: 0
            vendor_id	: GenuineIntel
            model name	: Intel(R) Xeon(R) Platinum 8480+
            flags		: fpu sse2 avx2 fma avx512f avx512bw avx512_bf16 amx_bf16 amx_tile amx_int8

            processor	: 1
            vendor_id	: GenuineIntel
            model name	: Intel(R) Xeon(R) Platinum 8480+
            flags		: fpu sse2
            """;

    static final String EPYC_ZEN5 = """
            processor	: 0
            vendor_id	: AuthenticAMD
            model name	: AMD EPYC
            flags		: fpu sse2 avx2 fma avx512f avx512bw avx512_bf16 avx512_vnni
            """;

    static final String EPYC_ZEN3 = """
            processor	: 0
            vendor_id	: AuthenticAMD
            model name	: AMD EPYC 7B13
            flags		: fpu sse2 avx2 fma
            """;

    @Test
    void readsTheFirstProcessorsVendorModelAndFlags() {
        CpuFeatures c = CpuFeatures.parse(SAPPHIRE_RAPIDS);
        assertEquals("GenuineIntel", c.vendor());
        assertEquals("Intel(R) Xeon(R) Platinum 8480+", c.modelName());
        assertTrue(c.hasAvx512() && c.hasAvx512Bf16() && c.hasAmxBf16() && c.hasBf16());
        assertFalse(c.isAmd());
        assertEquals("avx2 fma avx512f avx512_bf16 amx_tile amx_bf16", c.kernelFlags());
    }

    @Test
    void bf16WithoutAmxAndNoBf16AtAll() {
        CpuFeatures zen5 = CpuFeatures.parse(EPYC_ZEN5);
        assertTrue(zen5.isAmd() && zen5.hasAvx512Bf16() && zen5.hasBf16());
        assertFalse(zen5.hasAmxBf16());
        CpuFeatures zen3 = CpuFeatures.parse(EPYC_ZEN3);
        assertFalse(zen3.hasBf16() || zen3.hasAvx512());
        assertEquals("unknown", CpuFeatures.parse("").vendor());
    }

    @Test
    void automaticPrecisionIsBf16OnlyWithAmx() {
        assertEquals(Precision.BF16, Precision.automatic(CpuFeatures.parse(SAPPHIRE_RAPIDS)));
        assertEquals(Precision.FP32, Precision.automatic(CpuFeatures.parse(EPYC_ZEN5)));
        assertEquals(Precision.FP32, Precision.automatic(CpuFeatures.parse(EPYC_ZEN3)));
    }

    @Test
    void parsesPrecisionNamesAndNamesTheChoicesOnError() {
        assertEquals(Precision.FP32, Precision.parse("fp32"));
        assertEquals(Precision.BF16, Precision.parse(" BF16 "));
        assertEquals(Precision.automatic(CpuFeatures.current()), Precision.parse("auto"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Precision.parse("fp16"));
        assertTrue(e.getMessage().contains("fp32, bf16 or auto"), e.getMessage());
    }
}
