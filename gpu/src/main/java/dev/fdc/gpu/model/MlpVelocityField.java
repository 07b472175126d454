package dev.fdc.gpu.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.Schedule;

/**
 * A velocity field given directly by an MLP on [x, t]: fdc's own flow-matching models (linear
 * schedule, input t). Spec input width must be d + 1 and output width d.
 */
public final class MlpVelocityField implements VelocityField {

    private final Mlp net;
    private final Schedule schedule;
    private final TimeInput timeInput;

    /** A field v(x, t) = net([x, time feature]). */
    public MlpVelocityField(Mlp net, Schedule schedule, TimeInput timeInput) {
        MlpSpec s = net.spec();
        if (s.inputDim() != s.outputDim() + 1) {
            throw new IllegalArgumentException("a velocity MLP maps [x, t] (d + 1 inputs) to d outputs; got " + s);
        }
        this.net = net;
        this.schedule = schedule;
        this.timeInput = timeInput;
    }

    /** A freshly initialized field on the linear schedule with input t. */
    public static MlpVelocityField create(MlpSpec spec, NDManager manager, DataType dtype, long seed) {
        return new MlpVelocityField(
                Mlp.create(spec, manager, dtype, seed, false), LinearSchedule.INSTANCE, TimeInput.T);
    }

    /** The network. */
    public Mlp net() {
        return net;
    }

    @Override
    public int dim() {
        return net.spec().outputDim();
    }

    @Override
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public DataType dataType() {
        return net.dataType();
    }

    @Override
    public NDArray velocity(NDArray x, Times t) {
        return net.forward(MlpInputs.withTime(x, t, timeInput));
    }

    @Override
    public ParameterSet parameters() {
        return net.parameters();
    }

    @Override
    public MlpVelocityField inPrecision(dev.fdc.gpu.Precision p) {
        Mlp n = net.inPrecision(p);
        return n == net ? this : new MlpVelocityField(n, schedule, timeInput);
    }

    @Override
    public MlpVelocityField copy(NDManager manager) {
        return new MlpVelocityField(net.copy(manager), schedule, timeInput);
    }

    @Override
    public void close() {
        net.close();
    }
}
