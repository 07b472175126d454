package dev.fdc.protocol.wire;

import com.google.protobuf.InvalidProtocolBufferException;
import java.io.NotSerializableException;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Pekko's serializer for fdc's cross-node actor messages: {@link MessageCodec} under the record's
 * simple name as the manifest. Bound in the launcher's {@code reference.conf} to the three receiver
 * interfaces of {@code dev.fdc.protocol.message}. Bytes that do not parse are refused with {@link
 * NotSerializableException} (Pekko drops the message and logs it), so a malformed message never
 * reaches an actor; the sender's timeout and retry take over.
 */
public final class FdcMessageSerializer extends SerializerWithStringManifest {

    /** This serializer's id in Pekko's serializer table; unique among the system's serializers. */
    public static final int IDENTIFIER = 0x0FDC_0001;

    /** Called by Pekko with the system it serves. */
    public FdcMessageSerializer(ExtendedActorSystem system) {}

    /** For tests and tools outside an actor system. */
    public FdcMessageSerializer() {}

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        return MessageCodec.manifest(o)
                .orElseThrow(() -> new IllegalArgumentException("FdcMessageSerializer cannot serialize "
                        + o.getClass().getName() + ": not one of the records of dev.fdc.protocol.message"));
    }

    @Override
    public byte[] toBinary(Object o) {
        return MessageCodec.encode(o);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        try {
            return MessageCodec.decode(bytes, manifest);
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            NotSerializableException n =
                    new NotSerializableException("malformed fdc message " + manifest + ": " + e.getMessage());
            n.initCause(e);
            throw n;
        }
    }
}
