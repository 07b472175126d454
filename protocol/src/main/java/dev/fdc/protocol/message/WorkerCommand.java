package dev.fdc.protocol.message;

/** A message a worker actor receives from another node (coordinator or parameter store). */
public interface WorkerCommand {

    /** The receptionist service name workers register under (with message type {@code WorkerCommand}). */
    String SERVICE_NAME = "fdc-worker";
}
