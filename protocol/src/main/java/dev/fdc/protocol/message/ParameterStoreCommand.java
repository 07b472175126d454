package dev.fdc.protocol.message;

/** A message the coordinator's parameter store receives from another node (a worker). */
public interface ParameterStoreCommand {}
