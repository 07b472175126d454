package dev.fdc.workers.actor;

import dev.fdc.protocol.ChunkLayout;
import dev.fdc.protocol.TensorNames;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteCritic;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteGradient;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteStatistics;
import dev.fdc.protocol.v1.AdjointMatchingTask;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.CriticTask;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.DeviceInfo;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.RunSetup;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.protocol.v1.StatisticsTask;
import dev.fdc.protocol.v1.Task;
import dev.fdc.protocol.v1.TensorInfo;
import dev.fdc.workers.exec.CriticOutcome;
import dev.fdc.workers.exec.GradientOutcome;
import dev.fdc.workers.exec.StatisticsOutcome;
import dev.fdc.workers.exec.TaskExecutor;
import dev.fdc.workers.exec.TaskFailure;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Runs one task on the calling (blocking) thread with the worker's {@link TaskExecutor}, built on
 * first use and rebuilt when the run or model changes, and turns every way it can end into a
 * {@link TaskResult}: out of memory and any exception become failures, a gradient with a NaN or
 * infinite element becomes a NaN failure. Calls are sequential (the worker runs one task at a
 * time), each published to the next through the actor's message passing; the fields are volatile
 * for the close at stop.
 */
final class TaskRunner {

    private final TaskExecutorFactory factory;
    private final InputCache cache;
    private final DeviceInfo device;
    private volatile TaskExecutor executor;
    private volatile RunSetup executorSetup;

    TaskRunner(TaskExecutorFactory factory, DeviceInfo device, InputCache cache) {
        this.factory = factory;
        this.device = device;
        this.cache = cache;
    }

    TaskResult run(RunSetup setup, Task task) {
        try {
            TaskExecutor exec = executorFor(setup);
            return switch (task.getKindCase()) {
                case ADJOINT_MATCHING -> adjointMatching(exec, task.getAdjointMatching());
                case STATISTICS -> statistics(exec, task.getStatistics());
                case CRITIC -> critic(exec, task.getCritic());
                case KIND_NOT_SET ->
                    TaskResult.failed(FailureKind.FAILURE_KIND_BAD_INPUT, "an empty task envelope", false);
            };
        } catch (TaskFailure f) {
            return TaskResult.failed(f);
        } catch (OutOfMemoryError e) {
            return TaskResult.failed(FailureKind.FAILURE_KIND_OUT_OF_MEMORY, String.valueOf(e.getMessage()), true);
        } catch (RuntimeException | Error e) {
            return TaskResult.failed(FailureKind.FAILURE_KIND_EXCEPTION, e.toString(), true);
        }
    }

    private static TaskResult adjointMatching(TaskExecutor exec, AdjointMatchingTask am) throws TaskFailure {
        GradientOutcome out = exec.adjointMatching(am);
        float[] g = out.gradient();
        for (int i = 0; i < g.length; i++) {
            if (!Float.isFinite(g[i])) {
                return TaskResult.failed(FailureKind.FAILURE_KIND_NAN, "gradient element " + i + " is " + g[i], true);
            }
        }
        DType dtype = am.getBf16Gradients() ? DType.DTYPE_BF16 : DType.DTYPE_FP32;
        GradientDone done = out.done().toBuilder()
                .setTaskId(am.getTaskId())
                .setParameterVersion(am.getParameterVersion())
                .setGradient(info(TensorNames.GRADIENT, g.length, dtype))
                .build();
        return new TaskResult(Map.of(TensorNames.GRADIENT, g), dtype, w -> new CompleteGradient(done, w), null);
    }

    private static TaskResult statistics(TaskExecutor exec, StatisticsTask st) throws TaskFailure {
        StatisticsOutcome out = exec.statistics(st);
        DType dtype = st.getResultDtype() == DType.DTYPE_BF16 ? DType.DTYPE_BF16 : DType.DTYPE_FP32;
        StatisticsResult.Builder summary =
                out.summary().toBuilder().setTaskId(st.getTaskId()).setParameterVersion(st.getParameterVersion());
        Map<String, float[]> arrays = new LinkedHashMap<>(out.arrays());
        if (summary.getTensorsCount() == 0) {
            arrays.forEach((name, values) -> summary.addTensors(info(name, values.length, dtype)));
        }
        StatisticsResult result = summary.build();
        return new TaskResult(arrays, dtype, w -> new CompleteStatistics(result, w), null);
    }

    private static TaskResult critic(TaskExecutor exec, CriticTask cr) throws TaskFailure {
        CriticOutcome out = exec.critic(cr);
        CriticResult result = out.summary().toBuilder()
                .setTaskId(cr.getTaskId())
                .setParameters(info(TensorNames.CRITIC_PARAMETERS, out.parameters().length, DType.DTYPE_FP32))
                .build();
        return new TaskResult(
                Map.of(TensorNames.CRITIC_PARAMETERS, out.parameters()),
                DType.DTYPE_FP32,
                w -> new CompleteCritic(result, w),
                null);
    }

    private TaskExecutor executorFor(RunSetup setup) throws TaskFailure {
        RunSetup current = executorSetup;
        if (executor == null
                || current == null
                || !current.getRunId().equals(setup.getRunId())
                || !current.getModel().equals(setup.getModel())) {
            if (executor != null) {
                executor.close();
            }
            executor = factory.create(setup, device, cache, cache);
            executorSetup = setup;
        }
        return executor;
    }

    /** Closes the executor on {@code blocking}, after any task still running there. */
    void closeLater(Executor blocking) {
        blocking.execute(() -> {
            TaskExecutor e = executor;
            if (e != null) {
                e.close();
            }
        });
    }

    private static TensorInfo info(String name, int elements, DType dtype) {
        return TensorInfo.newBuilder()
                .setName(name)
                .addShape(elements)
                .setDtype(dtype)
                .setTotalElements(elements)
                .setChunkCount(ChunkLayout.chunkCount(elements, dtype))
                .build();
    }
}
