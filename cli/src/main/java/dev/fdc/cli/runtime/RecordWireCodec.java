package dev.fdc.cli.runtime;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.List;

/**
 * Writes one message record as a protobuf message: record component {@code i} (0-based) is field
 * {@code i + 1}; {@code String} is a string field, {@code int}/{@code long} varints, {@code boolean}
 * a bool, a protobuf {@link Message} an embedded message. A reader of an older layout skips fields
 * it does not know, and a missing field decodes as the type's default (empty string, 0, the
 * message's default instance), as in proto3. A malformed payload is an {@link IOException} naming
 * the record and field.
 */
final class RecordWireCodec<T extends Record> {

    private final Class<T> type;
    private final RecordComponent[] components;
    private final MethodHandle[] accessors;
    private final MethodHandle[] parsers;
    private final Object[] defaults;
    private final MethodHandle constructor;

    RecordWireCodec(Class<T> type) {
        this.type = type;
        this.components = type.getRecordComponents();
        int n = components.length;
        this.accessors = new MethodHandle[n];
        this.parsers = new MethodHandle[n];
        this.defaults = new Object[n];
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        try {
            Class<?>[] types = new Class<?>[n];
            for (int i = 0; i < n; i++) {
                Class<?> c = components[i].getType();
                types[i] = c;
                accessors[i] = lookup.unreflect(components[i].getAccessor());
                if (Message.class.isAssignableFrom(c)) {
                    parsers[i] = lookup.findStatic(c, "parseFrom", MethodType.methodType(c, ByteString.class));
                    defaults[i] = c.getMethod("getDefaultInstance").invoke(null);
                } else if (c == String.class) {
                    defaults[i] = "";
                } else if (c == int.class) {
                    defaults[i] = 0;
                } else if (c == long.class) {
                    defaults[i] = 0L;
                } else if (c == boolean.class) {
                    defaults[i] = false;
                } else {
                    throw new IllegalArgumentException(type.getName() + "." + components[i].getName()
                            + ": unsupported component type " + c.getName());
                }
            }
            this.constructor = lookup.findConstructor(type, MethodType.methodType(void.class, List.of(types)));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot serialize " + type.getName() + ": " + e, e);
        }
    }

    Class<T> type() {
        return type;
    }

    byte[] write(Object record) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (int i = 0; i < components.length; i++) {
                Object value = accessors[i].invoke(record);
                int field = i + 1;
                if (value == null) {
                    continue;
                } else if (value instanceof String s) {
                    out.writeString(field, s);
                } else if (value instanceof Integer v) {
                    out.writeInt32(field, v);
                } else if (value instanceof Long v) {
                    out.writeInt64(field, v);
                } else if (value instanceof Boolean v) {
                    out.writeBool(field, v);
                } else {
                    out.writeBytes(field, ((Message) value).toByteString());
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot serialize " + type.getSimpleName() + ": " + e, e);
        }
    }

    T read(byte[] bytes) throws IOException {
        Object[] values = defaults.clone();
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        int tag;
        while ((tag = in.readTag()) != 0) {
            int field = WireFormat.getTagFieldNumber(tag);
            if (field < 1 || field > components.length) {
                in.skipField(tag);
                continue;
            }
            int i = field - 1;
            Class<?> c = components[i].getType();
            int wire = WireFormat.getTagWireType(tag);
            int expected = c == String.class || parsers[i] != null
                    ? WireFormat.WIRETYPE_LENGTH_DELIMITED
                    : WireFormat.WIRETYPE_VARINT;
            if (wire != expected) {
                throw new IOException(type.getSimpleName() + "." + components[i].getName() + " (field " + field
                        + "): wire type " + wire + ", expected " + expected);
            }
            try {
                if (c == String.class) {
                    values[i] = in.readStringRequireUtf8();
                } else if (c == int.class) {
                    values[i] = in.readInt32();
                } else if (c == long.class) {
                    values[i] = in.readInt64();
                } else if (c == boolean.class) {
                    values[i] = in.readBool();
                } else {
                    values[i] = parsers[i].invoke(in.readBytes());
                }
            } catch (IOException e) {
                throw new IOException(
                        type.getSimpleName() + "." + components[i].getName() + " (field " + field + "): "
                                + e.getMessage(),
                        e);
            } catch (Throwable e) {
                throw new IOException(
                        type.getSimpleName() + "." + components[i].getName() + " (field " + field + "): " + e, e);
            }
        }
        try {
            return type.cast(constructor.invokeWithArguments(values));
        } catch (Throwable e) {
            throw new IOException("cannot build " + type.getSimpleName() + ": " + e, e);
        }
    }
}
