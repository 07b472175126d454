package dev.fdc.workers.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fdc.protocol.v1.StatisticsTask;
import org.junit.jupiter.api.Test;

/** Tasks leave no native arrays behind: the executor's live count is the same before and after. */
class EngineTaskExecutorResourceTest {

    @Test
    void fiveHundredAdjointMatchingTasksLeaveTheLiveNativeArrayCountUnchanged() throws Exception {
        try (EngineTaskExecutor e = ExecutorFixtures.executor(ExecutorFixtures.source())) {
            StatisticsTask stats = StatisticsTask.newBuilder()
                    .setTaskId(ExecutorFixtures.taskId(1, 0, 0))
                    .setParameterVersion(ExecutorFixtures.V2)
                    .setSampleCount(16)
                    .setGridSteps(8)
                    .setReturnSamples(true)
                    .setReward(ExecutorFixtures.linear(1, 1))
                    .setFeatures("quadratic")
                    .build();
            e.adjointMatching(ExecutorFixtures.amTask(0)); // replicas and the trainable copy are built here
            e.statistics(stats);
            int before = e.liveNativeArrays();
            for (int n = 1; n <= 500; n++) {
                e.adjointMatching(ExecutorFixtures.amTask(n));
                if (n % 100 == 0) {
                    e.statistics(stats);
                }
            }
            int after = e.liveNativeArrays();
            System.out.printf("[executor] live native arrays before %d, after 500 tasks %d%n", before, after);
            assertEquals(before, after, "live native arrays after 500 Adjoint Matching tasks");
        }
    }
}
