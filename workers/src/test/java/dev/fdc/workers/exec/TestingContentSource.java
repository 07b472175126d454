package dev.fdc.workers.exec;

import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.FailureKind;
import java.util.HashMap;
import java.util.Map;

/** Contents held in maps by content id. */
final class TestingContentSource implements ContentSource {

    private final Map<String, float[]> floats = new HashMap<>();
    private final Map<String, byte[]> bytes = new HashMap<>();

    static ContentRef ref(String id) {
        return ContentRef.newBuilder().setContentId(id).build();
    }

    TestingContentSource put(String id, float[] values) {
        floats.put(id, values.clone());
        return this;
    }

    TestingContentSource put(String id, byte[] values) {
        bytes.put(id, values.clone());
        return this;
    }

    @Override
    public float[] floats(ContentRef ref) throws TaskFailure {
        float[] v = floats.get(ref.getContentId());
        if (v == null) {
            throw new TaskFailure(
                    FailureKind.FAILURE_KIND_BAD_INPUT, "no content '" + ref.getContentId() + "'", false, null);
        }
        return v.clone();
    }

    @Override
    public byte[] bytes(ContentRef ref) throws TaskFailure {
        byte[] v = bytes.get(ref.getContentId());
        if (v == null) {
            throw new TaskFailure(
                    FailureKind.FAILURE_KIND_BAD_INPUT, "no content '" + ref.getContentId() + "'", false, null);
        }
        return v.clone();
    }
}
