package dev.fdc.workers.actor;

import dev.fdc.protocol.message.CoordinatorCommand;
import dev.fdc.protocol.v1.DType;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.workers.exec.TaskFailure;
import java.util.Map;
import java.util.function.Function;

/**
 * What running one task produced: the result tensors to upload (by name), their wire type and the
 * completion message that follows them (built for the sender's address), or a failure.
 */
record TaskResult(
        Map<String, float[]> tensors,
        DType dtype,
        Function<String, CoordinatorCommand> completion,
        TaskFailure failure) {

    static TaskResult failed(FailureKind kind, String message, boolean retryable) {
        return failed(new TaskFailure(kind, message, retryable, null));
    }

    static TaskResult failed(TaskFailure failure) {
        return new TaskResult(Map.of(), DType.DTYPE_FP32, null, failure);
    }

    /** The completion message, addressed from {@code worker}. */
    CoordinatorCommand completion(String worker) {
        return completion.apply(worker);
    }
}
