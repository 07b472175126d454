package dev.fdc.tests.cases;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.GaussianVelocityField;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.ResidualVelocityField;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import dev.fdc.workers.exec.ReplicaFactory;
import java.util.List;

/**
 * A pre-trained model given exactly: the velocity of N(μ, s² I) under the linear schedule
 * (MATH.md §7) plus a trainable MLP residual whose last layer starts at zero, so θ_pre generates
 * exactly N(μ, s² I) (up to the sampler's grid bias). The verification cases of MATH.md §7 run on
 * it with the real engine.
 */
public final class GaussianResidualModel {

    private final double[] mean;
    private final double std;
    private final MlpSpec net;

    /** N(mean, std² I) plus an MLP residual [d + 1 → hidden → d] with the given activation. */
    public GaussianResidualModel(double[] mean, double std, int[] hidden, Activation activation) {
        this.mean = mean.clone();
        this.std = std;
        this.net = new MlpSpec(mean.length + 1, hidden, mean.length, activation);
    }

    /** Replicas for executors. */
    public ReplicaFactory replicas() {
        return manager -> new ResidualVelocityField(
                new GaussianVelocityField(mean, std, DataType.FLOAT32, manager),
                MlpVelocityField.create(net, manager, DataType.FLOAT32, 0));
    }

    /** The model spec a RunSpec carries (dimension and parameter count; replicas come from here). */
    public ModelSpec spec() {
        return ModelSpec.newBuilder()
                .setKind(ModelKind.MODEL_KIND_MLP)
                .setDim(mean.length)
                .setParameterCount(net.parameterCount())
                .setSchedule("linear")
                .setTimeInput("t")
                .build();
    }

    /** θ_pre: the residual's initial parameters (seeded) with the last layer (weight, bias) zero. */
    public float[] pretrained(long seed) {
        try (NDManager m = DjlRuntime.newManager("gaussian-residual-init");
                MlpVelocityField f = MlpVelocityField.create(net, m, DataType.FLOAT32, seed)) {
            ParameterSet ps = f.parameters();
            float[] flat = ps.toFlat();
            List<ParameterSet.Parameter> list = ps.list();
            int offset = 0;
            for (int i = 0; i < list.size(); i++) {
                int size = list.get(i).size();
                if (i >= list.size() - 2) {
                    java.util.Arrays.fill(flat, offset, offset + size, 0f);
                }
                offset += size;
            }
            return flat;
        }
    }
}
