package dev.fdc.coordinator.run;

import dev.fdc.coordinator.checkpoint.CheckpointState;
import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.StatisticsTask;
import java.util.ArrayList;
import java.util.List;

/** The core's actions as the core's tests read them: each issued task by kind with its key, or a checkpoint. */
sealed interface Task {

    record AdjointMatching(TaskKey id, AdjointMatchingTask proto) implements Task {}

    record Statistics(TaskKey id, StatisticsTask proto) implements Task {}

    record Critic(TaskKey id, CriticTask proto) implements Task {}

    record Checkpoint(CheckpointState state) implements Task {}

    /** The view of {@code actions}, in order. */
    static List<Task> of(List<RunAction> actions) {
        List<Task> out = new ArrayList<>();
        for (RunAction a : actions) {
            if (a instanceof RunAction.WriteCheckpoint w) {
                out.add(new Checkpoint(w.state()));
                continue;
            }
            var t = ((RunAction.Issue) a).task();
            out.add(
                    switch (t.getKindCase()) {
                        case ADJOINT_MATCHING ->
                            new AdjointMatching(
                                    TaskKey.of(t.getAdjointMatching().getTaskId()), t.getAdjointMatching());
                        case STATISTICS ->
                            new Statistics(TaskKey.of(t.getStatistics().getTaskId()), t.getStatistics());
                        case CRITIC -> new Critic(TaskKey.of(t.getCritic().getTaskId()), t.getCritic());
                        case KIND_NOT_SET -> throw new AssertionError("empty task envelope");
                    });
        }
        return out;
    }
}
