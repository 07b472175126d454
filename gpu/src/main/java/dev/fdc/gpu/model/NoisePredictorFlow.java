package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.schedule.DdpmTable;
import dev.fdc.gpu.schedule.VpSchedule;

/**
 * A VP noise predictor ε̂(x, τ) seen as a flow (MATH.md §1): s(x, t) = −ε̂([x, τ]) / σ with
 * τ = 1 − t, and v(x, t) = κ_t x + η_t s(x, t). σ is the discrete DDPM table's σ_i when the network
 * was trained on that table (the paper's toy models), else the continuous √(1 − ᾱ(τ)).
 */
public final class NoisePredictorFlow implements VelocityField {

    private final Mlp epsilon;
    private final VpSchedule schedule;
    private final DdpmTable table;

    /**
     * @param epsilon the noise predictor on [x, τ] (d + 1 inputs, d outputs)
     * @param table the discrete table its σ_i come from, or null for the continuous schedule
     */
    public NoisePredictorFlow(Mlp epsilon, VpSchedule schedule, DdpmTable table) {
        MlpSpec s = epsilon.spec();
        if (s.inputDim() != s.outputDim() + 1) {
            throw new IllegalArgumentException("a noise predictor maps [x, τ] (d + 1 inputs) to d outputs; got " + s);
        }
        this.epsilon = epsilon;
        this.schedule = schedule;
        this.table = table;
    }

    /** The network ε̂. */
    public Mlp epsilon() {
        return epsilon;
    }

    /** σ used to turn ε̂ into a score at flow time t. */
    public double noiseStd(double t) {
        return table != null ? table.sigmaAt(t) : Math.sqrt(1.0 - schedule.alphaBar(1.0 - t));
    }

    /** ε̂([x, τ]) in x's manager. */
    public NDArray predictNoise(NDArray x, Times t) {
        return epsilon.forward(MlpInputs.withTime(x, t, TimeInput.TAU));
    }

    @Override
    public int dim() {
        return epsilon.spec().outputDim();
    }

    @Override
    public VpSchedule schedule() {
        return schedule;
    }

    @Override
    public DataType dataType() {
        return epsilon.dataType();
    }

    @Override
    public NDArray velocity(NDArray x, Times t) {
        NDArray eps = predictNoise(x, t);
        NDArray kx = t.scale(x, schedule::kappa);
        NDArray scaledEps = t.scale(eps, u -> schedule.eta(u) / noiseStd(u));
        return kx.sub(scaledEps);
    }

    @Override
    public NDArray score(NDArray x, Times t) {
        return t.scale(predictNoise(x, t), u -> -1.0 / noiseStd(u));
    }

    @Override
    public ParameterSet parameters() {
        return epsilon.parameters();
    }

    @Override
    public NoisePredictorFlow inPrecision(dev.fdc.gpu.Precision p) {
        Mlp n = epsilon.inPrecision(p);
        return n == epsilon ? this : new NoisePredictorFlow(n, schedule, table);
    }

    @Override
    public NoisePredictorFlow copy(NDManager manager) {
        return new NoisePredictorFlow(epsilon.copy(manager), schedule, table);
    }

    @Override
    public void close() {
        epsilon.close();
    }
}
