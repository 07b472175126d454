package dev.fdc.coordinator.run;

import dev.fdc.coordinator.ledger.LedgerCounter;
import dev.fdc.coordinator.ledger.LedgerCounters;

/**
 * Metrics of one optimizer update (one {@code "am"} line of {@code metrics.jsonl}, in this order).
 *
 * @param mirrorStep k
 * @param amStep n within the mirror step (number of updates applied so far in it)
 * @param version the parameter version the update produced
 * @param loss sample-weighted mean AM loss of the applied gradients
 * @param rewardMean sample-weighted mean terminal reward (scaled, r = g_k/η_k)
 * @param controlCost sample-weighted mean control cost E ∫ ½‖u‖² dt (the path KL to the base)
 * @param gradNorm global norm of the averaged gradient before clipping
 * @param gradClipped whether the norm was clipped
 * @param staleness v − v_task of the applied gradient (async mode; 0 in sync mode)
 * @param lossClipThreshold the per-sample loss threshold after this update (+∞: none yet)
 * @param samples trajectories in the applied gradients
 * @param samplesClipped samples whose loss exceeded the threshold, summed over the tasks
 * @param applied ledger counter: gradients applied so far in the run
 * @param duplicatesDropped ledger counter: duplicates dropped so far
 * @param staleDropped ledger counter: stale gradients dropped so far (async staleness, previous
 *     mirror step, old epoch)
 */
public record AmStepRecord(
        int mirrorStep,
        int amStep,
        long version,
        double loss,
        double rewardMean,
        double controlCost,
        double gradNorm,
        boolean gradClipped,
        long staleness,
        double lossClipThreshold,
        long samples,
        long samplesClipped,
        long applied,
        long duplicatesDropped,
        long staleDropped) {

    /** The record of an update from its reduction summary and the ledger's counters. */
    static AmStepRecord of(
            int k,
            int n,
            long version,
            GradientReduction.Summary s,
            long staleness,
            double gradNorm,
            double maxGradNorm,
            double lossClipThreshold,
            LedgerCounters c) {
        return new AmStepRecord(
                k,
                n,
                version,
                s.loss(),
                s.rewardMean(),
                s.controlCost(),
                gradNorm,
                gradNorm > maxGradNorm,
                staleness,
                lossClipThreshold,
                s.samples(),
                s.samplesClipped(),
                c.get(LedgerCounter.APPLIED),
                c.get(LedgerCounter.DUPLICATES_DROPPED),
                c.get(LedgerCounter.STALE_VERSION_DROPPED)
                        + c.get(LedgerCounter.CROSS_MIRROR_STEP_DROPPED)
                        + c.get(LedgerCounter.STALE_EPOCH_DROPPED));
    }
}
