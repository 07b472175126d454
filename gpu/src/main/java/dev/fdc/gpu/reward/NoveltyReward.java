package dev.fdc.gpu.reward;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.OwnedArrays;

/**
 * A 2-D landscape that rewards the upper tail (the novelty-seeking experiment): a low, smooth
 * background hill under the pre-trained mass (about N(0, I₂)) plus a few high, narrow spikes away
 * from it, which a typical sample never reaches but the superquantile SQ_β (β near 1) goes after:
 *
 * <pre>
 *   r(x) = b · exp(−‖x‖² / (2 w_b²)) + h · Σ_k exp(−‖x − c_k‖² / (2 w²))
 *   ∇r(x) = −b (x / w_b²) exp(−‖x‖² / (2 w_b²)) − h Σ_k ((x − c_k) / w²) exp(−‖x − c_k‖² / (2 w²))
 * </pre>
 *
 * The centers c_k lie on a circle of radius ρ at angles φ₀ + 2πk/K, k = 0 … K − 1, unless the
 * vector {@code centers} gives them explicitly (x₁, x₂ pairs, flat).
 * Parameters (analytic name {@code novelty}) and defaults: {@code background} b = 0.5,
 * {@code background_width} w_b = 2, {@code spike_height} h = 5, {@code spike_width} w = 0.2,
 * {@code spike_radius} ρ = 2.5, {@code spike_count} K = 3, {@code spike_phase} φ₀ = π/4 (radians),
 * vector {@code centers} (optional).
 */
public final class NoveltyReward implements TerminalReward {

    private final double background;
    private final double backgroundWidth;
    private final double spikeHeight;
    private final double spikeWidth;
    private final double[] centers;

    /**
     * @param centers spike centers, flat (x₁, x₂) pairs
     */
    public NoveltyReward(
            double background, double backgroundWidth, double spikeHeight, double spikeWidth, double[] centers) {
        if (!(backgroundWidth > 0) || !(spikeWidth > 0) || centers.length % 2 != 0) {
            throw new IllegalArgumentException("novelty reward needs background_width > 0, spike_width > 0 and "
                    + "centers as (x₁, x₂) pairs; got " + backgroundWidth + ", " + spikeWidth + ", " + centers.length
                    + " values");
        }
        this.background = background;
        this.backgroundWidth = backgroundWidth;
        this.spikeHeight = spikeHeight;
        this.spikeWidth = spikeWidth;
        this.centers = centers.clone();
    }

    /** K centers on a circle of radius ρ at angles φ₀ + 2πk/K. */
    public static double[] ring(int count, double radius, double phase) {
        if (count < 0) {
            throw new IllegalArgumentException("spike_count must be ≥ 0, got " + count);
        }
        double[] c = new double[2 * count];
        for (int k = 0; k < count; k++) {
            double a = phase + 2 * Math.PI * k / count;
            c[2 * k] = radius * Math.cos(a);
            c[2 * k + 1] = radius * Math.sin(a);
        }
        return c;
    }

    /** The defaults of the class comment. */
    public static NoveltyReward defaults() {
        return new NoveltyReward(0.5, 2, 5, 0.2, ring(3, 2.5, Math.PI / 4));
    }

    @Override
    public NDArray value(NDArray x) {
        Planar.requireDim(x, 2, "novelty");
        NDArray r = bump(x.square().sum(new int[] {1}), backgroundWidth).mul(background);
        if (centers.length > 0) {
            NDArray diff = differences(x); // [B, K, 2]
            r = r.add(bump(diff.square().sum(new int[] {2}), spikeWidth)
                    .sum(new int[] {1})
                    .mul(spikeHeight));
        }
        return r;
    }

    @Override
    public NDArray gradient(NDArray x) {
        Planar.requireDim(x, 2, "novelty");
        NDArray kb = bump(x.square().sum(new int[] {1}), backgroundWidth).expandDims(1);
        NDArray g = x.mul(kb).mul(-background / (backgroundWidth * backgroundWidth));
        if (centers.length > 0) {
            NDArray diff = differences(x);
            NDArray k = bump(diff.square().sum(new int[] {2}), spikeWidth).expandDims(2); // [B, K, 1]
            g = g.add(diff.mul(k).sum(new int[] {1}).mul(-spikeHeight / (spikeWidth * spikeWidth)));
        }
        return g;
    }

    /** x − c_k for every row and center: [B, K, 2]. */
    private NDArray differences(NDArray x) {
        NDArray c = OwnedArrays.of(x.getManager(), centers, new Shape(1, centers.length / 2, 2), x.getDataType());
        return x.expandDims(1).sub(c);
    }

    private static NDArray bump(NDArray squaredDistance, double width) {
        return squaredDistance.mul(-1.0 / (2 * width * width)).exp();
    }
}
