package dev.fdc.coordinator.actor;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How the coordinator runs; defaults in {@code reference.conf} under {@code fdc.actors.coordinator}.
 *
 * @param blockingDispatcher config path of the dispatcher checkpoints are read and written on
 * @param tick how often the core is polled (task timeouts, re-issues) and timeouts are checked
 * @param chunkSetTimeout how long an incomplete set of result chunks is kept
 * @param joinRetry how often an invited worker that has not registered is invited again
 * @param checkpointsRetained complete checkpoints kept on disk
 * @param storeCapacity parameter versions (and, separately, contents) the parameter store keeps
 * @param progressTimeout a run in which no result is accepted for this long ends with an error
 * @param noWorkersWarning while no worker is registered, a warning is logged this often
 */
public record CoordinatorSettings(
        String blockingDispatcher,
        Duration tick,
        Duration chunkSetTimeout,
        Duration joinRetry,
        int checkpointsRetained,
        int storeCapacity,
        Duration progressTimeout,
        Duration noWorkersWarning) {

    /** Reads the settings from a {@code fdc.actors.coordinator} block. */
    public static CoordinatorSettings fromConfig(Config c) {
        return new CoordinatorSettings(
                c.getString("blocking-dispatcher"),
                c.getDuration("tick"),
                c.getDuration("chunk-set-timeout"),
                c.getDuration("join-retry"),
                c.getInt("checkpoints-retained"),
                c.getInt("store-capacity"),
                c.getDuration("progress-timeout"),
                c.getDuration("no-workers-warning"));
    }
}
