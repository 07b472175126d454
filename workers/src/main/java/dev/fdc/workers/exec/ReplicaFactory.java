package dev.fdc.workers.exec;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.model.ModelFactory;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.protocol.v1.FailureKind;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import java.io.IOException;

/**
 * Builds an empty model replica (its parameter values are overwritten with a fetched version),
 * with its arrays in a sub-manager of the given manager. {@link #of} builds the run's
 * {@link ModelSpec}; tests may supply analytic fields (parameter-free: versions of zero values).
 */
@FunctionalInterface
public interface ReplicaFactory {

    /** A new replica in a sub-manager of {@code manager}. */
    VelocityField create(NDManager manager) throws TaskFailure;

    /**
     * Replicas of {@code spec} (validated now); a TorchScript module's bytes are fetched from
     * {@code content} on the first replica and kept.
     *
     * @throws IllegalArgumentException if the spec is invalid, naming the field
     */
    static ReplicaFactory of(ModelSpec spec, ContentSource content) {
        ModelFactory.validate(spec);
        byte[][] bytes = new byte[1][];
        return manager -> {
            if (spec.getKind() == ModelKind.MODEL_KIND_TORCHSCRIPT && bytes[0] == null) {
                bytes[0] = content.bytes(spec.getTorchscript());
            }
            try {
                return ModelFactory.create(spec, bytes[0], manager);
            } catch (IOException | IllegalArgumentException e) {
                throw new TaskFailure(
                        FailureKind.FAILURE_KIND_BAD_INPUT,
                        "model " + spec.getKind() + ": " + e.getMessage(),
                        false,
                        e);
            }
        };
    }
}
