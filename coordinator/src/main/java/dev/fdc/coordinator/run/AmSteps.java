package dev.fdc.coordinator.run;

import dev.fdc.coordinator.ledger.ApplyDecision;
import dev.fdc.coordinator.ledger.TaskKey;
import dev.fdc.coordinator.ledger.TaskLedger;
import dev.fdc.numerics.optim.LossClipping;
import dev.fdc.protocol.v1.GradientDone;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * When the Adjoint Matching tasks of mirror step k are issued and when their gradients make an
 * update, in the run's mode:
 *
 * <ul>
 *   <li>{@link RunConfig.Mode#SYNC sync}: the M tasks of AM step n + 1 are issued together at the
 *       current version; their gradients are buffered until all M are in, then averaged weighted by
 *       sample count in task-id order, and the loss-clip EMA is updated in task-id order (so a sync
 *       run is bit-for-bit reproducible whatever order gradients arrive in);
 *   <li>{@link RunConfig.Mode#ASYNC async}: up to W tasks are in flight; each gradient is applied on
 *       arrival if the ledger accepts it ({@code v_now − v_task ≤ s} and of this mirror step), else
 *       it is discarded and counted.
 * </ul>
 *
 * Single-threaded, like the core that owns it.
 */
final class AmSteps {

    /**
     * One optimizer update's gradient, the summary of the tasks it came from, and its staleness
     * v_now − v_task (async; 0 in sync mode, where every task computes at the current version).
     */
    record Update(float[] gradient, GradientReduction.Summary summary, long staleness) {}

    private final RunConfig config;
    private final TaskLedger ledger;
    private final int k;
    private final GradientReduction reduction;
    private final Set<TaskKey> inFlight = new LinkedHashSet<>();
    private int n;
    private boolean stepIssued;
    private int asyncIndex;

    /** The AM steps of mirror step {@code k}, {@code n} of them already applied. */
    AmSteps(RunConfig config, TaskLedger ledger, int k, int n, int parameterCount) {
        this.config = config;
        this.ledger = ledger;
        this.k = k;
        this.n = n;
        this.reduction = new GradientReduction(parameterCount);
    }

    /** Updates applied in this mirror step so far. */
    int applied() {
        return n;
    }

    /** Whether all N updates of the mirror step are applied. */
    boolean finished() {
        return n >= config.amSteps();
    }

    /** The keys of the tasks to issue now (none while the current step's are outstanding). */
    List<TaskKey> due() {
        List<TaskKey> out = new ArrayList<>();
        if (finished()) {
            return out;
        }
        if (config.mode() == RunConfig.Mode.SYNC) {
            if (!stepIssued) {
                stepIssued = true;
                for (int i = 0; i < config.tasksPerStep(); i++) {
                    out.add(ledger.taskId(k, n + 1, i));
                }
            }
            return out;
        }
        while (inFlight.size() < config.asyncWindow()) {
            TaskKey id = ledger.taskId(k, n + 1, asyncIndex++);
            inFlight.add(id);
            out.add(id);
        }
        return out;
    }

    /**
     * A gradient the ledger received (not a duplicate) for a task of this mirror step.
     *
     * @param taskVersion the version the task computed against
     * @param currentVersion the version now
     * @return the update to apply now, if this gradient completes one
     */
    Optional<Update> onGradient(
            TaskKey id, long taskVersion, long currentVersion, GradientDone done, float[] g, LossClipping clip) {
        if (config.mode() == RunConfig.Mode.SYNC) {
            reduction.add(id, done, g);
            if (reduction.size() < config.tasksPerStep()) {
                return Optional.empty();
            }
            reduction.forEachInOrder((tid, d) -> ledger.markApplied(tid));
            reduction.forEachInOrder((tid, d) -> clip.update(GradientReduction.losses(d)));
            return Optional.of(take(0));
        }
        inFlight.remove(id);
        ApplyDecision decision = ledger.acceptForApply(id, taskVersion, currentVersion, config.maxStaleness(), k);
        if (!decision.isApply()) {
            return Optional.empty();
        }
        clip.update(GradientReduction.losses(done));
        reduction.add(id, done, g);
        return Optional.of(take(currentVersion - taskVersion));
    }

    private Update take(long staleness) {
        Update u = new Update(reduction.average(), reduction.summary(), staleness);
        reduction.clear();
        n++;
        stepIssued = false;
        return u;
    }

    /** Forgets the in-flight tasks (the mirror step ended; the ledger discards them). */
    void close() {
        inFlight.clear();
    }
}
