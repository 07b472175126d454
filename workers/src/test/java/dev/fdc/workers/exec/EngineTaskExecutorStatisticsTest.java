package dev.fdc.workers.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.LogDensityRatioRequest;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.TensorInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statistics tasks: rewards, features and log-densities at the returned samples. */
class EngineTaskExecutorStatisticsTest {

    static final double STD = 0.8;

    static StatisticsTask.Builder task(ParameterVersion v, int n) {
        return StatisticsTask.newBuilder()
                .setTaskId(ExecutorFixtures.taskId(2, 0, 3))
                .setParameterVersion(v)
                .setSampleCount(n)
                .setSeed(7)
                .setGridSteps(10)
                .setReturnSamples(true);
    }

    @Test
    void rewardsOfTheLinearRewardAreWTransposeXOfTheSamples() throws Exception {
        try (EngineTaskExecutor e = ExecutorFixtures.executor(ExecutorFixtures.source())) {
            StatisticsOutcome out = e.statistics(task(ExecutorFixtures.V1, 64)
                    .setReward(ExecutorFixtures.linear(1.5, -2))
                    .build());
            float[] x = out.arrays().get("samples");
            float[] r = out.arrays().get("rewards");
            assertEquals(128, x.length);
            assertEquals(64, r.length);
            for (int i = 0; i < 64; i++) {
                double expected = 1.5 * x[2 * i] - 2.0 * x[2 * i + 1];
                // float32 products and sum: a few ulps of the terms' magnitude
                assertEquals(
                        expected,
                        r[i],
                        1e-6 * (1 + Math.abs(1.5 * x[2 * i]) + Math.abs(2 * x[2 * i + 1])),
                        "reward " + i);
            }
            StatisticsResult s = out.summary();
            assertEquals(64, s.getSampleCount());
            assertEquals(
                    List.of("samples", "rewards"),
                    s.getTensorsList().stream().map(TensorInfo::getName).toList());
            assertEquals(List.of(64L, 2L), s.getTensors(0).getShapeList());
            assertEquals(List.of(64L), s.getTensors(1).getShapeList());
            assertEquals(DType.DTYPE_FP32, s.getTensors(0).getDtype());
            StatisticsOutcome again = e.statistics(task(ExecutorFixtures.V1, 64).build());
            assertArrayEquals(x, again.arrays().get("samples"), "samples depend only on the task");
        }
    }

    @Test
    void featuresAreLaidOutLikeTheCoordinatorsFeatureMap() throws Exception {
        TestingParameterSource source =
                new TestingParameterSource().publish(ExecutorFixtures.V1, new float[] {0.5f, -1f, 2f});
        try (EngineTaskExecutor e = gaussianExecutor(3, source)) {
            StatisticsOutcome quad = e.statistics(
                    task(ExecutorFixtures.V1, 16).setFeatures("quadratic").build());
            StatisticsOutcome id = e.statistics(
                    task(ExecutorFixtures.V1, 16).setFeatures("identity").build());
            float[] x = quad.arrays().get("samples");
            float[] phi = quad.arrays().get("features");
            assertEquals(16 * 9, phi.length, "p = d + d(d+1)/2 = 9");
            assertArrayEquals(x, id.arrays().get("features"), "identity features are the samples");
            int[][] pairs = {{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {2, 2}}; // FeatureMap: i ≤ j, row-major
            for (int r = 0; r < 16; r++) {
                for (int k = 0; k < 3; k++) {
                    assertEquals(x[3 * r + k], phi[9 * r + k], 0f);
                }
                for (int q = 0; q < pairs.length; q++) {
                    float expected = (float) ((double) x[3 * r + pairs[q][0]] * x[3 * r + pairs[q][1]]);
                    assertEquals(expected, phi[9 * r + 3 + q], 0f, "row " + r + ", pair " + q);
                }
            }
            TensorInfo info = quad.summary().getTensors(1);
            assertEquals("features", info.getName());
            assertEquals(List.of(16L, 9L), info.getShapeList());
        }
    }

    @Test
    void logDensitiesOfGaussianModelsMatchTheClosedForm() throws Exception {
        ParameterVersion pre = ExecutorFixtures.PRE;
        float[] mu = {0.5f, -1f};
        float[] muPre = {0f, 0.3f};
        TestingParameterSource source =
                new TestingParameterSource().publish(ExecutorFixtures.V1, mu).publish(pre, muPre);
        try (EngineTaskExecutor e = gaussianExecutor(2, source)) {
            StatisticsOutcome out = e.statistics(task(ExecutorFixtures.V1, 12)
                    .setLogDensityRatio(LogDensityRatioRequest.newBuilder()
                            .setPretrainedVersion(pre)
                            .setOdeSteps(200)
                            .setHutchinsonProbes(0))
                    .build());
            float[] x = out.arrays().get("samples");
            float[] logP = out.arrays().get("log_p");
            float[] logPre = out.arrays().get("log_p_pre");
            for (int i = 0; i < 12; i++) {
                double[] xi = {x[2 * i], x[2 * i + 1]};
                // Heun on 200 steps, float32: the gpu LogDensityTest's 1e-3
                assertEquals(logGaussian(xi, mu), logP[i], 1e-3, "log p at sample " + i);
                assertEquals(logGaussian(xi, muPre), logPre[i], 1e-3, "log p_pre at sample " + i);
            }
            assertTrue(out.summary().getTensorsList().stream()
                    .anyMatch(t -> t.getName().equals("log_p_pre")));
        }
    }

    static EngineTaskExecutor gaussianExecutor(int dim, TestingParameterSource source) {
        return EngineTaskExecutor.builder()
                .setParameters(source)
                .setContent(new TestingContentSource())
                .setReplicaFactory(m -> new GaussianMeanField(dim, STD, m))
                .build();
    }

    static double logGaussian(double[] x, float[] mu) {
        double sq = 0;
        for (int k = 0; k < x.length; k++) {
            sq += (x[k] - mu[k]) * (x[k] - mu[k]);
        }
        return -0.5 * x.length * Math.log(2 * Math.PI * STD * STD) - sq / (2 * STD * STD);
    }
}
