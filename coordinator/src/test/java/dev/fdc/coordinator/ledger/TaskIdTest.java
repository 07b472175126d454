package dev.fdc.coordinator.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskIdTest {

    @Test
    void stringFormIsStableAndParsesBack() {
        TaskId id = new TaskId("run-7.a_b", 3, 2, 17, 5);
        assertEquals("run-7.a_b/e3/k2/n17/i5", id.toString());
        assertEquals(id, TaskId.parse(id.toString()));
    }

    @Test
    void orderIsEpochThenMirrorStepThenAmStepThenIndex() {
        List<TaskId> expected = List.of(
                new TaskId("r", 1, 9, 9, 9),
                new TaskId("r", 2, 0, 5, 3),
                new TaskId("r", 2, 1, 0, 0),
                new TaskId("r", 2, 1, 2, 0),
                new TaskId("r", 2, 1, 2, 1),
                new TaskId("r", 2, 1, 2, 10));
        List<TaskId> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(expected, shuffled);
    }

    @Test
    void malformedTextIsRefusedNamingTheText() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskId.parse("r/e1/k2/i3"));
        assertTrue(e.getMessage().contains("'r/e1/k2/i3'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskId.parse("r/e1/k2/n3/i99999999999"));
    }

    @Test
    void badComponentsAreRefusedNamingTheComponent() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TaskId("r", 1, 0, -1, 0));
        assertTrue(e.getMessage().startsWith("amStep"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> new TaskId("a/b", 1, 0, 0, 0));
        assertTrue(f.getMessage().contains("runId 'a/b'"), f.getMessage());
    }
}
