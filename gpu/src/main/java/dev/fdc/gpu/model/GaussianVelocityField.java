package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.Schedule;

/**
 * The exact velocity of Gaussian data N(μ, s² I) under the linear schedule (MATH.md §7):
 *
 * <pre>  v(x, t) = μ + ((t s² − (1 − t)) / (t² s² + (1 − t)²)) (x − t μ)</pre>
 *
 * An analytic base model for closed-form tests; it has no parameters.
 */
public final class GaussianVelocityField implements VelocityField {

    private final double[] mean;
    private final double std;
    private final DataType dtype;
    private final NDManager manager;
    private final NDArray mu;

    /** The field of N(mean, std² I) with arrays of type dtype in a sub-manager of parent. */
    public GaussianVelocityField(double[] mean, double std, DataType dtype, NDManager parent) {
        this.mean = mean.clone();
        this.std = std;
        this.dtype = dtype;
        this.manager = parent.newSubManager();
        this.mu = OwnedArrays.of(manager, mean, new Shape(1, mean.length), dtype);
    }

    /** The coefficient c(t) = (t s² − (1 − t)) / (t² s² + (1 − t)²). */
    public double coefficient(double t) {
        double s2 = std * std;
        double u = 1.0 - t;
        return (t * s2 - u) / (t * t * s2 + u * u);
    }

    /** μ. */
    public double[] mean() {
        return mean.clone();
    }

    /** s. */
    public double std() {
        return std;
    }

    @Override
    public int dim() {
        return mean.length;
    }

    @Override
    public Schedule schedule() {
        return LinearSchedule.INSTANCE;
    }

    @Override
    public DataType dataType() {
        return dtype;
    }

    @Override
    public NDArray velocity(NDArray x, Times t) {
        // Every op is called on an array of x's manager, so nothing lands in this field's manager.
        NDArray muRows = x.zerosLike().add(mu);
        NDArray centered = x.sub(t.scale(muRows, u -> u));
        return t.scale(centered, this::coefficient).add(muRows);
    }

    @Override
    public ParameterSet parameters() {
        return ParameterSet.empty();
    }

    @Override
    public GaussianVelocityField copy(NDManager parent) {
        return new GaussianVelocityField(mean, std, dtype, parent);
    }

    @Override
    public void close() {
        manager.close();
    }
}
