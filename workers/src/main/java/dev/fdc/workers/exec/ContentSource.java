package dev.fdc.workers.exec;

import dev.fdc.protocol.v1.ContentRef;

/** Large task contents (sample sets, critic parameters, TorchScript bytes) by content id. */
public interface ContentSource {

    /** Float contents (sample sets, critic parameters). */
    float[] floats(ContentRef ref) throws TaskFailure;

    /** Raw bytes (TorchScript modules). */
    byte[] bytes(ContentRef ref) throws TaskFailure;
}
