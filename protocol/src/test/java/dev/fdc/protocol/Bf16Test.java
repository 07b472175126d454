package dev.fdc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** bf16 rounding against hand-computed bit patterns: round to nearest, ties to even. */
class Bf16Test {

    @ParameterizedTest(name = "fp32 0x{0} -> bf16 0x{1} ({2})")
    @CsvSource({
        "3F800000, 3F80, 1.0 exactly representable",
        "BF800000, BF80, -1.0",
        "00000000, 0000, +0",
        "80000000, 8000, -0 keeps its sign",
        "3F807FFF, 3F80, just below the halfway point rounds down",
        "3F808000, 3F80, tie between 0x3F80 and 0x3F81 goes to the even 0x3F80",
        "3F808001, 3F81, just above the halfway point rounds up",
        "3F818000, 3F82, tie between 0x3F81 and 0x3F82 goes to the even 0x3F82",
        "BF818000, BF82, negative tie goes to even too",
        "3F80FFFF, 3F81, rounds up into the next mantissa value",
        "3FFFFFFF, 4000, mantissa carry bumps the exponent",
        "7F7F0000, 7F7F, largest finite bf16",
        "7F7F7FFF, 7F7F, just below the tie above the largest finite stays finite",
        "7F7F8000, 7F80, tie above the largest finite (odd) rounds to +Inf",
        "7F7FFFFF, 7F80, Float.MAX_VALUE rounds to +Inf",
        "FF7FFFFF, FF80, -Float.MAX_VALUE rounds to -Inf",
        "7F800000, 7F80, +Inf",
        "FF800000, FF80, -Inf",
        "7FC00000, 7FC0, canonical quiet NaN",
        "7F800001, 7FC0, NaN with only low payload bits stays NaN (not Inf)",
        "FF800001, FFC0, negative NaN keeps its sign",
        "7FA00000, 7FE0, signalling NaN becomes quiet with its payload",
        "00000001, 0000, smallest fp32 subnormal rounds to +0",
        "80000001, 8000, smallest negative subnormal rounds to -0",
        "00010000, 0001, smallest bf16 subnormal is exact",
        "00008000, 0000, tie between 0 and the smallest subnormal goes to even 0",
        "00008001, 0001, above that tie rounds up",
        "00018000, 0002, subnormal tie goes to the even 0x0002",
        "007FFFFF, 0080, largest fp32 subnormal rounds up to the smallest normal",
    })
    void roundsToNearestEven(String fp32Hex, String bf16Hex, String why) {
        float value = Float.intBitsToFloat(Integer.parseUnsignedInt(fp32Hex, 16));
        short expected = (short) Integer.parseInt(bf16Hex, 16);
        assertEquals(
                String.format("%04X", expected & 0xFFFF), String.format("%04X", Bf16.fromFloat(value) & 0xFFFF), why);
    }

    @Test
    void everyBf16ValueSurvivesARoundTrip() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            float value = Bf16.toFloat((short) bits);
            short back = Bf16.fromFloat(value);
            if (Float.isNaN(value)) {
                assertTrue(Float.isNaN(Bf16.toFloat(back)), "NaN 0x" + Integer.toHexString(bits) + " stays NaN");
                assertEquals(bits & 0x8000, back & 0x8000, "NaN sign of 0x" + Integer.toHexString(bits));
            } else {
                assertEquals(bits, back & 0xFFFF, "bf16 0x" + Integer.toHexString(bits));
            }
        }
    }

    @Test
    void decodingIsTheUpperHalfOfFp32() {
        assertEquals(1.0f, Bf16.toFloat((short) 0x3F80));
        assertEquals(-2.0f, Bf16.toFloat((short) 0xC000));
        assertEquals(Float.POSITIVE_INFINITY, Bf16.toFloat((short) 0x7F80));
        assertEquals(Float.NEGATIVE_INFINITY, Bf16.toFloat((short) 0xFF80));
        assertTrue(Float.isNaN(Bf16.toFloat((short) 0x7FC0)));
        assertEquals(Float.intBitsToFloat(0x00010000), Bf16.toFloat((short) 0x0001));
    }

    @Test
    void relativeErrorOfNormalValuesIsAtMostHalfAnUlp() {
        // bf16 keeps p = 8 significant bits, so round-to-nearest errs by at most half an ulp, i.e.
        // the unit roundoff 2^-p = 2^-8 relative; nearest also means the neighbour on the other side
        // (one bf16 ulp away) is never closer.
        float[] values = TestTensors.random(100_000, 7);
        for (float v : values) {
            float rounded = Bf16.toFloat(Bf16.fromFloat(v));
            assertTrue(Math.abs(rounded - v) <= Math.abs(v) * 0x1p-8f, () -> v + " -> " + rounded);
            short bits = Bf16.fromFloat(v);
            float up = Bf16.toFloat((short) (bits + 1));
            float down = Bf16.toFloat((short) (bits - 1));
            assertTrue(
                    Math.abs(rounded - v) <= Math.abs(up - v) && Math.abs(rounded - v) <= Math.abs(down - v),
                    () -> v + " -> " + rounded + " but a neighbour is closer");
        }
    }
}
