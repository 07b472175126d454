package dev.fdc.workers.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.critic.CriticConfig;
import dev.fdc.gpu.critic.CriticTrainer;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.MlpArchitecture;
import org.junit.jupiter.api.Test;

/** Critic tasks run the critic trainer on the two sample sets the task references. */
class EngineTaskExecutorCriticTest {

    static float[] gaussian(int n, double shift, long stream) {
        float[] x = new float[2 * n];
        CounterRng.of(stream, Purpose.TEST).fillGaussian(x);
        for (int i = 0; i < n; i++) {
            x[2 * i] += (float) shift;
        }
        return x;
    }

    static CriticTask task() {
        return CriticTask.newBuilder()
                .setTaskId(ExecutorFixtures.taskId(1, 0, 1))
                .setCurrentSamples(TestingContentSource.ref("p"))
                .setPreSamples(TestingContentSource.ref("pre"))
                .setDim(2)
                .setCritic(MlpArchitecture.newBuilder()
                        .setInputDim(2)
                        .addHidden(16)
                        .setOutputDim(1)
                        .setActivation("tanh"))
                .setSteps(40)
                .setLearningRate(5e-3)
                .setGradientPenaltyWeight(10)
                .setBatchSize(32)
                .setSeed(5)
                .build();
    }

    @Test
    void criticEqualsTheTrainerRunDirectlyOnTheReferencedSamples() throws Exception {
        float[] p = gaussian(64, 2.0, 1);
        float[] pre = gaussian(64, 0.0, 2);
        TestingContentSource content = new TestingContentSource().put("p", p).put("pre", pre);
        CriticOutcome out;
        try (EngineTaskExecutor e = EngineTaskExecutor.builder()
                .setParameters(ExecutorFixtures.source())
                .setContent(content)
                .setModel(ExecutorFixtures.MODEL)
                .build()) {
            int before = e.liveNativeArrays();
            out = e.critic(task());
            assertEquals(before, e.liveNativeArrays(), "critic training leaves no native arrays");
            TaskFailure f = assertThrows(
                    TaskFailure.class,
                    () -> e.critic(task().toBuilder().addGroundMetric(1).build()));
            assertEquals(FailureKind.FAILURE_KIND_BAD_INPUT, f.kind());
            assertTrue(f.getMessage().contains("ground_metric"), f.getMessage());
        }
        MlpSpec spec = new MlpSpec(2, new int[] {16}, 1, Activation.TANH);
        dev.fdc.gpu.critic.CriticResult direct;
        try (NDManager m = DjlRuntime.newManager("direct")) {
            direct = CriticTrainer.train(p, pre, new CriticConfig(spec, 40, 32, 5e-3, 10, null, 5), m);
        }
        assertArrayEquals(direct.parameters(), out.parameters());
        assertEquals(spec.parameterCount(), out.parameters().length);
        assertEquals(direct.value(), out.summary().getValue(), 0.0);
        assertEquals(10 * direct.penalty() - direct.trainValue(), out.summary().getFinalLoss(), 0.0);
        assertEquals("critic_parameters", out.summary().getParameters().getName());
        assertEquals(spec.parameterCount(), out.summary().getParameters().getTotalElements());
        assertTrue(out.summary().getValue() > 0, "p is shifted by +2 along x: E_p φ > E_pre φ");
    }
}
