package dev.fdc.gpu.torchscript;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.schedule.LinearSchedule;
import dev.fdc.gpu.schedule.Schedule;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A user's velocity field v(x, t) given as a TorchScript module with {@code forward(x: Tensor,
 * t: Tensor) -> Tensor}: x [B, d], t the flow time (0 = noise, 1 = data) of each row as [B]
 * (default) or [B, 1], result [B, d]. Its parameters are trainable like those of fdc's own
 * fields. The schedule is linear unless configured.
 *
 * <p>The data dimension is given or, by default, taken as the input width of the first 2-D
 * parameter minus one (an MLP on [x, t]); either way one forward on zeros checks at load that
 * the module maps [1, d] to [1, d], so a mismatch fails at load with the file's name.
 */
public final class TorchScriptVelocityField implements VelocityField {

    /** How the module expects the time argument. */
    public enum TimeShape {
        /** t as a vector [B]. */
        VECTOR,
        /** t as a column [B, 1]. */
        COLUMN
    }

    private final TorchScriptModule module;
    private final Schedule schedule;
    private final TimeShape timeShape;
    private final int dim;

    private TorchScriptVelocityField(TorchScriptModule module, Schedule schedule, TimeShape timeShape, int dim) {
        this.module = module;
        this.schedule = schedule;
        this.timeShape = timeShape;
        this.dim = dim;
    }

    /** A field on the linear schedule, t as [B], d inferred; parameters in a sub-manager of {@code manager}. */
    public static TorchScriptVelocityField load(Path file, NDManager manager) throws IOException {
        return builder().optSchedule(LinearSchedule.INSTANCE).load(file, manager);
    }

    /** A builder for the optional settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The loaded module (parameters, raw forward). */
    public TorchScriptModule module() {
        return module;
    }

    @Override
    public int dim() {
        return dim;
    }

    @Override
    public Schedule schedule() {
        return schedule;
    }

    @Override
    public DataType dataType() {
        return module.dataType();
    }

    @Override
    public NDArray velocity(NDArray x, Times t) {
        NDArray column = t.column(x.getManager(), x.getDataType(), u -> u);
        NDArray time = timeShape == TimeShape.COLUMN ? column : column.reshape(-1);
        try {
            return module.forward(x, time);
        } finally {
            if (time != column) {
                time.close();
            }
            column.close();
        }
    }

    @Override
    public ParameterSet parameters() {
        return module.parameters();
    }

    @Override
    public TorchScriptVelocityField copy(NDManager manager) {
        return new TorchScriptVelocityField(module.copy(manager), schedule, timeShape, dim);
    }

    @Override
    public void close() {
        module.close();
    }

    /** Optional settings of a {@link TorchScriptVelocityField}. */
    public static final class Builder {
        private Schedule schedule = LinearSchedule.INSTANCE;
        private TimeShape timeShape = TimeShape.VECTOR;
        private int dim = -1;

        private Builder() {}

        /** The schedule the field was trained on (default linear). */
        public Builder optSchedule(Schedule schedule) {
            this.schedule = schedule;
            return this;
        }

        /** The shape of the time argument (default [B]). */
        public Builder optTimeShape(TimeShape timeShape) {
            this.timeShape = timeShape;
            return this;
        }

        /** The data dimension d (default: first 2-D parameter's input width minus one). */
        public Builder optDim(int dim) {
            this.dim = dim;
            return this;
        }

        /** Loads the module from a file and checks that it maps [1, d] to [1, d]. */
        public TorchScriptVelocityField load(Path file, NDManager manager) throws IOException {
            return build(TorchScriptModule.load(file, manager));
        }

        /** Loads the module from an in-memory archive named {@code name} in messages. */
        public TorchScriptVelocityField load(byte[] archive, String name, NDManager manager) throws IOException {
            return build(TorchScriptModule.load(archive, name, manager));
        }

        private TorchScriptVelocityField build(TorchScriptModule module) throws TorchScriptFormatException {
            try {
                int d = dim > 0 ? dim : inferDim(module);
                TorchScriptVelocityField f = new TorchScriptVelocityField(module, schedule, timeShape, d);
                check(f);
                return f;
            } catch (TorchScriptFormatException | RuntimeException e) {
                module.close();
                throw e;
            }
        }

        private static int inferDim(TorchScriptModule module) throws TorchScriptFormatException {
            for (ParameterSet.Parameter p : module.parameters().list()) {
                if (p.shape().length == 2) {
                    return Math.toIntExact(p.shape()[1] - 1);
                }
            }
            throw new TorchScriptFormatException(
                    module.name(), "cannot infer the data dimension (no 2-D parameter); set it with optDim");
        }

        private static void check(TorchScriptVelocityField f) throws TorchScriptFormatException {
            try (NDManager m = f.module.parameters().list().isEmpty()
                            ? dev.fdc.gpu.DjlRuntime.newManager("torchscript-check")
                            : f.module
                                    .parameters()
                                    .list()
                                    .get(0)
                                    .array()
                                    .getManager()
                                    .newSubManager();
                    Autograd.Mode ignored = Autograd.disabled()) {
                NDArray x = m.zeros(new Shape(1, f.dim), f.dataType());
                Shape out;
                try {
                    out = f.velocity(x, Times.uniform(0.5, 1)).getShape();
                } catch (RuntimeException e) {
                    throw new TorchScriptFormatException(
                            f.module.name(),
                            "forward(x [1, " + f.dim + "], t " + (f.timeShape == TimeShape.VECTOR ? "[1]" : "[1, 1]")
                                    + ") failed: " + e.getMessage(),
                            e);
                }
                if (!out.equals(new Shape(1, f.dim))) {
                    throw new TorchScriptFormatException(
                            f.module.name(),
                            "forward(x [1, " + f.dim + "], t) returned shape " + out
                                    + ", a velocity field must return [1, " + f.dim + "]");
                }
            }
        }
    }
}
