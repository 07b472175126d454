package dev.fdc.protocol;

/** Facts about the wire protocol as a whole. */
public final class WireProtocol {

    /**
     * The version of the message set in {@code fdc/v1}, sent in {@code
     * WorkerRegistration.protocol_version}; bumped on any incompatible change.
     */
    public static final int VERSION = 1;

    private WireProtocol() {}
}
