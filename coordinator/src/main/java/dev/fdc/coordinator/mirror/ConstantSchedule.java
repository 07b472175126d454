package dev.fdc.coordinator.mirror;

import java.util.Map;

/** η_k = η for every k (the paper's experiments; η = L gives the O(1/K) rate for concave G). */
public final class ConstantSchedule implements StepSizeSchedule {

  private final double eta;

  /** η &gt; 0. */
  public ConstantSchedule(double eta) {
    if (!(eta > 0) || !Double.isFinite(eta)) {
      throw new IllegalArgumentException("eta must be finite and > 0, got " + eta);
    }
    this.eta = eta;
  }

  @Override
  public String name() {
    return "constant";
  }

  @Override
  public double eta(int k) {
    StepSizeSchedule.requireStep(k);
    return eta;
  }

  @Override
  public void recordControlCost(int k, double pathKl) {
    StepSizeSchedule.requireStep(k);
  }

  @Override
  public Map<String, Double> exportState() {
    return Map.of();
  }

  @Override
  public void importState(Map<String, Double> state) {
    StepSizeSchedule.requireEmpty(name(), state);
  }
}
