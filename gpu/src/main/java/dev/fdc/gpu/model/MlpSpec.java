package dev.fdc.gpu.model;

import java.util.Arrays;

/**
 * The architecture of a fully connected network: input width, hidden widths, output width and
 * activation. Parameter names follow PyTorch's {@code nn.Sequential} of Linear/activation pairs:
 * layer i has {@code (2i).weight} [out, in] and {@code (2i).bias} [out].
 */
public record MlpSpec(int inputDim, int[] hidden, int outputDim, Activation activation) {

    /** Validates widths. */
    public MlpSpec {
        if (inputDim < 1 || outputDim < 1) {
            throw new IllegalArgumentException("MLP widths must be positive: in " + inputDim + ", out " + outputDim);
        }
        hidden = hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden widths must be positive: " + Arrays.toString(hidden));
            }
        }
    }

    /** Widths of all layers, input first. */
    public int[] widths() {
        int[] w = new int[hidden.length + 2];
        w[0] = inputDim;
        System.arraycopy(hidden, 0, w, 1, hidden.length);
        w[w.length - 1] = outputDim;
        return w;
    }

    /** Number of scalar parameters. */
    public long parameterCount() {
        int[] w = widths();
        long n = 0;
        for (int i = 0; i + 1 < w.length; i++) {
            n += (long) w[i] * w[i + 1] + w[i + 1];
        }
        return n;
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int w : widths()) {
            if (b.length() > 0) {
                b.append("→");
            }
            b.append(w);
        }
        return b + " " + activation.name().toLowerCase();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpSpec s
                && s.inputDim == inputDim
                && s.outputDim == outputDim
                && s.activation == activation
                && Arrays.equals(s.hidden, hidden);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(hidden) + inputDim * 7 + outputDim * 13 + activation.hashCode();
    }
}
