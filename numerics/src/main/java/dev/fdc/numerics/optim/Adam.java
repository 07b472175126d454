package dev.fdc.numerics.optim;

/**
 * Adam (Kingma &amp; Ba, 2015) on flat float arrays, with its state exportable and importable
 * (DJL's Adam keeps its moments private). With bias correction:
 *
 * <pre>
 *   m ← β₁ m + (1 − β₁) g,   v ← β₂ v + (1 − β₂) g²,
 *   θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε) − lr · λ θ   (decoupled weight decay λ)
 * </pre>
 *
 * Arithmetic is in double per element and rounded to float once, in a fixed order: results are
 * bit-for-bit reproducible.
 */
public final class Adam {

    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final double weightDecay;
    private float[] m;
    private float[] v;
    private long step;

    /** Adam with the given hyper-parameters and zero moments for {@code size} parameters. */
    public Adam(int size, double beta1, double beta2, double epsilon, double weightDecay) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(epsilon > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam needs 0 ≤ β₁, β₂ < 1, ε > 0, weight decay ≥ 0; got " + beta1 + ", "
                    + beta2 + ", " + epsilon + ", " + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.weightDecay = weightDecay;
        this.m = new float[size];
        this.v = new float[size];
    }

    /** Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8, no weight decay. */
    public static Adam standard(int size) {
        return new Adam(size, 0.9, 0.999, 1e-8, 0.0);
    }

    /** One update of {@code params} in place with gradient {@code grad} and learning rate lr. */
    public void step(float[] params, float[] grad, double lr) {
        if (params.length != m.length || grad.length != m.length) {
            throw new IllegalArgumentException("Adam has " + m.length + " moments, got " + params.length
                    + " parameters and " + grad.length + " gradients");
        }
        step++;
        double c1 = 1.0 - Math.pow(beta1, step);
        double c2 = 1.0 - Math.pow(beta2, step);
        for (int i = 0; i < params.length; i++) {
            double g = grad[i];
            double mi = beta1 * m[i] + (1.0 - beta1) * g;
            double vi = beta2 * v[i] + (1.0 - beta2) * g * g;
            m[i] = (float) mi;
            v[i] = (float) vi;
            double update = (mi / c1) / (Math.sqrt(vi / c2) + epsilon) + weightDecay * params[i];
            params[i] = (float) (params[i] - lr * update);
        }
    }

    /** Steps taken since construction or the last {@link #reset()}. */
    public long stepCount() {
        return step;
    }

    /** Zero moments and step count: a new problem (each mirror step, MATH.md §3). */
    public void reset() {
        java.util.Arrays.fill(m, 0f);
        java.util.Arrays.fill(v, 0f);
        step = 0;
    }

    /** A copy of the state. */
    public AdamState exportState() {
        return new AdamState(m, v, step);
    }

    /** Replaces the state with a copy of {@code state}. */
    public void importState(AdamState state) {
        if (state.firstMoment().length != m.length) {
            throw new IllegalArgumentException(
                    "state has " + state.firstMoment().length + " moments, the optimizer " + m.length);
        }
        this.m = state.firstMoment().clone();
        this.v = state.secondMoment().clone();
        this.step = state.step();
    }
}
