package dev.fdc.tests.actors;

import dev.fdc.protocol.v1.TaskId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiPredicate;

/**
 * A controllable executor stage: the tests decide which tasks block in the {@link TestingExecutor}
 * and when they go on, so an interleaving a test needs (a worker killed mid-task, a coordinator
 * stopped while tasks are in flight, a gradient that arrives stale) is produced by the test, not by
 * sleeps. A held task waits at most {@link #MAX_HOLD_SECONDS} (then fails), so nothing waits forever.
 */
final class TaskGate {

    static final long MAX_HOLD_SECONDS = 60;

    /** A task that reached the gate, and on which worker. */
    record Arrival(String worker, TaskId task, boolean held) {}

    private final Object lock = new Object();
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private BiPredicate<String, TaskId> holding = (w, id) -> false;
    private long generation;

    /** From now on, tasks for which {@code which(worker, task)} holds block until {@link #release()}. */
    void hold(BiPredicate<String, TaskId> which) {
        synchronized (lock) {
            holding = which;
        }
    }

    /** Lets every held task go on, and holds nothing more. */
    void release() {
        synchronized (lock) {
            holding = (w, id) -> false;
            generation++;
            lock.notifyAll();
        }
    }

    /** Called by the executor on the task's (blocking) thread before it computes. */
    void pass(String worker, TaskId task) {
        boolean held;
        synchronized (lock) {
            held = holding.test(worker, task);
            arrivals.add(new Arrival(worker, task, held));
            long released = generation;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MAX_HOLD_SECONDS);
            while (held && generation == released) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException(
                            "task " + task + " held by the test for " + MAX_HOLD_SECONDS + " s without a release");
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Waits for the next task that reached the gate held (skipping others). */
    Arrival nextHeld() throws InterruptedException {
        while (true) {
            Arrival a = arrivals.poll(MAX_HOLD_SECONDS, TimeUnit.SECONDS);
            if (a == null) {
                throw new AssertionError("no task was held within " + MAX_HOLD_SECONDS + " s");
            }
            if (a.held()) {
                return a;
            }
        }
    }

    /** Every arrival so far, in order (drains). */
    List<Arrival> drain() {
        List<Arrival> out = new ArrayList<>();
        arrivals.drainTo(out);
        return out;
    }
}
