package dev.fdc.cli.model;

import java.util.Locale;

/** The kinds of model files fdc reads, with their command-line and config names. */
public enum ModelFileKind {
    /** A velocity MLP on [x, t] in safetensors (fdc's own flow-matching models; linear schedule). */
    MLP("mlp"),
    /** A VP noise predictor ε̂ on [x, τ] in safetensors, wrapped as a flow (the paper's toy models). */
    VP_EPS("vp-eps"),
    /** A TorchScript module forward(x, t) → v. */
    TORCHSCRIPT("torchscript");

    private final String label;

    ModelFileKind(String label) {
        this.label = label;
    }

    /** The name used on the command line, in config and in the safetensors {@code fdc.kind} metadata. */
    public String label() {
        return label;
    }

    /** Parses a name such as "vp-eps" or "VP_EPS"; null if it names no kind. */
    public static ModelFileKind parseOrNull(String name) {
        String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (ModelFileKind k : values()) {
            if (k.label.equals(key)) {
                return k;
            }
        }
        return null;
    }

    /** "mlp, vp-eps, torchscript". */
    public static String names() {
        return "mlp, vp-eps, torchscript";
    }

    @Override
    public String toString() {
        return label;
    }
}
