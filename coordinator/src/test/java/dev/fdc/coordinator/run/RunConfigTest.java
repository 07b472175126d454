package dev.fdc.coordinator.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.objective.BadConfigException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Parsing fdc.run: defaults from reference.conf, overrides, errors naming the key. */
class RunConfigTest {

    @Test
    void defaultsFromReferenceConf() {
        RunConfig c = RunConfig.parse(ConfigFactory.empty());
        assertEquals(5, c.mirrorSteps());
        assertEquals(RunConfig.Mode.SYNC, c.mode());
        assertEquals(Duration.ofMinutes(10), c.taskTimeout());
        assertEquals(20, c.timeSubsetSize(), "2⌊40/4⌋");
        assertTrue(c.finalEstimate());
    }

    @Test
    void overrides() {
        RunConfig c = RunConfig.parse(ConfigFactory.parseString(
                "fdc.run { mode = async, max-staleness = 3, loss-clip.multiplier = 2, task-timeout = 30s }"));
        assertEquals(RunConfig.Mode.ASYNC, c.mode());
        assertEquals(3, c.maxStaleness());
        assertEquals(2.0, c.lossClipMultiplier());
        assertEquals(Duration.ofSeconds(30), c.taskTimeout());
    }

    @Test
    void errorsNameTheKey() {
        assertPath("fdc.run.mirror-step", "fdc.run.mirror-step = 3");
        assertPath("fdc.run.mode", "fdc.run.mode = sometimes");
        assertPath("fdc.run.am-steps", "fdc.run.am-steps = 0");
        assertPath("fdc.run.loss-clip.decay", "fdc.run.loss-clip.decay = 1");
        assertPath("fdc.run.task-timeout", "fdc.run.task-timeout = soon");
        assertPath("fdc.run.statistics-samples", "fdc.run { tasks-per-step = 8, statistics-samples = 4 }");
        assertPath("fdc.run.final-estimate", "fdc.run.final-estimate = maybe");
        assertPath("fdc.run.critic.layers", "fdc.run.critic.layers = 3");
    }

    private static void assertPath(String path, String hocon) {
        BadConfigException e =
                assertThrows(BadConfigException.class, () -> RunConfig.parse(ConfigFactory.parseString(hocon)));
        assertEquals(path, e.path(), e.getMessage());
    }
}
