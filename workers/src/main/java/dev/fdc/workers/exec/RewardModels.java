package dev.fdc.workers.exec;

import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.reward.AnalyticRewards;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.gpu.reward.linearized.ContentResolver;
import dev.fdc.gpu.reward.linearized.RewardModelResolver;
import dev.fdc.gpu.torchscript.TorchScriptReward;
import dev.fdc.protocol.v1.ContentRef;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.RewardModel;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The rewards a task names: analytic landscapes built by name ({@link AnalyticRewards}) and
 * TorchScript reward modules loaded once from the {@link ContentSource} and kept (the few most
 * recently used), plus the large contents (critic parameters, sample sets) of a linearized
 * reward's terms, fetched before the reward is built so a missing content fails the task cleanly.
 */
final class RewardModels implements AutoCloseable {

    private static final int TORCHSCRIPT_CAPACITY = 4;

    private final ContentSource content;
    private final NDManager manager;
    private final LinkedHashMap<String, TorchScriptReward> modules = new LinkedHashMap<>(8, 0.75f, true);

    RewardModels(ContentSource content, NDManager parent) {
        this.content = content;
        this.manager = parent.newSubManager();
    }

    /** The reward of a RewardModel message (statistics tasks). */
    TerminalReward reward(RewardModel model, String task, String field) throws TaskFailure {
        switch (model.getKindCase()) {
            case ANALYTIC:
                try {
                    return AnalyticRewards.create(model.getAnalytic());
                } catch (IllegalArgumentException e) {
                    throw TaskFailures.badInput(task, field, e);
                }
            case TORCHSCRIPT:
                return torchscript(model.getTorchscript().getModel(), task, field);
            default:
                throw TaskFailures.badInput(task, field + " has no kind (expected analytic or torchscript)");
        }
    }

    /**
     * A resolver for a linearized reward's RewardGradient terms, after loading every TorchScript
     * reward they name.
     */
    RewardModelResolver resolverFor(LinearizedReward reward, String task) throws TaskFailure {
        Map<String, TorchScriptReward> loaded = new HashMap<>();
        for (LinearizedTerm t : reward.getTermsList()) {
            if (t.hasRewardGradient() && t.getRewardGradient().getReward().hasTorchscript()) {
                ContentRef ref =
                        t.getRewardGradient().getReward().getTorchscript().getModel();
                loaded.put(ref.getContentId(), torchscript(ref, task, "reward term '" + t.getLabel() + "'"));
            }
        }
        return model -> model.hasTorchscript()
                ? loaded.get(model.getTorchscript().getModel().getContentId())
                : RewardModelResolver.analyticOnly().resolve(model);
    }

    /** The float contents the reward's Potential and Witness terms reference, by content id. */
    ContentResolver contentsFor(LinearizedReward reward) throws TaskFailure {
        Map<String, float[]> floats = new HashMap<>();
        for (LinearizedTerm t : reward.getTermsList()) {
            if (t.hasPotential()) {
                fetch(t.getPotential().getParameters(), floats);
            } else if (t.hasWitness()) {
                fetch(t.getWitness().getCurrentSamples(), floats);
                fetch(t.getWitness().getPreSamples(), floats);
            }
        }
        return ContentResolver.of(floats);
    }

    private void fetch(ContentRef ref, Map<String, float[]> into) throws TaskFailure {
        if (!into.containsKey(ref.getContentId())) {
            into.put(ref.getContentId(), content.floats(ref));
        }
    }

    private TorchScriptReward torchscript(ContentRef ref, String task, String field) throws TaskFailure {
        TorchScriptReward r = modules.get(ref.getContentId());
        if (r != null) {
            return r;
        }
        byte[] bytes;
        try {
            bytes = content.bytes(ref);
        } catch (TaskFailure f) {
            throw TaskFailures.named(task, field, f);
        }
        try {
            r = TorchScriptReward.load(bytes, ref.getContentId(), manager);
        } catch (IOException e) {
            throw TaskFailures.badInput(task, field, e);
        }
        modules.put(ref.getContentId(), r);
        Iterator<Map.Entry<String, TorchScriptReward>> it = modules.entrySet().iterator();
        while (modules.size() > TORCHSCRIPT_CAPACITY && it.hasNext()) {
            it.next().getValue().close();
            it.remove();
        }
        return r;
    }

    @Override
    public void close() {
        modules.values().forEach(TorchScriptReward::close);
        modules.clear();
        manager.close();
    }
}
