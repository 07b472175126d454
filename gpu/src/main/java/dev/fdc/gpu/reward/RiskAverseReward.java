package dev.fdc.gpu.reward;

import ai.djl.ndarray.NDArray;

/**
 * A 2-D landscape on which the mean and the lower tail of the reward disagree (the risk-averse
 * experiment). The reward is minus a cost with three regions, for a pre-trained law of about
 * N(0, I₂):
 *
 * <ul>
 *   <li>a <b>costly plateau</b> under the pre-trained mass, ‖x‖ ≲ R, cost c_P;
 *   <li>outside it, on the left (x₁ &lt; 0) a <b>moderate</b> region of constant cost c_M;
 *   <li>on the right (x₁ &gt; 0) a <b>low-cost</b> region (cost c_L) crossed by narrow horizontal
 *       <b>catastrophic stripes</b> of extra cost c_S, one every {@code stripe_period} in x₂.
 * </ul>
 *
 * With the defaults the stripes cover about 1/√(πk) ≈ 13 % of the right half, so its mean cost,
 * c_L + c_S/√(πk) ≈ 0.63, beats the moderate region's 1, but its worst 10 % cost about 3: the
 * expected reward prefers the striped right, CVaR_0.1 the moderate left. All switches are smooth:
 *
 * <pre>
 *   P(x) = σ((R − n(x)) / s),   n(x) = √(‖x‖² + 10⁻⁶)          plateau weight
 *   L(x) = σ(−x₁ / s)                                         left-half weight
 *   S(x) = ((1 + cos(2π x₂ / T)) / 2)^k                       stripes (width ≈ T √2 / (2π √k))
 *   O(x) = c_M L + (c_L + c_S S)(1 − L)                       cost outside the plateau
 *   cost(x) = c_P P + (1 − P) O,    r(x) = −cost(x)
 * </pre>
 *
 * with σ the logistic function; the gradient is the exact derivative of this formula.
 * Parameters (analytic name {@code risk_averse}) and defaults: {@code plateau_cost} c_P = 2,
 * {@code moderate_cost} c_M = 1, {@code low_cost} c_L = 0, {@code stripe_cost} c_S = 5,
 * {@code radius} R = 1.5, {@code softness} s = 0.25, {@code stripe_period} T = 1,
 * {@code stripe_sharpness} k = 20.
 */
public final class RiskAverseReward implements TerminalReward {

    private static final double NORM_SMOOTHING = 1e-6;

    private final double plateauCost;
    private final double moderateCost;
    private final double lowCost;
    private final double stripeCost;
    private final double radius;
    private final double softness;
    private final double stripePeriod;
    private final double stripeSharpness;

    /** The landscape with the given costs and geometry (see the class comment). */
    public RiskAverseReward(
            double plateauCost,
            double moderateCost,
            double lowCost,
            double stripeCost,
            double radius,
            double softness,
            double stripePeriod,
            double stripeSharpness) {
        if (!(softness > 0) || !(stripePeriod > 0) || !(stripeSharpness >= 1)) {
            throw new IllegalArgumentException("risk_averse reward needs softness > 0, stripe_period > 0 and "
                    + "stripe_sharpness ≥ 1; got " + softness + ", " + stripePeriod + ", " + stripeSharpness);
        }
        this.plateauCost = plateauCost;
        this.moderateCost = moderateCost;
        this.lowCost = lowCost;
        this.stripeCost = stripeCost;
        this.radius = radius;
        this.softness = softness;
        this.stripePeriod = stripePeriod;
        this.stripeSharpness = stripeSharpness;
    }

    /** The defaults of the class comment. */
    public static RiskAverseReward defaults() {
        return new RiskAverseReward(2, 1, 0, 5, 1.5, 0.25, 1, 20);
    }

    @Override
    public NDArray value(NDArray x) {
        Planar.requireDim(x, 2, "risk_averse");
        NDArray p = plateau(x);
        NDArray outside = outsideCost(x, stripes(x), left(x));
        return p.mul(plateauCost).add(p.neg().add(1).mul(outside)).neg();
    }

    @Override
    public NDArray gradient(NDArray x) {
        Planar.requireDim(x, 2, "risk_averse");
        NDArray x1 = Planar.column(x, 0);
        NDArray x2 = Planar.column(x, 1);
        // Plateau: ∇P = −P(1 − P)/s · x / n.
        NDArray n = norm(x);
        NDArray p = plateau(x);
        NDArray dp = p.mul(p.neg().add(1)).div(n).mul(-1.0 / softness); // multiplies x
        // Left half: ∂L/∂x₁ = −L(1 − L)/s.
        NDArray l = left(x);
        NDArray dl1 = l.mul(l.neg().add(1)).mul(-1.0 / softness);
        // Stripes: ∂S/∂x₂ = k b^{k−1} · (−sin θ / 2) · 2π/T, b = (1 + cos θ)/2, θ = 2π x₂/T.
        double w = 2 * Math.PI / stripePeriod;
        NDArray theta = x2.mul(w);
        NDArray b = theta.cos().add(1).mul(0.5);
        NDArray s = b.pow(stripeSharpness);
        NDArray ds2 = b.pow(stripeSharpness - 1).mul(theta.sin()).mul(-0.5 * w * stripeSharpness);
        NDArray o = outsideCost(x, s, l);
        // ∇O = (c_M − c_L − c_S S) ∇L + (1 − L) c_S ∇S.
        NDArray do1 = s.mul(-stripeCost).add(moderateCost - lowCost).mul(dl1);
        NDArray do2 = l.neg().add(1).mul(stripeCost).mul(ds2);
        // ∇cost = (c_P − O) ∇P + (1 − P) ∇O; r = −cost.
        NDArray outer = o.neg().add(plateauCost).mul(dp);
        NDArray inner = p.neg().add(1);
        NDArray g1 = outer.mul(x1).add(inner.mul(do1));
        NDArray g2 = outer.mul(x2).add(inner.mul(do2));
        return Planar.rows(g1, g2).neg();
    }

    private NDArray norm(NDArray x) {
        return x.square().sum(new int[] {1}).add(NORM_SMOOTHING).sqrt();
    }

    private NDArray plateau(NDArray x) {
        return Planar.logistic(norm(x).neg().add(radius).div(softness));
    }

    private NDArray left(NDArray x) {
        return Planar.logistic(Planar.column(x, 0).div(-softness));
    }

    private NDArray stripes(NDArray x) {
        NDArray theta = Planar.column(x, 1).mul(2 * Math.PI / stripePeriod);
        return theta.cos().add(1).mul(0.5).pow(stripeSharpness);
    }

    private NDArray outsideCost(NDArray x, NDArray stripes, NDArray left) {
        NDArray right = stripes.mul(stripeCost).add(lowCost).mul(left.neg().add(1));
        return left.mul(moderateCost).add(right);
    }
}
