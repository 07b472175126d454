/**
 * The actor systems {@code fdc} runs in: {@link dev.fdc.cli.runtime.LocalRuntime} (one JVM,
 * loopback only, {@code fdc train}) and {@link dev.fdc.cli.runtime.ClusterRuntime} (a node of a
 * Pekko Cluster: the coordinator as a Cluster Singleton, workers on every node), and how workers
 * are placed on devices ({@link dev.fdc.cli.runtime.Devices}).
 */
package dev.fdc.cli.runtime;
