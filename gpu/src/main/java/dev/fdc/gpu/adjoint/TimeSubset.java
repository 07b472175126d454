package dev.fdc.gpu.adjoint;

import dev.fdc.numerics.random.CounterRng;

/**
 * The time indices S ⊂ {0, …, L−1} the Adjoint Matching loss is evaluated at (MATH.md §3): the
 * last {@code last} indices (closest to data, always) plus {@code random} indices drawn uniformly
 * without replacement from the rest. The default sizes are ⌊L/4⌋ each (at least 1).
 */
public final class TimeSubset {

    private TimeSubset() {}

    /** The default size of each part for L grid steps: max(1, ⌊L/4⌋). */
    public static int defaultPart(int steps) {
        return Math.max(1, steps / 4);
    }

    /** Sorted indices: {@code random} drawn from [0, L − last) by {@code rng}, then [L − last, L). */
    public static int[] draw(int steps, int last, int random, CounterRng rng) {
        if (last < 1 || last > steps || random < 0 || random > steps - last) {
            throw new IllegalArgumentException("time subset needs 1 ≤ last ≤ L and 0 ≤ random ≤ L − last; got L = "
                    + steps + ", last = " + last + ", random = " + random);
        }
        int[] early = rng.choose(steps - last, random);
        int[] out = new int[random + last];
        System.arraycopy(early, 0, out, 0, random);
        for (int i = 0; i < last; i++) {
            out[random + i] = steps - last + i;
        }
        return out;
    }
}
