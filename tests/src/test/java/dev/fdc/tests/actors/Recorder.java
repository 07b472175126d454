package dev.fdc.tests.actors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the {@link TestingRunCore}s of a test applied, across coordinator incarnations; thread-safe. */
final class Recorder {

    /** One applied gradient: its task, the version it was computed against, the version then, the mirror step then. */
    record Applied(TaskKey task, long taskVersion, long versionAtApply, int mirrorStepAtApply) {}

    private final List<Applied> applied = new ArrayList<>();
    private final Set<TaskKey> ids = new HashSet<>();
    private final List<TaskKey> twice = new ArrayList<>();

    synchronized void applied(TaskKey task, long taskVersion, long versionAtApply, int mirrorStep) {
        applied.add(new Applied(task, taskVersion, versionAtApply, mirrorStep));
        if (!ids.add(task)) {
            twice.add(task);
        }
    }

    synchronized List<Applied> applied() {
        return List.copyOf(applied);
    }

    synchronized List<TaskKey> appliedTwice() {
        return List.copyOf(twice);
    }
}
