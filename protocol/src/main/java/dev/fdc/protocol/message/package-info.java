/**
 * The messages that cross nodes between the coordinator, its parameter store and the workers: Java
 * records carrying {@code fdc.v1} protobuf messages, grouped by receiver ({@link
 * dev.fdc.protocol.message.WorkerCommand}, {@link dev.fdc.protocol.message.CoordinatorCommand},
 * {@link dev.fdc.protocol.message.ParameterStoreCommand}). Reply addresses are {@code
 * ActorRefResolver} strings, so this package needs neither Pekko nor DJL; one serializer (in the
 * launcher) writes each record as a protobuf message whose field {@code i} is the record's
 * component {@code i} (1-based). Every exchange is request/answer with a timeout and a retry on the
 * requesting side, and every receiver is idempotent, so any message may be lost or duplicated.
 */
package dev.fdc.protocol.message;
