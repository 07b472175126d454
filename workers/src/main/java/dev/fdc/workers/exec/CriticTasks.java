package dev.fdc.workers.exec;

import dev.fdc.gpu.critic.CriticConfig;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.protocol.ChunkLayout;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.TensorInfo;

/**
 * What a {@link CriticTask}'s fields mean to {@code dev.fdc.gpu.critic.CriticTrainer}: unset
 * (zero) sizes take the trainer's defaults ({@link CriticConfig#defaults}: d → 64 → 64 → 1 tanh,
 * 800 steps, batch 256, learning rate 2e-3, λ = 10); an empty {@code ground_metric} is the
 * identity. The reported {@code final_loss} is the trained objective λ·penalty − (E_p φ − E_pre φ)
 * on the training halves; {@code value} is E_p φ − E_pre φ on the held-out halves.
 *
 * <p>Gap: {@code initial_parameters} (warm start) is not supported by the trainer yet; a task
 * that sets it is trained from a fresh initialization.
 */
final class CriticTasks {

    private CriticTasks() {}

    /** The trainer's config, or BAD_INPUT naming the field. */
    static CriticConfig config(CriticTask task, String id) throws TaskFailure {
        int d = task.getDim();
        if (d < 1) {
            throw TaskFailures.badInput(id, "dim is " + d + ", expected ≥ 1");
        }
        CriticConfig defaults = CriticConfig.defaults(d, task.getSeed());
        MlpSpec spec = defaults.spec();
        if (task.hasCritic()) {
            spec = spec(task.getCritic(), d, id);
        }
        int steps = orDefault(task.getSteps(), defaults.steps(), "steps", id);
        int batch = orDefault(task.getBatchSize(), defaults.batchSize(), "batch_size", id);
        double lr = task.getLearningRate() == 0 ? defaults.learningRate() : task.getLearningRate();
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw TaskFailures.badInput(id, "learning_rate is " + lr + ", expected > 0");
        }
        double penalty =
                task.getGradientPenaltyWeight() == 0 ? defaults.penaltyWeight() : task.getGradientPenaltyWeight();
        if (!(penalty >= 0) || !Double.isFinite(penalty)) {
            throw TaskFailures.badInput(id, "gradient_penalty_weight is " + penalty + ", expected ≥ 0");
        }
        double[] metric = null;
        if (task.getGroundMetricCount() > 0) {
            if (task.getGroundMetricCount() != d * d) {
                throw TaskFailures.badInput(
                        id,
                        "ground_metric has " + task.getGroundMetricCount() + " values, expected " + d + "×" + d + " = "
                                + d * d + " (or none: the identity)");
            }
            metric = task.getGroundMetricList().stream()
                    .mapToDouble(Double::doubleValue)
                    .toArray();
        }
        return new CriticConfig(spec, steps, batch, lr, penalty, metric, task.getSeed());
    }

    /** The CriticResult of a trained critic. */
    static CriticResult summary(
            CriticTask task, dev.fdc.gpu.critic.CriticResult r, CriticConfig config, double wallSeconds) {
        long p = r.parameters().length;
        return CriticResult.newBuilder()
                .setTaskId(task.getTaskId())
                .setParameters(TensorInfo.newBuilder()
                        .setName(TensorNames.CRITIC_PARAMETERS)
                        .addShape(p)
                        .setDtype(DType.DTYPE_FP32)
                        .setTotalElements(p)
                        .setChunkCount(ChunkLayout.chunkCount(p, DType.DTYPE_FP32)))
                .setValue(r.value())
                .setFinalLoss(config.penaltyWeight() * r.penalty() - r.trainValue())
                .setWallTimeSeconds(wallSeconds)
                .build();
    }

    private static MlpSpec spec(MlpArchitecture a, int d, String id) throws TaskFailure {
        if (a.getInputDim() != d) {
            throw TaskFailures.badInput(id, "critic.input_dim is " + a.getInputDim() + ", expected dim = " + d);
        }
        if (a.getOutputDim() != 1) {
            throw TaskFailures.badInput(
                    id, "critic.output_dim is " + a.getOutputDim() + ", expected 1 (a scalar potential)");
        }
        int[] hidden = new int[a.getHiddenCount()];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = a.getHidden(i);
            if (hidden[i] < 1) {
                throw TaskFailures.badInput(id, "critic.hidden[" + i + "] is " + hidden[i] + ", expected ≥ 1");
            }
        }
        try {
            return new MlpSpec(d, hidden, 1, Activation.parse(a.getActivation()));
        } catch (IllegalArgumentException e) {
            throw TaskFailures.badInput(id, "critic.activation", e);
        }
    }

    private static int orDefault(int value, int fallback, String field, String id) throws TaskFailure {
        if (value < 0) {
            throw TaskFailures.badInput(id, field + " is " + value + ", expected ≥ 1 (or 0: default " + fallback + ")");
        }
        return value == 0 ? fallback : value;
    }
}
