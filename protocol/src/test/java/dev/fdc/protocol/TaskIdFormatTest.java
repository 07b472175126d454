package dev.fdc.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.TaskId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The string forms of task ids and parameter versions. */
class TaskIdFormatTest {

    @Test
    void formatsTaskIdsAsRunEpochStepsAndIndex() {
        assertEquals("r1/e2/k1/n4/i0", TaskIdFormat.format(TestTensors.TASK));
    }

    @Test
    void parsesWhatItFormats() {
        TaskId id = TaskId.newBuilder()
                .setRunId("runs/2025-01-01/a")
                .setCoordinatorEpoch(123456789012L)
                .setMirrorStep(7)
                .setAmStep(0)
                .setTaskIndex(31)
                .build();
        assertEquals("runs/2025-01-01/a/e123456789012/k7/n0/i31", TaskIdFormat.format(id));
        assertEquals(id, TaskIdFormat.parse(TaskIdFormat.format(id)));
        assertEquals(TestTensors.TASK, TaskIdFormat.parse("r1/e2/k1/n4/i0"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "r1",
                "/e2/k1/n4/i0",
                "r1/e2/k1/n4",
                "r1/e2/k1/n4/ix",
                "r1/k1/e2/n4/i0",
                "r1/e2/k1/n4/i0/",
                "r1/e2/k99999999999/n4/i0"
            })
    void rejectsMalformedTaskIdsNamingTheForm(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskIdFormat.parse(text));
        assertTrue(e.getMessage().contains("\"" + text + "\""), e.getMessage());
    }

    @Test
    void formatsAndParsesParameterVersions() {
        assertEquals("e2/v17", ParameterVersionFormat.format(TestTensors.VERSION));
        assertEquals(TestTensors.VERSION, ParameterVersionFormat.parse("e2/v17"));
        ParameterVersion zero = ParameterVersion.getDefaultInstance();
        assertEquals(zero, ParameterVersionFormat.parse(ParameterVersionFormat.format(zero)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "e2", "v17/e2", "e2/v", "e2/v17/x"})
    void rejectsMalformedParameterVersions(String text) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ParameterVersionFormat.parse(text));
        assertTrue(e.getMessage().contains("e<epoch>/v<version>"), e.getMessage());
    }
}
