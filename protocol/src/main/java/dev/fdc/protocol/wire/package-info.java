/**
 * The wire form of the cross-node actor messages: {@link dev.fdc.protocol.wire.MessageCodec} maps
 * every record of {@code dev.fdc.protocol.message} to its protobuf message of {@code
 * fdc/v1/envelopes.proto} (explicit field numbers), and {@link
 * dev.fdc.protocol.wire.FdcMessageSerializer} is the Pekko serializer that delegates to it. Java
 * serialization stays off.
 */
package dev.fdc.protocol.wire;
