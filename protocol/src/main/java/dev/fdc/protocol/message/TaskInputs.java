package dev.fdc.protocol.message;

import com.google.protobuf.Message;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.TaskId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a task needs before it can run: the parameter versions and stored contents it names. The
 * coordinator publishes them to its parameter store before assigning the task; the worker fetches
 * the ones its cache lacks before it starts computing.
 *
 * @param taskId the task's id
 * @param versions parameter versions, in the order the task names them, without duplicates
 * @param contents content references, in the order the task names them, without duplicates
 */
public record TaskInputs(TaskId taskId, List<ParameterVersion> versions, List<ContentRef> contents) {

    public TaskInputs {
        versions = List.copyOf(versions);
        contents = List.copyOf(contents);
    }

    /**
     * The inputs of an {@link AdjointMatchingTask}, {@link StatisticsTask} or {@link CriticTask}.
     *
     * @throws IllegalArgumentException for any other message, naming its type
     */
    public static TaskInputs of(Message task) {
        Set<ParameterVersion> versions = new LinkedHashSet<>();
        Set<ContentRef> contents = new LinkedHashSet<>();
        if (task instanceof AdjointMatchingTask am) {
            versions.add(am.getParameterVersion());
            if (am.hasBaseVersion()) {
                versions.add(am.getBaseVersion());
            }
            if (am.hasPretrainedVersion()) {
                versions.add(am.getPretrainedVersion());
            }
            for (LinearizedTerm term : am.getReward().getTermsList()) {
                if (term.hasPotential()) {
                    contents.add(term.getPotential().getParameters());
                }
                if (term.hasWitness()) {
                    contents.add(term.getWitness().getCurrentSamples());
                    contents.add(term.getWitness().getPreSamples());
                }
            }
            return new TaskInputs(am.getTaskId(), new ArrayList<>(versions), new ArrayList<>(contents));
        }
        if (task instanceof StatisticsTask st) {
            versions.add(st.getParameterVersion());
            if (st.hasLogDensityRatio()) {
                versions.add(st.getLogDensityRatio().getPretrainedVersion());
            }
            return new TaskInputs(st.getTaskId(), new ArrayList<>(versions), List.of());
        }
        if (task instanceof CriticTask cr) {
            contents.add(cr.getCurrentSamples());
            contents.add(cr.getPreSamples());
            if (cr.hasInitialParameters()) {
                contents.add(cr.getInitialParameters());
            }
            return new TaskInputs(cr.getTaskId(), List.of(), new ArrayList<>(contents));
        }
        throw new IllegalArgumentException("not a task: " + task.getClass().getSimpleName()
                + " (expected AdjointMatchingTask, StatisticsTask or CriticTask)");
    }

    /** The id of an {@link AdjointMatchingTask}, {@link StatisticsTask} or {@link CriticTask}. */
    public static TaskId idOf(Message task) {
        if (task instanceof AdjointMatchingTask am) {
            return am.getTaskId();
        }
        if (task instanceof StatisticsTask st) {
            return st.getTaskId();
        }
        if (task instanceof CriticTask cr) {
            return cr.getTaskId();
        }
        throw new IllegalArgumentException("not a task: " + task.getClass().getSimpleName());
    }

    /** The assignment message that carries {@code task} to a worker. */
    public static WorkerCommand assignment(Message task) {
        if (task instanceof AdjointMatchingTask am) {
            return new WorkerMessages.AssignAdjointMatching(am);
        }
        if (task instanceof StatisticsTask st) {
            return new WorkerMessages.AssignStatistics(st);
        }
        if (task instanceof CriticTask cr) {
            return new WorkerMessages.AssignCritic(cr);
        }
        throw new IllegalArgumentException("not a task: " + task.getClass().getSimpleName());
    }
}
