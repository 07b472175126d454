package dev.fdc.gpu.torchscript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.fdc.gpu.Autograd;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.Mlp;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.TimeInput;
import dev.fdc.gpu.model.Times;
import dev.fdc.gpu.testing.Engines;
import org.junit.jupiter.api.Test;

/**
 * Thousands of forward and backward calls through TorchScript modules leave nothing behind in
 * the long-lived managers: per-call results land in the caller's per-iteration manager, the
 * inputs and outputs DJL creates around a module call are released, gradients are read and
 * zeroed in place.
 */
class TorchScriptMemoryTest {

    @Test
    void thousandForwardBackwardCallsKeepTheLiveArrayCount() throws Exception {
        try (NDManager root = Engines.manager()) {
            MlpSpec spec = new MlpSpec(3, new int[] {16}, 2, Activation.TANH);
            MlpSpec rewardSpec = new MlpSpec(2, new int[] {8}, 1, Activation.GELU);
            Mlp mlp = TorchScriptFixtures.mlp(spec, root, 31);
            Mlp rewardMlp = TorchScriptFixtures.mlp(rewardSpec, root, 32);
            try (TorchScriptVelocityField f = TorchScriptVelocityField.builder()
                            .load(
                                    TorchScriptWriter.velocityField(
                                                    spec,
                                                    TimeInput.T,
                                                    mlp.parameters().toMap())
                                            .toByteArray(),
                                    "v.pt",
                                    root);
                    TorchScriptReward r = TorchScriptReward.load(
                            TorchScriptWriter.reward(
                                            rewardSpec, rewardMlp.parameters().toMap())
                                    .toByteArray(),
                            "r.pt",
                            root)) {
                iterate(root, f, r); // warm-up: lazily created state is not a leak
                int before = root.getManagedArrays().size();
                assertTrue(
                        before
                                >= f.parameters().list().size()
                                        + r.module().parameters().list().size(),
                        "the count includes the modules' sub-managers, where a leak through a module would show");
                for (int i = 0; i < 1000; i++) {
                    iterate(root, f, r);
                }
                assertEquals(before, root.getManagedArrays().size());
            }
        }
    }

    private static void iterate(NDManager root, TorchScriptVelocityField f, TorchScriptReward r) {
        try (NDManager it = root.newSubManager();
                Autograd.Mode ignored = Autograd.enabled()) {
            NDArray x = TorchScriptFixtures.gaussian(it, DataType.FLOAT32, 16, 2, 1);
            NDArray g = r.gradient(x);
            Autograd.backward(f.velocity(x, Times.uniform(0.4, 16)).mul(g).sum());
            f.parameters().takeGradient();
            r.value(x);
        }
    }
}
