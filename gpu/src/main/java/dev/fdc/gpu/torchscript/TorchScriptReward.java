package dev.fdc.gpu.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.reward.TerminalReward;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A user's terminal reward r(x) given as a TorchScript module with {@code forward(x: Tensor) ->
 * Tensor}: x [B, d], result [B]. The gradient ∇r(x) is the vector–Jacobian product of r with
 * the all-ones vector, by autograd on the calling thread. The reward is fixed: its parameters do
 * not require gradients. Results belong to x's manager, and nothing else stays behind per call.
 */
public final class TorchScriptReward implements TerminalReward, AutoCloseable {

    private final TorchScriptModule module;

    private TorchScriptReward(TorchScriptModule module) {
        this.module = module;
        module.parameters().setRequiresGradient(false);
    }

    /** Loads a reward module; parameters in a sub-manager of {@code manager}. */
    public static TorchScriptReward load(Path file, NDManager manager) throws IOException {
        return new TorchScriptReward(TorchScriptModule.load(file, manager));
    }

    /** Loads a reward module from an in-memory archive named {@code name} in messages. */
    public static TorchScriptReward load(byte[] archive, String name, NDManager manager) throws IOException {
        return new TorchScriptReward(TorchScriptModule.load(archive, name, manager));
    }

    /** The loaded module. */
    public TorchScriptModule module() {
        return module;
    }

    @Override
    public NDArray value(NDArray x) {
        try (Autograd.Mode ignored = Autograd.disabled()) {
            return checked(module.forward(x), x);
        }
    }

    @Override
    public NDArray gradient(NDArray x) {
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray xs;
            try (Autograd.Mode ignored = Autograd.disabled()) {
                xs = x.duplicate(); // a constant copy, so the gradient's leaf is a leaf whatever x is
            }
            xs.attach(scratch);
            NDArray ones = scratch.ones(new Shape(x.getShape().get(0)), x.getDataType());
            NDArray g = Autograd.vjp(y -> checked(module.forward(y), y), xs, ones, null);
            g.attach(x.getManager());
            return g;
        }
    }

    private NDArray checked(NDArray r, NDArray x) {
        if (!r.getShape().equals(new Shape(x.getShape().get(0)))) {
            Shape s = r.getShape();
            r.close();
            throw new IllegalStateException(module.name() + ": a reward maps x " + x.getShape() + " to shape ["
                    + x.getShape().get(0) + "], got " + s);
        }
        return r;
    }

    @Override
    public void close() {
        module.close();
    }
}
