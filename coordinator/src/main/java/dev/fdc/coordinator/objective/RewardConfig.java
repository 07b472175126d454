package dev.fdc.coordinator.objective;

import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.DoubleVector;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.protocol.v1.TorchScriptReward;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The {@code reward} object of a reward-based term. Either a built-in analytic landscape,
 * {@code reward { name = risk_averse, scalars { ... }, vectors { w = [1, 0] } }}, or a TorchScript
 * file, {@code reward { torchscript = "path/to/reward.pt" }}, which a model store turns into a
 * {@link ContentRef} (the coordinator stores the file; parsing without a store refuses it).
 */
public final class RewardConfig {

    /** The analytic landscapes workers implement (reward.proto). */
    public static final Set<String> ANALYTIC_NAMES = Set.of("linear", "risk_averse", "novelty", "corner", "norm");

    private static final Set<String> KEYS = Set.of("name", "scalars", "vectors", "torchscript");

    private final Function<String, ContentRef> torchScriptStore;

    /**
     * @param torchScriptStore stores a TorchScript reward file and returns its content reference, or
     *     {@code null} if TorchScript rewards are not available
     */
    public RewardConfig(Function<String, ContentRef> torchScriptStore) {
        this.torchScriptStore = torchScriptStore;
    }

    /** Parses the reward object at {@code c}. */
    public RewardModel parse(StrictConfig c) {
        c.requireOnly(KEYS, " in a reward");
        if (c.has("torchscript")) {
            if (c.has("name") || c.has("scalars") || c.has("vectors")) {
                throw new BadConfigException(
                        c.pathOf("torchscript"),
                        "a reward is either analytic (name, scalars, vectors) or torchscript, not both");
            }
            String file = c.string("torchscript");
            if (torchScriptStore == null) {
                throw new BadConfigException(
                        c.pathOf("torchscript"),
                        "TorchScript rewards need the coordinator's model store; none is available here");
            }
            return RewardModel.newBuilder()
                    .setTorchscript(TorchScriptReward.newBuilder().setModel(torchScriptStore.apply(file)))
                    .build();
        }
        AnalyticReward.Builder a = AnalyticReward.newBuilder().setName(c.oneOf("name", ANALYTIC_NAMES));
        if (c.has("scalars")) {
            StrictConfig s = c.object("scalars");
            for (String key : s.keys()) {
                a.putScalars(key, s.number(key));
            }
        }
        if (c.has("vectors")) {
            StrictConfig v = c.object("vectors");
            for (String key : v.keys()) {
                double[] values = v.numberList(key);
                DoubleVector.Builder dv = DoubleVector.newBuilder();
                for (double x : values) {
                    dv.addValues(x);
                }
                a.putVectors(key, dv.build());
            }
        }
        return RewardModel.newBuilder().setAnalytic(a).build();
    }

    /** The config object of an analytic reward (TorchScript rewards render their content id only). */
    public static Map<String, Object> render(RewardModel reward) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (reward.hasTorchscript()) {
            m.put("torchscript", reward.getTorchscript().getModel().getContentId());
            return m;
        }
        AnalyticReward a = reward.getAnalytic();
        m.put("name", a.getName());
        if (a.getScalarsCount() > 0) {
            m.put("scalars", new TreeMap<>(a.getScalarsMap()));
        }
        if (a.getVectorsCount() > 0) {
            Map<String, List<Double>> vectors = new TreeMap<>();
            a.getVectorsMap().forEach((k, v) -> vectors.put(k, v.getValuesList()));
            m.put("vectors", vectors);
        }
        return m;
    }
}
