package dev.fdc.protocol;

/**
 * Conversion of single values between fp32 and bfloat16, the upper half of an IEEE 754 binary32.
 *
 * <p>fp32 → bf16 rounds to nearest, ties to even; values beyond the largest bf16 round to ±∞ as
 * IEEE rounding prescribes, subnormals stay subnormal (or round to ±0), NaN stays a (quiet) NaN
 * with its sign. bf16 → fp32 is exact.
 */
public final class Bf16 {

    private static final int EXPONENT_AND_MANTISSA = 0x7FFF_FFFF;
    private static final int POSITIVE_INFINITY_BITS = 0x7F80_0000;
    private static final int QUIET_BIT = 0x0040;

    private Bf16() {}

    /** Returns the bf16 bit pattern nearest to {@code value} (ties to even). */
    public static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        if ((bits & EXPONENT_AND_MANTISSA) > POSITIVE_INFINITY_BITS) {
            // NaN: truncating could clear every mantissa bit and yield ∞; force the quiet bit.
            return (short) ((bits >>> 16) | QUIET_BIT);
        }
        int lowestKeptBit = (bits >>> 16) & 1;
        return (short) ((bits + 0x7FFF + lowestKeptBit) >>> 16);
    }

    /** Returns the fp32 value of the bf16 bit pattern {@code bits} (exact). */
    public static float toFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
