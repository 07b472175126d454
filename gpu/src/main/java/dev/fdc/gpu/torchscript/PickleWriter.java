package dev.fdc.gpu.torchscript;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The subset of Python's pickle protocol 2 that libtorch's {@code Unpickler} reads in a
 * TorchScript archive: the opcodes PyTorch's own {@code Pickler} emits for module objects,
 * tensors, strings, ints, bools and tuples. No memo is written (nothing is shared).
 */
final class PickleWriter {

    private static final int PROTO = 0x80;
    private static final int GLOBAL = 'c';
    private static final int EMPTY_TUPLE = ')';
    private static final int NEWOBJ = 0x81;
    private static final int EMPTY_DICT = '}';
    private static final int MARK = '(';
    private static final int SETITEMS = 'u';
    private static final int BUILD = 'b';
    private static final int TUPLE = 't';
    private static final int REDUCE = 'R';
    private static final int BINPERSID = 'Q';
    private static final int BINUNICODE = 'X';
    private static final int BININT = 'J';
    private static final int BININT1 = 'K';
    private static final int BININT2 = 'M';
    private static final int NEWTRUE = 0x88;
    private static final int NEWFALSE = 0x89;
    private static final int STOP = '.';

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Starts a protocol-2 pickle. */
    PickleWriter() {
        out.write(PROTO);
        out.write(2);
    }

    /** {@code module.name} as a global (class or function reference). */
    PickleWriter global(String module, String name) {
        out.write(GLOBAL);
        ascii(module + "\n" + name + "\n");
        return this;
    }

    PickleWriter string(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        int32(b.length);
        out.write(b, 0, b.length);
        return this;
    }

    PickleWriter integer(long v) {
        if (v >= 0 && v < 256) {
            out.write(BININT1);
            out.write((int) v);
        } else if (v >= 0 && v < 65536) {
            out.write(BININT2);
            out.write((int) (v & 0xff));
            out.write((int) (v >>> 8));
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            out.write(BININT);
            int32((int) v);
        } else {
            throw new IllegalArgumentException("integer out of the 32-bit range: " + v);
        }
        return this;
    }

    PickleWriter bool(boolean v) {
        out.write(v ? NEWTRUE : NEWFALSE);
        return this;
    }

    PickleWriter mark() {
        out.write(MARK);
        return this;
    }

    PickleWriter tuple() {
        out.write(TUPLE);
        return this;
    }

    PickleWriter emptyTuple() {
        out.write(EMPTY_TUPLE);
        return this;
    }

    PickleWriter emptyDict() {
        out.write(EMPTY_DICT);
        return this;
    }

    PickleWriter setItems() {
        out.write(SETITEMS);
        return this;
    }

    PickleWriter newObj() {
        out.write(NEWOBJ);
        return this;
    }

    PickleWriter build() {
        out.write(BUILD);
        return this;
    }

    PickleWriter reduce() {
        out.write(REDUCE);
        return this;
    }

    PickleWriter persistentId() {
        out.write(BINPERSID);
        return this;
    }

    /** Ends the pickle and returns its bytes. */
    byte[] stop() {
        out.write(STOP);
        return out.toByteArray();
    }

    private void ascii(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        out.write(b, 0, b.length);
    }

    private void int32(int v) {
        out.write(v & 0xff);
        out.write((v >>> 8) & 0xff);
        out.write((v >>> 16) & 0xff);
        out.write((v >>> 24) & 0xff);
    }
}
