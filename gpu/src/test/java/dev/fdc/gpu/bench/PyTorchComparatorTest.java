package dev.fdc.gpu.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.Precision;
import dev.fdc.gpu.io.MlpFiles;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.testing.Engines;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PyTorch twin of {@code fdc bench --compare-pytorch} computes fdc's numbers: the same
 * network outputs, trajectory, adjoint, per-sample losses, control cost and AM gradient from the
 * same weights and noise, within {@link PyTorchCheck#tolerance} (fp32: float rounding; bf16:
 * bfloat16 rounding); and the check notices when the twin is given other weights. Skips, saying
 * why, where no Python with torch is installed.
 */
class PyTorchComparatorTest {

    static final MlpSpec SPEC = new MlpSpec(3, new int[] {64, 64}, 2, Activation.RELU);

    @TempDir
    Path dir;

    @Test
    void fp32TwinComputesFdcsNumbers() throws IOException {
        List<PyTorchCheck.Item> items = check(Precision.FP32, false);
        assertTrue(items.stream().allMatch(PyTorchCheck.Item::ok), PyTorchCheck.format(items));
    }

    @Test
    void bf16TwinComputesFdcsNumbers() throws IOException {
        List<PyTorchCheck.Item> items = check(Precision.BF16, false);
        assertTrue(items.stream().allMatch(PyTorchCheck.Item::ok), PyTorchCheck.format(items));
    }

    @Test
    void aTwinWithOtherWeightsFailsTheCheck() throws IOException {
        List<PyTorchCheck.Item> items = check(Precision.FP32, true);
        for (String name : new String[] {"probe_v", "states", "gradient"}) {
            assertFalse(
                    items.stream().filter(i -> i.name().equals(name)).allMatch(PyTorchCheck.Item::ok),
                    name + " should differ:\n" + PyTorchCheck.format(items));
        }
    }

    private List<PyTorchCheck.Item> check(Precision p, boolean otherWeights) throws IOException {
        Optional<String> python = PyTorchProcess.findPython(null);
        assumeTrue(python.isPresent(), "skipped: " + PyTorchProcess.howToInstall());
        try (NDManager m = Engines.manager();
                FdcWorkload w = new FdcWorkload(SPEC, 64, 8, p, m)) {
            Path base = dir.resolve("base.safetensors");
            Path fine = dir.resolve("fine.safetensors");
            MlpFiles.save(w.base.net(), base, "mlp", null);
            try (Mlp other = Mlp.create(SPEC, m, w.base.dataType(), 99, false)) {
                MlpFiles.save(otherWeights ? other : w.base.net(), fine, "mlp", null);
            }
            List<String> args = AdjointMatchingBenchmark.twinArgs(base, fine, w, 1, false, p);
            try (PyTorchProcess py = PyTorchProcess.start(python.get(), args, 1, false)) {
                List<PyTorchCheck.Item> items = PyTorchCheck.run(w, p, py, m);
                System.out.print("[pytorch-check " + p.label() + (otherWeights ? ", other weights" : "") + "]\n"
                        + PyTorchCheck.format(items));
                return items;
            }
        }
    }
}
