package dev.fdc.workers.actor;

import com.typesafe.config.Config;
import java.time.Duration;

/**
 * How a worker talks to the coordinator; defaults in {@code reference.conf} under {@code
 * fdc.actors.worker}.
 *
 * @param blockingDispatcher config path of the dispatcher tasks run on (never the actor's own)
 * @param tick how often the worker checks its timeouts
 * @param retryAfter how long a pull, fetch window or upload window may go unanswered before it is sent again
 * @param fetchWindow chunks requested from the parameter store at a time
 * @param uploadWindow unacknowledged result chunks in flight at most
 * @param cacheCapacity parameter versions (and, separately, contents) kept
 * @param recentTasks completed task ids remembered to ignore redelivered assignments
 */
public record WorkerSettings(
        String blockingDispatcher,
        Duration tick,
        Duration retryAfter,
        int fetchWindow,
        int uploadWindow,
        int cacheCapacity,
        int recentTasks) {

    /** Reads the settings from a {@code fdc.actors.worker} block. */
    public static WorkerSettings fromConfig(Config worker) {
        return new WorkerSettings(
                worker.getString("blocking-dispatcher"),
                worker.getDuration("tick"),
                worker.getDuration("retry-after"),
                worker.getInt("fetch-window"),
                worker.getInt("upload-window"),
                worker.getInt("cache-capacity"),
                worker.getInt("recent-tasks"));
    }
}
