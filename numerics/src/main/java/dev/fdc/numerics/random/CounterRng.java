package dev.fdc.numerics.random;

/**
 * A counter-based random stream: Philox4x32-10 (Salmon et al., SC 2011) keyed by a hash of
 * {@code (seed, purpose, indices...)}. Streams are pure functions of their key and of how many
 * numbers were drawn, so a task computes the same numbers whatever thread, worker or node runs
 * it, and a resumed run continues exactly where the interrupted one was. Not thread-safe: one
 * stream per computation.
 *
 * <p>Gaussians come from the Box–Muller transform of two 53-bit uniforms per pair.
 */
public final class CounterRng {

    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private final int k0;
    private final int k1;
    private final int c2;
    private final int c3;
    private long block;
    private final int[] buffer = new int[4];
    private int used = 4;
    private double spareNormal;
    private boolean hasSpare;

    private CounterRng(long key, long salt, long startBlock) {
        this.k0 = (int) key;
        this.k1 = (int) (key >>> 32);
        this.c2 = (int) salt;
        this.c3 = (int) (salt >>> 32);
        this.block = startBlock;
    }

    /** The stream for {@code (seed, purpose, indices...)}. */
    public static CounterRng of(long seed, Purpose purpose, long... indices) {
        long h1 = mix(seed ^ 0x6A09E667F3BCC909L);
        long h2 = mix(seed + 0x3C6EF372FE94F82BL);
        h1 = mix(h1 ^ purpose.id());
        h2 = mix(h2 + 31L * purpose.id());
        for (long i : indices) {
            h1 = mix(h1 ^ mix(i + 0x9E3779B97F4A7C15L));
            h2 = mix(h2 + mix(i ^ 0xBB67AE8584CAA73BL));
        }
        return new CounterRng(h1, h2, 0);
    }

    /** A child stream, independent of this one and of every other child index. */
    public CounterRng child(long index) {
        long key = mix(((long) k1 << 32 | (k0 & 0xffffffffL)) ^ mix(index + 0x510E527FADE682D1L));
        long salt = mix(((long) c3 << 32 | (c2 & 0xffffffffL)) + mix(index ^ 0x9B05688C2B3E6C1FL));
        return new CounterRng(key, salt, 0);
    }

    /** The next 32 random bits. */
    public int nextInt() {
        if (used == 4) {
            philox(block++, buffer);
            used = 0;
        }
        return buffer[used++];
    }

    /** Uniform in [0, 1) with 53 random bits. */
    public double nextDouble() {
        long hi = (nextInt() & 0xffffffffL) >>> 6; // 26 bits
        long lo = (nextInt() & 0xffffffffL) >>> 5; // 27 bits
        return ((hi << 27) | lo) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long limit = (0x1_0000_0000L / bound) * bound;
        long r;
        do {
            r = nextInt() & 0xffffffffL;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** A standard normal variate. */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareNormal;
        }
        double u1 = 1.0 - nextDouble(); // (0, 1]
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        double a = 2.0 * Math.PI * u2;
        spareNormal = r * Math.sin(a);
        hasSpare = true;
        return r * Math.cos(a);
    }

    /** Fills {@code out} with standard normal variates. */
    public void fillGaussian(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) nextGaussian();
        }
    }

    /** Fills {@code out} with standard normal variates. */
    public void fillGaussian(double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = nextGaussian();
        }
    }

    /** Fills {@code out} with uniforms in [0, 1). */
    public void fillUniform(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) nextDouble();
        }
    }

    /** Fills {@code out} with Rademacher variates (±1). */
    public void fillRademacher(float[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = (nextInt() & 1) == 0 ? -1f : 1f;
        }
    }

    /** {@code k} distinct integers drawn uniformly from [0, n), in increasing order. */
    public int[] choose(int n, int k) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot choose " + k + " of " + n);
        }
        int[] pool = new int[n];
        for (int i = 0; i < n; i++) {
            pool[i] = i;
        }
        for (int i = 0; i < k; i++) { // partial Fisher–Yates
            int j = i + nextInt(n - i);
            int tmp = pool[i];
            pool[i] = pool[j];
            pool[j] = tmp;
        }
        int[] out = java.util.Arrays.copyOf(pool, k);
        java.util.Arrays.sort(out);
        return out;
    }

    /** Philox4x32-10 of counter (block, c2, c3) under this stream's key. */
    private void philox(long counter, int[] out) {
        int x0 = (int) counter;
        int x1 = (int) (counter >>> 32);
        int x2 = c2;
        int x3 = c3;
        int key0 = k0;
        int key1 = k1;
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xffffffffL) * (x0 & 0xffffffffL);
            long p1 = (M1 & 0xffffffffL) * (x2 & 0xffffffffL);
            int y0 = (int) (p1 >>> 32) ^ x1 ^ key0;
            int y1 = (int) p1;
            int y2 = (int) (p0 >>> 32) ^ x3 ^ key1;
            int y3 = (int) p0;
            x0 = y0;
            x1 = y1;
            x2 = y2;
            x3 = y3;
            key0 += W0;
            key1 += W1;
        }
        out[0] = x0;
        out[1] = x1;
        out[2] = x2;
        out[3] = x3;
    }

    /** Philox4x32-10 of a raw counter and key, for known-answer tests. */
    static int[] philox4x32(int[] counter, int[] key) {
        CounterRng r = new CounterRng(
                (key[1] & 0xffffffffL) << 32 | (key[0] & 0xffffffffL),
                (counter[3] & 0xffffffffL) << 32 | (counter[2] & 0xffffffffL),
                0);
        int[] out = new int[4];
        r.philox((counter[1] & 0xffffffffL) << 32 | (counter[0] & 0xffffffffL), out);
        return out;
    }

    /** SplitMix64's finalizer. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
