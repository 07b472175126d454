package dev.fdc.workers.exec;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.DoubleVector;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.TaskId;
import dev.fdc.protocol.v1.Unit;

/** A small run: a 2-D velocity MLP, a few published versions, tasks with a linear reward. */
final class ExecutorFixtures {

    static final int DIM = 2;
    static final MlpSpec NET = new MlpSpec(DIM + 1, new int[] {16, 16}, DIM, Activation.SILU);
    static final ModelSpec MODEL = ModelSpec.newBuilder()
            .setKind(ModelKind.MODEL_KIND_MLP)
            .setDim(DIM)
            .setArchitecture(MlpArchitecture.newBuilder()
                    .setInputDim(DIM + 1)
                    .addHidden(16)
                    .addHidden(16)
                    .setOutputDim(DIM)
                    .setActivation("silu"))
            .build();
    static final ParameterVersion PRE = TestingParameterSource.version(1, 0);
    static final ParameterVersion V1 = TestingParameterSource.version(1, 1);
    static final ParameterVersion V2 = TestingParameterSource.version(1, 2);

    private ExecutorFixtures() {}

    /** Parameters of the fixture MLP initialized from {@code seed}. */
    static float[] parameters(long seed) {
        try (NDManager m = DjlRuntime.newManager("fixture");
                MlpVelocityField f = MlpVelocityField.create(NET, m, DataType.FLOAT32, seed)) {
            return f.parameters().toFlat();
        }
    }

    /** A source with PRE, V1 and V2 published. */
    static TestingParameterSource source() {
        return new TestingParameterSource()
                .publish(PRE, parameters(1))
                .publish(V1, parameters(2))
                .publish(V2, parameters(3));
    }

    static EngineTaskExecutor executor(TestingParameterSource source) {
        return EngineTaskExecutor.builder()
                .setParameters(source)
                .setContent(new TestingContentSource())
                .setModel(MODEL)
                .build();
    }

    static RewardModel linear(double... w) {
        DoubleVector.Builder v = DoubleVector.newBuilder();
        for (double x : w) {
            v.addValues(x);
        }
        return RewardModel.newBuilder()
                .setAnalytic(AnalyticReward.newBuilder().setName("linear").putVectors("w", v.build()))
                .build();
    }

    /** scale · wᵀx with w = (1, −0.5). */
    static LinearizedReward linearReward(double scale) {
        return LinearizedReward.newBuilder()
                .setScale(scale)
                .addTerms(LinearizedTerm.newBuilder()
                        .setLabel("mean")
                        .setWeight(1)
                        .setRewardGradient(RewardGradient.newBuilder()
                                .setReward(linear(1, -0.5))
                                .setUnit(Unit.getDefaultInstance())))
                .build();
    }

    static TaskId taskId(int k, int n, int i) {
        return TaskId.newBuilder()
                .setRunId("run")
                .setCoordinatorEpoch(1)
                .setMirrorStep(k)
                .setAmStep(n)
                .setTaskIndex(i)
                .build();
    }

    /** An AM task at V2 against base V1 and PRE, 8 trajectories on 8 steps. */
    static AdjointMatchingTask amTask(int n) {
        return AdjointMatchingTask.newBuilder()
                .setTaskId(taskId(1, n, 0))
                .setParameterVersion(V2)
                .setBaseVersion(V1)
                .setPretrainedVersion(PRE)
                .setReward(linearReward(2))
                .setEta(0.5)
                .setSeed(42)
                .setBatchSize(8)
                .setGridSteps(8)
                .build();
    }
}
