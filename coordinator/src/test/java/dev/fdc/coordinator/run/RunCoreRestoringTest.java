package dev.fdc.coordinator.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.checkpoint.CheckpointStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A sync run checkpointed after update j, written through a {@link CheckpointStore}, read back and
 * resumed under a new epoch ends with exactly the bits of an uninterrupted run: parameters, Adam
 * moments and step, loss-clip threshold.
 */
class RunCoreRestoringTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "stop at the checkpoint of version {0}")
    @ValueSource(longs = {2, 3, 4})
    void resumedRunIsBitIdentical(long stopAt) throws Exception {
        String overrides = "fdc.mirror { schedule = trust-region, eta = 2.0 }";
        RunCore whole = RunCore.start(TestingRuns.spec(TestingRuns.config(overrides), 0), RunListener.NONE);
        List<CheckpointState> all = TestingRuns.drive(whole, new Random(1), c -> false);
        assertTrue(whole.isDone());

        RunCore first = RunCore.start(TestingRuns.spec(TestingRuns.config(overrides), 0), RunListener.NONE);
        List<CheckpointState> seen = TestingRuns.drive(first, new Random(2), c -> c.parameterVersion() == stopAt);
        CheckpointState at = seen.get(seen.size() - 1);
        assertEquals(stopAt, at.parameterVersion());
        CheckpointStore store = new CheckpointStore(dir, 2);
        store.write(at);
        long epoch = store.takeNewEpoch();
        assertEquals(1, epoch);
        CheckpointState loaded = store.loadLatest().orElseThrow();

        RunCore resumed =
                RunCore.resume(TestingRuns.spec(TestingRuns.config(overrides), epoch), loaded, RunListener.NONE);
        List<CheckpointState> after = TestingRuns.drive(resumed, new Random(3), c -> false);
        assertTrue(resumed.isDone());
        assertEquals(
                whole.currentVersion().getVersion(), resumed.currentVersion().getVersion());
        assertEquals(1, resumed.currentVersion().getEpoch(), "versions are republished in the new epoch");
        assertArrayEquals(whole.currentParameters(), resumed.currentParameters());
        var a = whole.checkpoint().optimizer();
        var b = resumed.checkpoint().optimizer();
        assertArrayEquals(a.m(), b.m());
        assertArrayEquals(a.v(), b.v());
        assertEquals(a.step(), b.step());
        CheckpointState lastWhole = all.get(all.size() - 1);
        CheckpointState lastResumed = after.get(after.size() - 1);
        assertArrayEquals(lastWhole.lossClipState(), lastResumed.lossClipState());
        assertEquals(lastWhole.scheduleState(), lastResumed.scheduleState(), "trust-region η after the control costs");
        assertArrayEquals(lastWhole.base(), lastResumed.base());
    }
}
