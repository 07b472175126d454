package dev.fdc.gpu.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.OwnedArrays;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.adjoint.AdjointMatching;
import dev.fdc.gpu.adjoint.AdjointMatchingResult;
import dev.fdc.gpu.adjoint.AdjointSolution;
import dev.fdc.gpu.adjoint.LeanAdjoint;
import dev.fdc.gpu.adjoint.TimeSubset;
import dev.fdc.gpu.io.Safetensors;
import dev.fdc.gpu.model.ParameterSet;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.sampling.MemorylessSampler;
import dev.fdc.gpu.sampling.Trajectory;
import dev.fdc.gpu.schedule.TimeGrid;
import dev.fdc.numerics.random.CounterRng;
import dev.fdc.numerics.random.Purpose;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks that the PyTorch twin computes what fdc computes, so that timing it is a fair
 * comparison: the fine network on the same 64 inputs, and one whole Adjoint Matching gradient
 * from the same noise (fdc's counter-based draws, sent to Python) and the same time subset —
 * trajectory, base velocities, lean adjoint, per-sample losses, control cost and parameter
 * gradient. Each is compared as a relative error (max |Δ| / max |fdc| for arrays, ‖Δ‖₂ / ‖fdc‖₂
 * for the gradient) against a tolerance for the precision.
 */
public final class PyTorchCheck {

    /** One compared quantity. */
    public record Item(String name, double error, double tolerance) {
        /** Within tolerance. */
        public boolean ok() {
            return error <= tolerance;
        }
    }

    private PyTorchCheck() {}

    /**
     * Tolerances. fp32: float rounding (the two libraries sum matrix products in different orders,
     * ~1e-7 per product, grown over 40 sampler steps and through the adjoint). bf16: bfloat16's
     * 8-bit mantissa (4e-3 per rounding) on each layer's output.
     */
    static double tolerance(String item, Precision p) {
        boolean fp32 = p == Precision.FP32;
        return switch (item) {
            case "probe_v" -> fp32 ? 1e-5 : 3e-2;
            case "gradient" -> fp32 ? 1e-4 : 5e-2;
            default -> fp32 ? 1e-4 : 3e-2;
        };
    }

    /** Runs fdc and the twin on the same inputs and compares; the twin must be serving. */
    static List<Item> run(FdcWorkload w, Precision precision, PyTorchProcess py, NDManager root) throws IOException {
        int m = w.config.trajectories();
        int steps = w.config.steps();
        int d = w.fine.dim();
        int probes = 64;
        CounterRng rng = AdjointMatching.stream(7, 7, 7, 7);
        Map<String, Safetensors.Tensor> in = new LinkedHashMap<>();
        Map<String, float[]> mine = new LinkedHashMap<>();
        try (NDManager it = root.newSubManager();
                Autograd.Mode off = Autograd.disabled()) {
            float[] px = new float[probes * d];
            CounterRng.of(11, Purpose.TEST).fillGaussian(px);
            double[] pt = new double[probes];
            CounterRng tr = CounterRng.of(12, Purpose.TEST);
            float[] ptf = new float[probes];
            for (int i = 0; i < probes; i++) {
                pt[i] = tr.nextDouble();
                ptf[i] = (float) pt[i];
            }
            NDArray x = OwnedArrays.of(it, px, new Shape(probes, d));
            mine.put("probe_v", ParameterSet.floats(w.fine.velocity(x, Times.perRow(pt))));
            put(in, "probe_x", px, probes, d);
            put(in, "probe_t", ptf, probes, 1);

            CounterRng noise = rng.child(0);
            float[] x0 = new float[m * d];
            noise.child(0).fillGaussian(x0);
            float[] eps = new float[steps * m * d];
            float[] e = new float[m * d];
            for (int j = 0; j < steps; j++) {
                noise.child(1 + j).fillGaussian(e);
                System.arraycopy(e, 0, eps, j * m * d, e.length);
            }
            int[] subset = TimeSubset.draw(steps, w.config.lastTimes(), w.config.randomTimes(), rng.child(1));
            float[] sub = new float[subset.length];
            for (int i = 0; i < subset.length; i++) {
                sub[i] = subset[i];
            }
            put(in, "x0", x0, m, d);
            put(in, "eps", eps, steps, m, d);
            put(in, "subset", sub, subset.length);

            TimeGrid grid = new TimeGrid(steps);
            Trajectory traj = MemorylessSampler.sample(w.fine, m, grid, noise, it);
            AdjointSolution sol = LeanAdjoint.solve(w.base, traj, w.reward);
            mine.put("states", stack(traj.states()));
            mine.put("adjoints", stack(sol.adjoints()));
            mine.put("base_velocities", stack(sol.baseVelocities()));
            AdjointMatchingResult r =
                    AdjointMatching.compute(w.fine, w.base, w.reward, w.config, rng, Double.POSITIVE_INFINITY, it);
            mine.put("per_sample", r.perSampleLoss());
            mine.put("control_cost", new float[] {(float) r.controlCost()});
            mine.put("gradient", r.gradient());
        }
        Path inFile = py.tempFile("check-in.safetensors");
        Path outFile = py.tempFile("check-out.safetensors");
        Safetensors.write(inFile, new ArrayList<>(in.values()), null);
        py.call("check " + inFile + " " + outFile);
        Safetensors.Contents theirs = Safetensors.read(outFile);
        List<Item> items = new ArrayList<>();
        for (Map.Entry<String, float[]> e : mine.entrySet()) {
            float[] ref = e.getValue();
            float[] other = theirs.require(e.getKey()).data();
            if (other.length != ref.length) {
                throw new IOException(
                        "PyTorch's " + e.getKey() + " has " + other.length + " values, fdc's " + ref.length);
            }
            double err = e.getKey().equals("gradient") ? relativeL2(ref, other) : relativeMax(ref, other);
            items.add(new Item(e.getKey(), err, tolerance(e.getKey(), precision)));
        }
        return items;
    }

    /** One line per item: name, error, tolerance, ok. */
    static String format(List<Item> items) {
        StringBuilder b = new StringBuilder();
        for (Item i : items) {
            b.append(String.format(
                    Locale.ROOT,
                    "  %-16s relative error %.2e (tolerance %.0e) %s%n",
                    i.name(),
                    i.error(),
                    i.tolerance(),
                    i.ok() ? "ok" : "DIFFERENT"));
        }
        return b.toString();
    }

    static double relativeMax(float[] ref, float[] other) {
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < ref.length; i++) {
            scale = Math.max(scale, Math.abs(ref[i]));
            diff = Math.max(diff, Math.abs(ref[i] - (double) other[i]));
        }
        return scale == 0 ? diff : diff / scale;
    }

    static double relativeL2(float[] ref, float[] other) {
        double n = 0;
        double diff = 0;
        for (int i = 0; i < ref.length; i++) {
            n += (double) ref[i] * ref[i];
            double dd = ref[i] - (double) other[i];
            diff += dd * dd;
        }
        return n == 0 ? Math.sqrt(diff) : Math.sqrt(diff / n);
    }

    private static float[] stack(NDArray[] arrays) {
        List<float[]> parts = new ArrayList<>();
        int n = 0;
        for (NDArray a : arrays) {
            float[] f = ParameterSet.floats(a);
            parts.add(f);
            n += f.length;
        }
        float[] out = new float[n];
        int off = 0;
        for (float[] f : parts) {
            System.arraycopy(f, 0, out, off, f.length);
            off += f.length;
        }
        return out;
    }

    private static void put(Map<String, Safetensors.Tensor> in, String name, float[] v, long... shape) {
        in.put(name, new Safetensors.Tensor(name, shape, v));
    }
}
