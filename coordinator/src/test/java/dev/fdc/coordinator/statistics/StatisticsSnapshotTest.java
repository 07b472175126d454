package dev.fdc.coordinator.statistics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.numerics.features.FeatureMap;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.DoubleVector;
import dev.fdc.protocol.v1.RewardModel;
import org.junit.jupiter.api.Test;

/** Pooling order, reward keys, copies and missing statistics. */
class StatisticsSnapshotTest {

    private static RewardModel linear(double scale) {
        return RewardModel.newBuilder()
                .setAnalytic(AnalyticReward.newBuilder()
                        .setName("linear")
                        .putScalars("scale", scale)
                        .putScalars("bias", 0)
                        .putVectors(
                                "w",
                                DoubleVector.newBuilder()
                                        .addValues(1)
                                        .addValues(2)
                                        .build()))
                .build();
    }

    @Test
    void poolsChunksInTaskOrderPerReward() {
        double[] chunk = {3, 4};
        StatisticsSnapshot s = StatisticsSnapshot.builder(2)
                .addRewards(linear(1), new double[] {1, 2})
                .addRewards(linear(2), new double[] {9})
                .addRewards(linear(1), chunk)
                .build();
        chunk[0] = -1; // the snapshot holds copies
        assertArrayEquals(new double[] {1, 2, 3, 4}, s.rewards(linear(1)), 0.0);
        assertArrayEquals(new double[] {9}, s.rewards(linear(2)), 0.0);
        assertEquals(2, s.quantiles(linear(1)).quantile(0.5));
        assertEquals(2, s.mirrorStep());
    }

    @Test
    void rewardKeyIgnoresMapInsertionOrder() {
        RewardModel a = RewardModel.newBuilder()
                .setAnalytic(AnalyticReward.newBuilder()
                        .setName("corner")
                        .putScalars("x", 1)
                        .putScalars("y", 2))
                .build();
        RewardModel b = RewardModel.newBuilder()
                .setAnalytic(AnalyticReward.newBuilder()
                        .setName("corner")
                        .putScalars("y", 2)
                        .putScalars("x", 1))
                .build();
        assertEquals(StatisticsSnapshot.rewardKey(a), StatisticsSnapshot.rewardKey(b));
        assertTrue(StatisticsSnapshot.rewardKey(a).startsWith("analytic:corner"));
    }

    @Test
    void missingStatisticNamesIt() {
        StatisticsSnapshot s = StatisticsSnapshot.builder(1).build();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.quantiles(linear(1)));
        assertTrue(e.getMessage().contains("rewards of analytic:linear"), e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> s.featureMoments(FeatureMap.IDENTITY));
        assertTrue(e.getMessage().contains("identity"), e.getMessage());
        assertTrue(s.logDensities().isEmpty());
    }

    @Test
    void mirrorStepsCountFromOne() {
        assertThrows(IllegalArgumentException.class, () -> StatisticsSnapshot.builder(0));
    }
}
