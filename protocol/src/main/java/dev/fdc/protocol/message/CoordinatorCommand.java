package dev.fdc.protocol.message;

/** A message the coordinator actor receives from another node (a worker). */
public interface CoordinatorCommand {}
