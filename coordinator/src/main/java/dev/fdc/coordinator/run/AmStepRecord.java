package dev.fdc.coordinator.run;

/**
 * Metrics of one optimizer update (one line of {@code metrics.jsonl}).
 *
 * @param mirrorStep k
 * @param amStep n within the mirror step (number of updates applied so far in it)
 * @param version the parameter version the update produced
 * @param loss sample-weighted mean AM loss of the applied gradients
 * @param rewardMean sample-weighted mean terminal reward (scaled, r = g_k/η_k)
 * @param controlCost sample-weighted mean control cost E ∫ ½‖u‖² dt
 * @param gradNorm global norm of the averaged gradient before clipping
 * @param clipped whether the norm was clipped
 * @param lossClipThreshold the per-sample loss threshold after this update
 * @param samplesClipped samples whose loss exceeded the threshold, summed over the tasks
 * @param applied ledger counter: gradients applied so far in the run
 * @param duplicates ledger counter: duplicates dropped
 * @param stale ledger counter: stale (async staleness, previous mirror step, old epoch) dropped
 */
public record AmStepRecord(
        int mirrorStep,
        int amStep,
        long version,
        double loss,
        double rewardMean,
        double controlCost,
        double gradNorm,
        boolean clipped,
        double lossClipThreshold,
        long samplesClipped,
        long applied,
        long duplicates,
        long stale) {}
