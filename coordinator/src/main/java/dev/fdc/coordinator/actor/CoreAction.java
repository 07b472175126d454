package dev.fdc.coordinator.actor;

import com.google.protobuf.Message;
import dev.fdc.coordinator.checkpoint.CheckpointState;

/** What {@link RunCorePort#poll} asks the coordinator actor to do. */
public sealed interface CoreAction {

    /** Issue this task (an AdjointMatchingTask, StatisticsTask or CriticTask) to the next idle worker. */
    record Issue(Message task) implements CoreAction {}

    /** Write this state (captured when the checkpoint became due) now. */
    record CheckpointDue(CheckpointState state) implements CoreAction {}
}
