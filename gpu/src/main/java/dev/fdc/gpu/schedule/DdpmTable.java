package dev.fdc.gpu.schedule;

/**
 * The discrete DDPM noise table the paper's toy models were trained on (MATH.md §1,
 * fixtures/README.md): β_j = linspace(β_min/1000, β_max/1000, 1000) in float32, (1 − β_j) in
 * float32, ᾱ_i = ∏_{j≤i}(1 − β_j) accumulated in float64 and rounded to float32,
 * σ_i = √(1 − ᾱ_i). Flow time t maps to index i = rint(float32(1 − t) · 999), round half to even,
 * clamped to [0, 999].
 */
public final class DdpmTable {

    /** Number of discrete diffusion steps. */
    public static final int STEPS = 1000;

    private final float[] alphaBar = new float[STEPS];
    private final float[] sigma = new float[STEPS];

    /** The table for a VP schedule's β range. */
    public DdpmTable(VpSchedule schedule) {
        double lo = schedule.betaMin() / STEPS;
        double hi = schedule.betaMax() / STEPS;
        double product = 1.0;
        for (int j = 0; j < STEPS; j++) {
            float betaJ = (float) (lo + (hi - lo) * j / (STEPS - 1));
            float keep = 1f - betaJ;
            product *= keep;
            alphaBar[j] = (float) product;
            sigma[j] = (float) Math.sqrt(1.0 - (double) alphaBar[j]);
        }
    }

    /** The table index of flow time t. */
    public static int index(double t) {
        float tau = (float) (1.0 - t);
        double i = Math.rint(tau * 999f);
        return (int) Math.max(0, Math.min(STEPS - 1, i));
    }

    /** ᾱ_i. */
    public float alphaBar(int i) {
        return alphaBar[i];
    }

    /** σ_i = √(1 − ᾱ_i). */
    public float sigma(int i) {
        return sigma[i];
    }

    /** σ_i at the index of flow time t. */
    public float sigmaAt(double t) {
        return sigma[index(t)];
    }
}
