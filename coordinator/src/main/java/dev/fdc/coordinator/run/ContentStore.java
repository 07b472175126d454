package dev.fdc.coordinator.run;

import dev.fdc.protocol.v1.ContentRef;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Large term contents (sample sets, critic parameters) under content ids, referenced from tasks
 * and linearized rewards by {@link ContentRef} (byte size of the little-endian fp32 payload and its
 * SHA-256). Stored arrays are immutable.
 */
public final class ContentStore {

    private final Map<String, float[]> contents = new LinkedHashMap<>();

    /** Stores {@code values} (not copied; must not change) under {@code id} and returns its ref. */
    ContentRef put(String id, float[] values) {
        contents.put(id, values);
        return ref(id, values);
    }

    /** The reference of stored values. */
    static ContentRef ref(String id, float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(b.array());
            return ContentRef.newBuilder()
                    .setContentId(id)
                    .setByteSize(values.length * 4L)
                    .setSha256(HexFormat.of().formatHex(sha))
                    .build();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    /** Forgets {@code id}. */
    void remove(String id) {
        contents.remove(id);
    }

    /** Every stored content by id (for checkpoints). */
    Map<String, float[]> all() {
        return contents;
    }

    /**
     * The values of {@code ref} (do not modify).
     *
     * @throws NoSuchElementException naming the id if it is not stored
     */
    public float[] get(ContentRef ref) {
        float[] v = contents.get(ref.getContentId());
        if (v == null) {
            throw new NoSuchElementException(
                    "content '" + ref.getContentId() + "' is not stored; have " + contents.keySet());
        }
        return v;
    }
}
