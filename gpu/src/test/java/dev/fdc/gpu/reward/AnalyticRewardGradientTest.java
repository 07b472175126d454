package dev.fdc.gpu.reward;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.DoubleVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every landscape's analytic gradient against central finite differences of its value, in
 * float64, at 64 points spread over [−3.5, 3.5]² (the plateau edge, the stripes and the spikes all
 * fall in there). Step ε = 1e-6: the truncation error ε²|r'''|/6 is below 1e-8 even on the
 * stripes (|r'''| ≲ c_S (2π)³ k^{3/2} ≈ 1e5 with the defaults) and the rounding error
 * 1e-16 |r| / ε ≈ 1e-9; 1e-6 relative to max(1, |∇r|) leaves a wide margin, while a wrong
 * sign or a missing chain-rule factor is off by O(|∇r|).
 */
class AnalyticRewardGradientTest {

    @ParameterizedTest
    @ValueSource(strings = {"linear", "norm", "risk_averse", "novelty", "corner"})
    void gradientMatchesCentralDifferences(String name) {
        AnalyticReward.Builder proto = AnalyticReward.newBuilder().setName(name);
        if (name.equals("linear")) {
            proto.putVectors(
                            "w",
                            DoubleVector.newBuilder()
                                    .addValues(0.3)
                                    .addValues(-1.2)
                                    .build())
                    .putScalars("scale", 2);
        }
        TerminalReward reward = AnalyticRewards.create(proto.build());
        int rows = 64;
        int d = 2;
        double[] x = new double[rows * d];
        CounterRng rng = CounterRng.of(5, Purpose.TEST, name.hashCode());
        for (int i = 0; i < x.length; i++) {
            x[i] = -3.5 + 7 * rng.nextDouble();
        }
        x[0] = 0; // the origin, where norm and the plateau are smoothed
        x[1] = 0;
        try (NDManager m = Engines.manager();
                Autograd.Mode ignored = Autograd.disabled()) {
            double[] g = reward.gradient(m.create(x, new Shape(rows, d))).toDoubleArray();
            double eps = 1e-6;
            for (int i = 0; i < x.length; i++) {
                double[] xp = x.clone();
                double[] xm = x.clone();
                xp[i] += eps;
                xm[i] -= eps;
                double[] rp = reward.value(m.create(xp, new Shape(rows, d))).toDoubleArray();
                double[] rm = reward.value(m.create(xm, new Shape(rows, d))).toDoubleArray();
                double fd = (rp[i / d] - rm[i / d]) / (2 * eps);
                assertEquals(
                        fd,
                        g[i],
                        1e-6 * Math.max(1, Math.abs(fd)),
                        name + ": ∂r/∂x" + (i % d + 1) + " at row " + i / d + " (" + x[i - i % d] + ", "
                                + x[i - i % d + 1] + ")");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "norm", "risk_averse", "novelty", "corner"})
    void float32GivesFloat32ResultsOfTheRightShape(String name) {
        AnalyticReward.Builder proto = AnalyticReward.newBuilder().setName(name);
        if (name.equals("linear")) {
            proto.putVectors(
                    "w", DoubleVector.newBuilder().addValues(1).addValues(0).build());
        }
        TerminalReward reward = AnalyticRewards.create(proto.build());
        try (NDManager m = Engines.manager()) {
            var x = Engines.matrix(m, DataType.FLOAT32, 3, 2, 0.5, -1, 2, 2, -3, 0.1);
            var v = reward.value(x);
            var g = reward.gradient(x);
            assertEquals(new Shape(3), v.getShape(), name + " value shape");
            assertEquals(new Shape(3, 2), g.getShape(), name + " gradient shape");
            assertEquals(DataType.FLOAT32, g.getDataType(), name + " gradient type");
            for (float f : g.toFloatArray()) {
                assertEquals(true, Float.isFinite(f), name + " gradient finite");
            }
        }
    }
}
