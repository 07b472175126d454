package dev.fdc.coordinator.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskKeyTest {

    @Test
    void stringFormIsStableAndParsesBack() {
        TaskKey id = new TaskKey("run-7.a_b", 3, 2, 17, 5);
        assertEquals("run-7.a_b/e3/k2/n17/i5", id.toString());
        assertEquals(id, TaskKey.parse(id.toString()));
    }

    @Test
    void orderIsEpochThenMirrorStepThenAmStepThenIndex() {
        List<TaskKey> expected = List.of(
                new TaskKey("r", 1, 9, 9, 9),
                new TaskKey("r", 2, 0, 5, 3),
                new TaskKey("r", 2, 1, 0, 0),
                new TaskKey("r", 2, 1, 2, 0),
                new TaskKey("r", 2, 1, 2, 1),
                new TaskKey("r", 2, 1, 2, 10));
        List<TaskKey> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        Collections.sort(shuffled);
        assertEquals(expected, shuffled);
    }

    @Test
    void malformedTextIsRefusedNamingTheText() {
        var e = assertThrows(IllegalArgumentException.class, () -> TaskKey.parse("r/e1/k2/i3"));
        assertTrue(e.getMessage().contains("'r/e1/k2/i3'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TaskKey.parse("r/e1/k2/n3/i99999999999"));
    }

    @Test
    void badComponentsAreRefusedNamingTheComponent() {
        var e = assertThrows(IllegalArgumentException.class, () -> new TaskKey("r", 1, 0, -1, 0));
        assertTrue(e.getMessage().startsWith("amStep"), e.getMessage());
        var f = assertThrows(IllegalArgumentException.class, () -> new TaskKey("a/b", 1, 0, 0, 0));
        assertTrue(f.getMessage().contains("runId 'a/b'"), f.getMessage());
    }
}
