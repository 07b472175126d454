package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.protocol.v1.FeatureQuadratic;

/**
 * The experiment-design gradient 2 J_Φ(x)ᵀ B Φ(x) (MATH.md §5: B = M⁻¹ for D-optimal, M⁻² for
 * A-optimal), with the feature maps of {@code FeatureQuadratic.features}:
 *
 * <ul>
 *   <li>{@code identity}: Φ(x) = x, p = d;
 *   <li>{@code quadratic}: Φ(x) = (x, x_i x_j for i ≤ j), the pairs in row-major order (0,0),
 *       (0,1), …, (0,d−1), (1,1), …, p = d + d(d+1)/2 (the coordinator's {@code FeatureMap}).
 * </ul>
 *
 * B is the p×p row-major matrix of the message, used as given. The value is Φᵀ B Φ, whose
 * gradient equals this term's when B is symmetric (as M⁻¹ and M⁻² are). The quadratic part's
 * Jacobian is applied with 0/1 selection matrices S_I, S_J [P, d] of the pairs:
 * J_qᵀ v = (v ⊙ x S_Jᵀ) S_I + (v ⊙ x S_Iᵀ) S_J.
 */
final class FeatureQuadraticTerm implements TermEvaluator {

    private final boolean quadratic;
    private final int dim;
    private final int features;
    private final double[] matrix;
    private final double[] selectI;
    private final double[] selectJ;
    private final int pairs;

    FeatureQuadraticTerm(FeatureQuadratic proto, int dim, String label) {
        String where = "term '" + label + "' (feature_quadratic)";
        switch (proto.getFeatures()) {
            case "identity" -> quadratic = false;
            case "quadratic" -> quadratic = true;
            default ->
                throw new IllegalArgumentException(
                        where + ": unknown features '" + proto.getFeatures() + "', expected identity or quadratic");
        }
        this.dim = dim;
        this.pairs = quadratic ? dim * (dim + 1) / 2 : 0;
        this.features = dim + pairs;
        if (proto.getFeatureDim() != features) {
            throw new IllegalArgumentException(where + ": feature_dim is " + proto.getFeatureDim() + ", but "
                    + proto.getFeatures() + " features of dimension " + dim + " have " + features);
        }
        if (proto.getMatrixCount() != features * features) {
            throw new IllegalArgumentException(where + ": matrix has " + proto.getMatrixCount() + " entries, expected "
                    + features + "×" + features);
        }
        this.matrix =
                proto.getMatrixList().stream().mapToDouble(Double::doubleValue).toArray();
        this.selectI = new double[pairs * dim];
        this.selectJ = new double[pairs * dim];
        int at = 0;
        for (int i = 0; i < dim && quadratic; i++) {
            for (int j = i; j < dim; j++) {
                selectI[at * dim + i] = 1;
                selectJ[at * dim + j] = 1;
                at++;
            }
        }
    }

    @Override
    public NDArray gradient(NDArray x) {
        try (Autograd.Mode ignored = Autograd.disabled()) {
            if (!quadratic) {
                return x.matMul(constant(x, matrix, features, features).transpose())
                        .mul(2);
            }
            NDArray si = constant(x, selectI, pairs, dim);
            NDArray sj = constant(x, selectJ, pairs, dim);
            NDArray xi = x.matMul(si.transpose());
            NDArray xj = x.matMul(sj.transpose());
            NDArray phi = x.concat(xi.mul(xj), 1);
            NDArray v = phi.matMul(constant(x, matrix, features, features).transpose()); // rows (BΦ)ᵀ
            NDArray vLinear = v.get(":, 0:" + dim);
            NDArray vPairs = v.get(":, " + dim + ":");
            NDArray g =
                    vLinear.add(vPairs.mul(xj).matMul(si)).add(vPairs.mul(xi).matMul(sj));
            return g.mul(2);
        }
    }

    @Override
    public NDArray value(NDArray x) {
        try (Autograd.Mode ignored = Autograd.disabled()) {
            NDArray phi = x;
            if (quadratic) {
                NDArray xi = x.matMul(constant(x, selectI, pairs, dim).transpose());
                NDArray xj = x.matMul(constant(x, selectJ, pairs, dim).transpose());
                phi = x.concat(xi.mul(xj), 1);
            }
            return phi.matMul(constant(x, matrix, features, features).transpose())
                    .mul(phi)
                    .sum(new int[] {1});
        }
    }

    private static NDArray constant(NDArray x, double[] values, int rows, int cols) {
        return OwnedArrays.of(x.getManager(), values, new Shape(rows, cols), x.getDataType());
    }
}
