package dev.fdc.workers.actor;

import com.google.protobuf.Message;
import dev.fdc.protocol.message.CoordinatorCommand;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteCritic;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteGradient;
import dev.fdc.protocol.message.CoordinatorMessages.CompleteStatistics;
import dev.fdc.protocol.v1.CriticResult;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.GradientDone;
import dev.fdc.protocol.v1.StatisticsResult;
import dev.fdc.workers.exec.TaskFailure;
import java.util.Map;

/**
 * What running one task produced: the result tensors to upload (by name) and the completion
 * message that follows them, or a failure.
 */
record TaskResult(Map<String, float[]> tensors, DType dtype, Message summary, TaskFailure failure) {

    static TaskResult failed(FailureKind kind, String message, boolean retryable) {
        return new TaskResult(Map.of(), DType.DTYPE_FP32, null, new TaskFailure(kind, message, retryable, null));
    }

    static TaskResult failed(TaskFailure failure) {
        return new TaskResult(Map.of(), DType.DTYPE_FP32, null, failure);
    }

    /** The completion message, addressed from {@code worker}. */
    CoordinatorCommand completion(String worker) {
        if (summary instanceof GradientDone done) {
            return new CompleteGradient(done, worker);
        }
        if (summary instanceof StatisticsResult result) {
            return new CompleteStatistics(result, worker);
        }
        return new CompleteCritic((CriticResult) summary, worker);
    }
}
