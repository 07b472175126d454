package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.schedule.Schedule;

/**
 * v(x, t) = v_fixed(x, t) + v_residual(x, t): a frozen field plus a trainable residual (whose last
 * layer typically starts at zero). Its parameters are the residual's only.
 */
public final class ResidualVelocityField implements VelocityField {

    private final VelocityField fixed;
    private final VelocityField residual;
    private final boolean owner;

    /** The sum of a frozen field and a trainable residual on the same schedule and dimension. */
    public ResidualVelocityField(VelocityField fixed, VelocityField residual) {
        this(fixed, residual, true);
    }

    private ResidualVelocityField(VelocityField fixed, VelocityField residual, boolean owner) {
        if (fixed.dim() != residual.dim()) {
            throw new IllegalArgumentException("dimensions differ: " + fixed.dim() + " vs " + residual.dim());
        }
        this.fixed = fixed;
        this.residual = residual;
        this.owner = owner;
    }

    @Override
    public int dim() {
        return fixed.dim();
    }

    @Override
    public Schedule schedule() {
        return fixed.schedule();
    }

    @Override
    public DataType dataType() {
        return fixed.dataType();
    }

    @Override
    public NDArray velocity(NDArray x, Times t) {
        return fixed.velocity(x, t).add(residual.velocity(x, t));
    }

    @Override
    public ParameterSet parameters() {
        return residual.parameters();
    }

    @Override
    public ResidualVelocityField inPrecision(dev.fdc.gpu.Precision p) {
        VelocityField f = fixed.inPrecision(p);
        VelocityField r = residual.inPrecision(p);
        return f == fixed && r == residual ? this : new ResidualVelocityField(f, r, false);
    }

    @Override
    public ResidualVelocityField copy(NDManager manager) {
        return new ResidualVelocityField(fixed.copy(manager), residual.copy(manager));
    }

    @Override
    public void close() {
        if (owner) {
            fixed.close();
            residual.close();
        }
    }
}
