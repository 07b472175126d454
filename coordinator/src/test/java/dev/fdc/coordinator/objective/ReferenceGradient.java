package dev.fdc.coordinator.objective;

import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.v1.FeatureQuadratic;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.ScoreModel;
import dev.fdc.protocol.v1.Witness;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * A tiny pure-Java reference of what a worker computes: ∇_x of the terminal reward
 * scale · Σ_i weight_i · term_i at a point x, for analytic test worlds (a known reward and its
 * gradient, known score fields of BASE and PRE, sample sets by content id). Written from the
 * semantics in reward.proto, independently of the production code (the witness kernel included).
 */
final class ReferenceGradient {

    /** A reward r with its gradient. */
    interface Reward {
        double value(double[] x);

        double[] gradient(double[] x);
    }

    /** A score field s(x, t). */
    interface ScoreField {
        double[] at(double[] x, double t);
    }

    private Reward reward;
    private final Map<ScoreModel, ScoreField> scores = new EnumMap<>(ScoreModel.class);
    private final Map<String, float[]> samples = new HashMap<>();

    ReferenceGradient withReward(Reward r) {
        this.reward = r;
        return this;
    }

    ReferenceGradient withScore(ScoreModel model, ScoreField field) {
        scores.put(model, field);
        return this;
    }

    ReferenceGradient withSamples(String contentId, float[] values) {
        samples.put(contentId, values);
        return this;
    }

    /** ∇_x of the whole linearized reward. */
    double[] gradient(LinearizedReward lr, double[] x) {
        double[] g = new double[x.length];
        for (LinearizedTerm t : lr.getTermsList()) {
            double[] gt = termGradient(t, x);
            for (int i = 0; i < x.length; i++) {
                g[i] += lr.getScale() * t.getWeight() * gt[i];
            }
        }
        return g;
    }

    /** ∇_x of one term, without its weight. */
    double[] termGradient(LinearizedTerm t, double[] x) {
        switch (t.getKindCase()) {
            case REWARD_GRADIENT:
                return rewardGradient(t.getRewardGradient(), x);
            case SCORE:
                return scores.get(t.getScore().getModel()).at(x, t.getScore().getTEval());
            case FEATURE_QUADRATIC:
                return featureQuadratic(t.getFeatureQuadratic(), x);
            case WITNESS:
                return witness(t.getWitness(), x);
            default:
                throw new UnsupportedOperationException("no reference for " + t.getKindCase());
        }
    }

    private double[] rewardGradient(RewardGradient rg, double[] x) {
        double r = reward.value(x);
        double f;
        switch (rg.getFactorCase()) {
            case UNIT -> f = 1;
            case BELOW -> f = r <= rg.getBelow().getThreshold() ? rg.getBelow().getScale() : 0;
            case ABOVE -> f = r >= rg.getAbove().getThreshold() ? rg.getAbove().getScale() : 0;
            case AFFINE -> f = rg.getAffine().getA() + rg.getAffine().getB() * r;
            default -> throw new IllegalArgumentException("no factor");
        }
        double[] g = reward.gradient(x);
        for (int i = 0; i < g.length; i++) {
            g[i] *= f;
        }
        return g;
    }

    /** 2 J_Φ(x)ᵀ B Φ(x). */
    private static double[] featureQuadratic(FeatureQuadratic fq, double[] x) {
        FeatureMap map = FeatureMap.byName(fq.getFeatures());
        double[] phi = map.apply(x);
        double[] j = map.jacobian(x);
        int p = fq.getFeatureDim();
        int d = x.length;
        double[] bphi = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b = 0; b < p; b++) {
                bphi[a] += fq.getMatrix(a * p + b) * phi[b];
            }
        }
        double[] g = new double[d];
        for (int k = 0; k < d; k++) {
            for (int a = 0; a < p; a++) {
                g[k] += 2 * j[a * d + k] * bphi[a];
            }
        }
        return g;
    }

    /** 2 (E_{y~cur} ∇_x k(x, y) − E_{y~pre} ∇_x k(x, y)), gaussian k. */
    private double[] witness(Witness w, double[] x) {
        double h = w.getKernel().getBandwidth();
        int d = w.getDim();
        double[] g = new double[d];
        addKernelGradientMean(g, x, samples.get(w.getCurrentSamples().getContentId()), d, h, 2);
        addKernelGradientMean(g, x, samples.get(w.getPreSamples().getContentId()), d, h, -2);
        return g;
    }

    private static void addKernelGradientMean(double[] g, double[] x, float[] ys, int d, double h, double factor) {
        int n = ys.length / d;
        for (int j = 0; j < n; j++) {
            double sq = 0;
            for (int k = 0; k < d; k++) {
                sq += (x[k] - ys[j * d + k]) * (x[k] - ys[j * d + k]);
            }
            double kv = Math.exp(-sq / (2 * h * h));
            for (int k = 0; k < d; k++) {
                g[k] += factor * (-(x[k] - ys[j * d + k]) / (h * h)) * kv / n;
            }
        }
    }
}
