package dev.fdc.workers.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.ParameterVersion;
import org.junit.jupiter.api.Test;

/** The version cache: each version fetched once while kept; LRU eviction; a new epoch drops older ones. */
class EngineTaskExecutorCacheTest {

    @Test
    void eachVersionIsFetchedOnceAcrossManyTasks() throws Exception {
        TestingParameterSource source = ExecutorFixtures.source();
        try (EngineTaskExecutor e = ExecutorFixtures.executor(source)) {
            for (int n = 1; n <= 6; n++) {
                e.adjointMatching(ExecutorFixtures.amTask(n));
            }
            // base V1 as the model being trained too (first AM step of a mirror step)
            e.adjointMatching(ExecutorFixtures.amTask(7).toBuilder()
                    .setParameterVersion(ExecutorFixtures.V1)
                    .build());
        }
        assertEquals(1, source.fetches(ExecutorFixtures.V2), "parameter_version V2");
        assertEquals(1, source.fetches(ExecutorFixtures.V1), "base_version V1");
        assertEquals(0, source.fetches(ExecutorFixtures.PRE), "no term needs the pre-trained model");
    }

    @Test
    void leastRecentlyUsedVersionsAreDroppedAndRefetched() throws Exception {
        TestingParameterSource source = ExecutorFixtures.source();
        ParameterVersion[] vs = new ParameterVersion[5];
        for (int i = 0; i < vs.length; i++) {
            vs[i] = TestingParameterSource.version(1, 10 + i);
            source.publish(vs[i], ExecutorFixtures.parameters(10 + i));
        }
        try (EngineTaskExecutor e = EngineTaskExecutor.builder()
                .setParameters(source)
                .setContent(new TestingContentSource())
                .setModel(ExecutorFixtures.MODEL)
                .optCacheCapacity(3)
                .build()) {
            AdjointMatchingTask base =
                    ExecutorFixtures.amTask(1).toBuilder().setBaseVersion(vs[0]).build();
            float[] first = null;
            for (int i = 1; i < vs.length; i++) { // base v0 stays recent; the trained versions rotate
                float[] g = e.adjointMatching(
                                base.toBuilder().setParameterVersion(vs[i]).build())
                        .gradient();
                first = first == null ? g : first;
            }
            assertEquals(1, source.fetches(vs[0]), "the base, used by every task, is never dropped");
            float[] again = e.adjointMatching(
                            base.toBuilder().setParameterVersion(vs[1]).build())
                    .gradient();
            assertEquals(2, source.fetches(vs[1]), "v1 was dropped (capacity 3) and fetched again");
            assertArrayEquals(first, again, "a refetched version gives the same gradient");
        }
    }

    @Test
    void aNewEpochDropsVersionsOfOlderEpochs() throws Exception {
        TestingParameterSource source = ExecutorFixtures.source();
        ParameterVersion e2 = TestingParameterSource.version(2, 1);
        source.publish(e2, ExecutorFixtures.parameters(2));
        try (EngineTaskExecutor e = ExecutorFixtures.executor(source)) {
            e.adjointMatching(ExecutorFixtures.amTask(1));
            int before = e.liveNativeArrays();
            e.adjointMatching(ExecutorFixtures.amTask(2).toBuilder()
                    .setParameterVersion(e2)
                    .setBaseVersion(e2)
                    .build());
            // an MLP replica of 3 layers holds 6 arrays (weight and bias each)
            assertEquals(before - 6, e.liveNativeArrays(), "two epoch-1 replicas dropped, one epoch-2 replica added");
            e.adjointMatching(ExecutorFixtures.amTask(3));
            assertEquals(2, source.fetches(ExecutorFixtures.V2), "epoch-1 versions were dropped, so fetched again");
        }
    }
}
