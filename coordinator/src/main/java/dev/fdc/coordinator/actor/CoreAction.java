package dev.fdc.coordinator.actor;

import com.google.protobuf.Message;

/** What {@link RunCorePort#poll} asks the coordinator actor to do. */
public sealed interface CoreAction {

    /** Issue this task (an AdjointMatchingTask, StatisticsTask or CriticTask) to the next idle worker. */
    record Issue(Message task) implements CoreAction {}

    /** Write {@link RunCorePort#checkpoint()} now. */
    record CheckpointDue() implements CoreAction {}
}
