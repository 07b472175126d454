package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.protocol.v1.Witness;

/**
 * The MMD² witness gradient with the Gaussian kernel k(x, y) = exp(−‖x − y‖² / (2h²)) (MATH.md §5):
 *
 * <pre>
 *   ∇term(x) = 2 (mean_{y ∈ P} ∇_x k(x, y) − mean_{y ∈ Q} ∇_x k(x, y)),   ∇_x k(x, y) = −(x − y)/h² · k(x, y)
 *   value    = 2 (mean_{y ∈ P} k(x, y) − mean_{y ∈ Q} k(x, y))
 * </pre>
 *
 * with P the samples of p_{k−1} and Q those of p_pre. Batched over x and y as [B, n, d]
 * differences (exact, no ‖x‖² + ‖y‖² − 2xᵀy cancellation), in blocks of sample rows so that a
 * block holds at most about 4 M elements.
 */
final class WitnessTerm implements TermEvaluator {

    private static final long BLOCK_ELEMENTS = 1L << 22;

    private final float[] current;
    private final float[] pre;
    private final int dim;
    private final double bandwidth;

    WitnessTerm(Witness proto, float[] current, float[] pre, int dim, String label) {
        String where = "term '" + label + "' (witness)";
        if (!proto.getKernel().getKind().equals("gaussian")) {
            throw new IllegalArgumentException(
                    where + ": unknown kernel '" + proto.getKernel().getKind() + "', expected gaussian");
        }
        if (!(proto.getKernel().getBandwidth() > 0)) {
            throw new IllegalArgumentException(
                    where + " needs bandwidth > 0, got " + proto.getKernel().getBandwidth());
        }
        if (proto.getDim() != dim) {
            throw new IllegalArgumentException(
                    where + " has dim " + proto.getDim() + " but the models have dimension " + dim);
        }
        check(where, "current_samples", proto.getCurrentSamples().getContentId(), current, dim);
        check(where, "pre_samples", proto.getPreSamples().getContentId(), pre, dim);
        this.current = current;
        this.pre = pre;
        this.dim = dim;
        this.bandwidth = proto.getKernel().getBandwidth();
    }

    private static void check(String where, String field, String id, float[] v, int dim) {
        if (v.length == 0 || v.length % dim != 0) {
            throw new IllegalArgumentException(where + ": " + field + " '" + id + "' holds " + v.length
                    + " values, expected a positive multiple of dim " + dim);
        }
    }

    @Override
    public NDArray gradient(NDArray x) {
        try (Autograd.Mode ignored = Autograd.disabled()) {
            return kernelMeans(x, current, true).sub(kernelMeans(x, pre, true)).mul(2);
        }
    }

    @Override
    public NDArray value(NDArray x) {
        try (Autograd.Mode ignored = Autograd.disabled()) {
            return kernelMeans(x, current, false)
                    .sub(kernelMeans(x, pre, false))
                    .mul(2);
        }
    }

    /** mean_y ∇_x k(x, y) [B, d] (gradient) or mean_y k(x, y) [B]. */
    private NDArray kernelMeans(NDArray x, float[] samples, boolean gradient) {
        long rows = x.getShape().get(0);
        int n = samples.length / dim;
        int block = (int) Math.max(1, Math.min(n, BLOCK_ELEMENTS / Math.max(1, rows * dim)));
        double inv = 1.0 / (2 * bandwidth * bandwidth);
        NDArray sum = null;
        for (int start = 0; start < n; start += block) {
            int count = Math.min(block, n - start);
            float[] part = java.util.Arrays.copyOfRange(samples, start * dim, (start + count) * dim);
            NDArray y = OwnedArrays.of(x.getManager(), part, new Shape(1, count, dim), x.getDataType());
            NDArray diff = x.expandDims(1).sub(y); // [B, count, d]
            NDArray k = diff.square().sum(new int[] {2}).mul(-inv).exp(); // [B, count]
            NDArray s = gradient
                    ? diff.mul(k.expandDims(2)).sum(new int[] {1}).mul(-1.0 / (bandwidth * bandwidth))
                    : k.sum(new int[] {1});
            sum = sum == null ? s : sum.add(s);
        }
        return sum.div(n);
    }
}
