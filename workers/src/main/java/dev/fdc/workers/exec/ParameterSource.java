package dev.fdc.workers.exec;

import dev.fdc.protocol.v1.ParameterVersion;

/**
 * Where an executor gets the flat parameters of a version it does not have cached: the
 * coordinator's parameter store (by reference in one JVM, in chunks across nodes).
 */
public interface ParameterSource {

    /** The parameters of {@code version}; throws when the version is unknown or no longer kept. */
    float[] fetch(ParameterVersion version) throws TaskFailure;
}
