package dev.fdc.gpu;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Per-thread automatic differentiation on libtorch, without DJL's {@code GradientCollector}
 * (of which only one may be open per JVM, so several engines in one JVM cannot use it).
 * libtorch's grad mode is thread-local; {@link #backward} runs on the calling thread only.
 *
 * <p>Fresh threads start with grad mode on: code that only samples should run inside {@link
 * #disabled()}. Gradients accumulate across {@code backward} calls; callers zero them.
 */
public final class Autograd {

    private Autograd() {}

    /** Grad mode on for this thread until the returned scope closes, then the previous mode. */
    public static Mode enabled() {
        return new Mode(true);
    }

    /** Grad mode off for this thread until the returned scope closes, then the previous mode. */
    public static Mode disabled() {
        return new Mode(false);
    }

    /** Back-propagates a scalar {@code loss} (d loss / d loss = 1) on the calling thread. */
    public static void backward(NDArray loss) {
        if (loss.getShape().size() != 1) {
            throw new IllegalArgumentException("backward needs a scalar loss, got shape " + loss.getShape());
        }
        try (NDArray seed = loss.onesLike()) {
            JniUtils.backward((PtNDArray) loss, (PtNDArray) seed, false, false);
        }
    }

    /**
     * Vector–Jacobian product aᵀ ∂f/∂x at {@code x}: the gradient of Σ a ⊙ f(x) with respect to x.
     * Parameters of f that require gradients also receive (accumulated) gradients; pass functions
     * whose parameters do not require gradients when only the input gradient is wanted.
     *
     * @param value if not null, receives f(x) detached from the graph, in {@code x}'s manager
     * @return the input gradient, same shape as x, in {@code x}'s manager
     */
    public static NDArray vjp(java.util.function.UnaryOperator<NDArray> f, NDArray x, NDArray a, NDArray[] value) {
        try (Mode ignored = enabled()) {
            NDArray leaf = x.duplicate();
            leaf.setRequiresGradient(true);
            NDArray y = f.apply(leaf);
            NDArray s = y.mul(a).sum();
            backward(s);
            NDArray g = leaf.getGradient();
            if (value != null) {
                value[0] = y.stopGradient();
            }
            return g;
        }
    }

    /** A thread's grad mode for the lifetime of a try-with-resources block. */
    public static final class Mode implements AutoCloseable {
        private final boolean previous;

        private Mode(boolean on) {
            DjlRuntime.engine();
            previous = JniUtils.isGradMode();
            JniUtils.setGradMode(on);
        }

        @Override
        public void close() {
            JniUtils.setGradMode(previous);
        }
    }
}
