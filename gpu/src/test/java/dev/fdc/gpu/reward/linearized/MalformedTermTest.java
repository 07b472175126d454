package dev.fdc.gpu.reward.linearized;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.testing.Engines;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.FeatureQuadratic;
import dev.fdc.protocol.v1.Kernel;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.Potential;
import dev.fdc.protocol.v1.RewardGradient;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.Score;
import dev.fdc.protocol.v1.TorchScriptReward;
import dev.fdc.protocol.v1.Unit;
import dev.fdc.protocol.v1.Witness;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Unknown or malformed terms are refused when the evaluator is built, naming the term's label and kind. */
class MalformedTermTest {

    private static void refused(LinearizedTerm t, Map<String, float[]> contents, String... fragments) {
        try (NDManager m = Engines.manager();
                TermWorld world = new TermWorld(m)) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> world.evaluator(contents, 1, t));
            assertTrue(e.getMessage().contains("'" + t.getLabel() + "'"), e.getMessage());
            for (String f : fragments) {
                assertTrue(e.getMessage().contains(f), "expected '" + f + "' in: " + e.getMessage());
            }
        }
    }

    private static LinearizedTerm.Builder term(String label) {
        return LinearizedTerm.newBuilder().setLabel(label).setWeight(1);
    }

    @Test
    void termWithoutKind() {
        refused(term("mystery").build(), Map.of(), "no kind", "reward_gradient");
    }

    @Test
    void scoreOfUnspecifiedModel() {
        refused(term("entropy").setScore(Score.newBuilder().setTEval(0.99)).build(), Map.of(), "score", "BASE or PRE");
    }

    @Test
    void torchScriptWithoutAResolver() {
        refused(
                term("cvar")
                        .setRewardGradient(RewardGradient.newBuilder()
                                .setUnit(Unit.getDefaultInstance())
                                .setReward(RewardModel.newBuilder()
                                        .setTorchscript(TorchScriptReward.newBuilder()
                                                .setModel(
                                                        ContentRef.newBuilder().setContentId("r.pt")))))
                        .build(),
                Map.of(),
                "reward_gradient",
                "TorchScript");
    }

    @Test
    void criticWithTheWrongNumberOfParameters() {
        refused(
                term("w1")
                        .setPotential(Potential.newBuilder()
                                .setCritic(MlpArchitecture.newBuilder()
                                        .setInputDim(2)
                                        .addHidden(4)
                                        .setOutputDim(1)
                                        .setActivation("tanh"))
                                .setParameters(ContentRef.newBuilder().setContentId("c")))
                        .build(),
                Map.of("c", new float[5]),
                "potential",
                "17 parameters");
    }

    @Test
    void missingContent() {
        refused(
                term("mmd")
                        .setWitness(Witness.newBuilder()
                                .setKernel(
                                        Kernel.newBuilder().setKind("gaussian").setBandwidth(1))
                                .setCurrentSamples(ContentRef.newBuilder().setContentId("nope"))
                                .setDim(2))
                        .build(),
                Map.of(),
                "witness",
                "nope");
    }

    @Test
    void unknownKernel() {
        refused(
                term("mmd")
                        .setWitness(Witness.newBuilder()
                                .setKernel(
                                        Kernel.newBuilder().setKind("laplace").setBandwidth(1))
                                .setCurrentSamples(ContentRef.newBuilder().setContentId("a"))
                                .setPreSamples(ContentRef.newBuilder().setContentId("a"))
                                .setDim(2))
                        .build(),
                Map.of("a", new float[4]),
                "witness",
                "laplace");
    }

    @Test
    void featureDimensionMismatch() {
        refused(
                term("design")
                        .setFeatureQuadratic(FeatureQuadratic.newBuilder()
                                .setFeatures("quadratic")
                                .setFeatureDim(2)
                                .addMatrix(1)
                                .addMatrix(0)
                                .addMatrix(0)
                                .addMatrix(1))
                        .build(),
                Map.of(),
                "feature_quadratic",
                "have 5");
    }
}
