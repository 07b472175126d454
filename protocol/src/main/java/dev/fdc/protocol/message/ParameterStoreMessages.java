package dev.fdc.protocol.message;

import dev.fdc.protocol.v1.ContentRequest;
import dev.fdc.protocol.v1.ParameterRequest;

/** The messages the parameter store receives; answers go to {@code replyTo}, a worker. */
public final class ParameterStoreMessages {

    private ParameterStoreMessages() {}

    /** Asks for chunks of a parameter version; answered by chunks or one "unavailable". */
    public record FetchParameters(ParameterRequest request, String replyTo) implements ParameterStoreCommand {}

    /** Asks for chunks of stored content; answered by chunks or one "unavailable". */
    public record FetchContent(ContentRequest request, String replyTo) implements ParameterStoreCommand {}
}
