package dev.fdc.protocol.message;

import dev.fdc.protocol.Tasks;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.ParameterVersion;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.Task;
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

    /** The inputs of a task: the versions and contents its kind names. */
    public static TaskInputs of(Task task) {
        Set<ParameterVersion> versions = new LinkedHashSet<>();
        Set<ContentRef> contents = new LinkedHashSet<>();
        switch (task.getKindCase()) {
            case ADJOINT_MATCHING -> {
                AdjointMatchingTask am = task.getAdjointMatching();
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
            }
            case STATISTICS -> {
                StatisticsTask st = task.getStatistics();
                versions.add(st.getParameterVersion());
                if (st.hasLogDensityRatio()) {
                    versions.add(st.getLogDensityRatio().getPretrainedVersion());
                }
            }
            case CRITIC -> {
                CriticTask cr = task.getCritic();
                contents.add(cr.getCurrentSamples());
                contents.add(cr.getPreSamples());
                if (cr.hasInitialParameters()) {
                    contents.add(cr.getInitialParameters());
                }
            }
            case KIND_NOT_SET -> throw new IllegalArgumentException("a task envelope without a task");
        }
        return new TaskInputs(Tasks.id(task), new ArrayList<>(versions), new ArrayList<>(contents));
    }
}
