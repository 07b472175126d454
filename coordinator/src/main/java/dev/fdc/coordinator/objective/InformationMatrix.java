package dev.fdc.coordinator.objective;

import dev.fdc.coordinator.statistics.StatisticsSnapshot;
import dev.fdc.coordinator.statistics.StatisticsSnapshot.FeatureMoments;
import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.numerics.linalg.Cholesky;
import dev.fdc.protocol.v1.FeatureQuadratic;
import dev.fdc.protocol.v1.LinearizedTerm;

/**
 * The regularized information matrix M = E_p[Φ Φᵀ] + λI of the experiment-design terms (MATH.md
 * §5), factored once, with what the D- and A-optimal terms read from it.
 */
final class InformationMatrix {

    private final FeatureMap map;
    private final int p;
    private final Cholesky factor;

    private InformationMatrix(FeatureMap map, int p, Cholesky factor) {
        this.map = map;
        this.p = p;
        this.factor = factor;
    }

    /** M = E[ΦΦᵀ] + λI from the snapshot's second moment of {@code map}. */
    static InformationMatrix of(StatisticsSnapshot statistics, FeatureMap map, double lambda) {
        FeatureMoments fm = statistics.featureMoments(map);
        int p = fm.featureDim();
        double[] m = fm.secondMoment();
        for (int i = 0; i < p; i++) {
            m[i * p + i] += lambda;
        }
        return new InformationMatrix(map, p, Cholesky.factor(m, p));
    }

    /** log det M. */
    double logDeterminant() {
        return factor.logDeterminant();
    }

    /** M⁻¹. */
    double[] inverse() {
        return factor.inverse();
    }

    /** tr M⁻¹. */
    double traceOfInverse() {
        double[] inv = factor.inverse();
        double t = 0;
        for (int i = 0; i < p; i++) {
            t += inv[i * p + i];
        }
        return t;
    }

    /** M⁻². */
    double[] inverseSquared() {
        double[] inv = factor.inverse();
        return Cholesky.multiply(inv, inv, p);
    }

    /** The term 2 J_Φ(x)ᵀ B Φ(x) with the given matrix B and weight. */
    LinearizedTerm term(String label, double weight, double[] b) {
        FeatureQuadratic.Builder fq =
                FeatureQuadratic.newBuilder().setFeatures(map.wireName()).setFeatureDim(p);
        for (double v : b) {
            fq.addMatrix(v);
        }
        return LinearizedTerm.newBuilder()
                .setLabel(label)
                .setWeight(weight)
                .setFeatureQuadratic(fq)
                .build();
    }
}
