package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.schedule.Schedule;

/**
 * A velocity field v(x, t) generating a flow from noise (t = 0) to data (t = 1), the object that
 * fdc samples from and fine-tunes. Results of {@link #velocity} belong to the manager of {@code x}
 * (create per-iteration inputs in a per-iteration manager and close it).
 */
public interface VelocityField extends AutoCloseable {

    /** The data dimension d. */
    int dim();

    /** The schedule whose κ, η and σ go with this field. */
    Schedule schedule();

    /** The element type of parameters and computations. */
    DataType dataType();

    /** v(x, t) for x of shape [B, d], B = t.rows(); result [B, d] in x's manager. */
    NDArray velocity(NDArray x, Times t);

    /** The trainable parameters (empty for analytic fields). */
    ParameterSet parameters();

    /**
     * This field with its networks computing in {@code p} (MLP-based fields; the parameters are
     * shared, see {@link Mlp#inPrecision}). Fields without networks, and TorchScript modules, which
     * compute in the type of their own tensors, return themselves. Closing a view that differs
     * from this field releases nothing.
     */
    default VelocityField inPrecision(dev.fdc.gpu.Precision p) {
        return this;
    }

    /** An independent deep copy (own parameters) whose arrays live in {@code manager}. */
    VelocityField copy(NDManager manager);

    /** The score s(x, t) = (v(x, t) − κ_t x) / η_t, with the exact κ_t and η_t (MATH.md §1). */
    default NDArray score(NDArray x, Times t) {
        Schedule s = schedule();
        NDArray v = velocity(x, t);
        NDArray kx = t.scale(x, s::kappa);
        NDArray diff = v.sub(kx);
        return t.scale(diff, u -> 1.0 / s.eta(u));
    }

    /** Releases native memory held by this field. */
    @Override
    void close();
}
