package dev.fdc.workers.exec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.GaussianVelocityField;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.schedule.Schedule;
import java.util.List;

/**
 * The exact velocity of N(μ, s² I) under the linear schedule ({@link GaussianVelocityField}, MATH.md
 * §7) with the mean μ as its one parameter [1, d], so that parameter versions are Gaussians of
 * different means with closed-form log-densities: a test replica for the executor.
 */
final class GaussianMeanField implements VelocityField {

    private final GaussianVelocityField shape;
    private final NDManager manager;
    private final NDArray mean;
    private final ParameterSet parameters;

    GaussianMeanField(int dim, double std, NDManager parent) {
        this.manager = parent.newSubManager();
        this.shape = new GaussianVelocityField(new double[dim], std, DataType.FLOAT32, manager);
        this.mean = manager.zeros(new Shape(1, dim), DataType.FLOAT32);
        this.parameters = new ParameterSet(List.of(new ParameterSet.Parameter("mean", mean)));
    }

    @Override
    public int dim() {
        return shape.dim();
    }

    @Override
    public Schedule schedule() {
        return shape.schedule();
    }

    @Override
    public DataType dataType() {
        return DataType.FLOAT32;
    }

    /** v = μ + c(t)(x − tμ), every op on x's manager. */
    @Override
    public NDArray velocity(NDArray x, Times t) {
        NDArray mu = x.zerosLike().add(mean);
        return t.scale(x.sub(t.scale(mu, u -> u)), shape::coefficient).add(mu);
    }

    @Override
    public ParameterSet parameters() {
        return parameters;
    }

    @Override
    public VelocityField copy(NDManager parent) {
        GaussianMeanField c = new GaussianMeanField(dim(), shape.std(), parent);
        try (Autograd.Mode ignored = Autograd.disabled()) {
            c.parameters.copyFrom(parameters);
        }
        return c;
    }

    @Override
    public void close() {
        shape.close();
        manager.close();
    }
}
