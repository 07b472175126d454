package dev.fdc.gpu.reward.linearized;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.fdc.gpu.model.VelocityField;
import dev.fdc.gpu.reward.TerminalReward;
import dev.fdc.protocol.v1.LinearizedReward;
import dev.fdc.protocol.v1.LinearizedTerm;
import dev.fdc.protocol.v1.ScoreModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The terminal reward of one Adjoint Matching problem of a mirror step, from its
 * {@link LinearizedReward} message (ARCHITECTURE.md, "Linearized rewards are data, not code";
 * MATH.md §5):
 *
 * <pre>  ∇g(x) = scale · Σ_i weight_i · ∇term_i(x)</pre>
 *
 * Term kinds: {@code reward_gradient} (∇r · f(r), {@link RewardGradientTerm}), {@code score} of
 * BASE (the frozen θ_{k−1}) or PRE ({@link ScoreTerm}), {@code density_ratio_score} (Rényi,
 * {@link DensityRatioScoreTerm}), {@code potential} (critic gradient, {@link PotentialTerm}),
 * {@code witness} (MMD², {@link WitnessTerm}) and {@code feature_quadratic} (experiment design,
 * {@link FeatureQuadraticTerm}). Every term is checked when the evaluator is built: an unknown or
 * malformed term is refused with a message naming its label and kind.
 *
 * <p><b>Value.</b> Only gradients drive Adjoint Matching. {@link #value} returns
 * scale · Σ weight_i · value_i with each term's cheap potential: r, c·min(r − q, 0),
 * c·max(r − q, 0) or a r + b r²/2 for reward gradients, φ(x) for a critic, the witness function,
 * Φᵀ B Φ for experiment design, and 0 (no cheap potential) for score and density-ratio terms.
 *
 * <p>Arrays returned belong to x's manager; the evaluator holds critic parameters in its own
 * manager until {@link #close()}.
 */
public final class LinearizedRewardEvaluator implements TerminalReward, AutoCloseable {

    private final double scale;
    private final List<String> labels;
    private final List<Double> weights;
    private final List<TermEvaluator> terms;
    private final NDManager manager;

    private LinearizedRewardEvaluator(
            double scale, List<String> labels, List<Double> weights, List<TermEvaluator> terms, NDManager manager) {
        this.scale = scale;
        this.labels = List.copyOf(labels);
        this.weights = List.copyOf(weights);
        this.terms = List.copyOf(terms);
        this.manager = manager;
    }

    /** A builder; base, pre-trained model and content resolver are required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NDArray gradient(NDArray x) {
        NDArray sum = x.zerosLike();
        for (int i = 0; i < terms.size(); i++) {
            sum = sum.add(terms.get(i).gradient(x).mul(weights.get(i)));
        }
        return sum.mul(scale);
    }

    @Override
    public NDArray value(NDArray x) {
        NDArray sum =
                x.getManager().zeros(new ai.djl.ndarray.types.Shape(x.getShape().get(0)), x.getDataType());
        for (int i = 0; i < terms.size(); i++) {
            sum = sum.add(terms.get(i).value(x).mul(weights.get(i)));
        }
        return sum.mul(scale);
    }

    /**
     * The per-term contributions scale · weight_i · ∇term_i(x), in message order (they sum to
     * {@link #gradient}); for metrics and debugging.
     */
    public List<NDArray> termGradients(NDArray x) {
        List<NDArray> out = new ArrayList<>();
        for (int i = 0; i < terms.size(); i++) {
            out.add(terms.get(i).gradient(x).mul(weights.get(i) * scale));
        }
        return out;
    }

    /** The terms' labels, in message order. */
    public List<String> labels() {
        return labels;
    }

    /** Releases the critics' parameters. */
    @Override
    public void close() {
        for (TermEvaluator t : terms) {
            t.close();
        }
        manager.close();
    }

    /** Collects what the terms need besides the message. */
    public static final class Builder {
        private VelocityField base;
        private VelocityField pretrained;
        private ContentResolver content;
        private RewardModelResolver rewards = RewardModelResolver.analyticOnly();
        private long seed;

        private Builder() {}

        /** The frozen base θ_{k−1} of this mirror step (never the model being trained): BASE scores. */
        public Builder setBase(VelocityField base) {
            this.base = base;
            return this;
        }

        /** The pre-trained model: PRE scores and the density ratio's denominator. */
        public Builder setPretrained(VelocityField pretrained) {
            this.pretrained = pretrained;
            return this;
        }

        /** Critic parameters and sample sets by content id. */
        public Builder setContent(ContentResolver content) {
            this.content = content;
            return this;
        }

        /** How reward models become rewards (default: analytic landscapes only). */
        public Builder optRewardModels(RewardModelResolver rewards) {
            this.rewards = rewards;
            return this;
        }

        /** Seeds the Hutchinson probes of density-ratio terms (default 0). */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * The evaluator of {@code reward}, holding critic parameters in a sub-manager of
         * {@code parent}.
         *
         * @throws IllegalArgumentException for an unknown or malformed term, naming its label and kind
         */
        public LinearizedRewardEvaluator build(LinearizedReward reward, NDManager parent) {
            Objects.requireNonNull(base, "base model");
            Objects.requireNonNull(pretrained, "pre-trained model");
            Objects.requireNonNull(content, "content resolver");
            if (!Double.isFinite(reward.getScale())) {
                throw new IllegalArgumentException("linearized reward scale must be finite, got " + reward.getScale());
            }
            NDManager m = parent.newSubManager();
            List<String> labels = new ArrayList<>();
            List<Double> weights = new ArrayList<>();
            List<TermEvaluator> terms = new ArrayList<>();
            try {
                for (int i = 0; i < reward.getTermsCount(); i++) {
                    LinearizedTerm t = reward.getTerms(i);
                    if (!Double.isFinite(t.getWeight())) {
                        throw new IllegalArgumentException(
                                "term '" + t.getLabel() + "' (" + kind(t) + ") has weight " + t.getWeight());
                    }
                    terms.add(term(t, i, m));
                    labels.add(t.getLabel());
                    weights.add(t.getWeight());
                }
            } catch (RuntimeException e) {
                terms.forEach(TermEvaluator::close);
                m.close();
                throw e;
            }
            return new LinearizedRewardEvaluator(reward.getScale(), labels, weights, terms, m);
        }

        private TermEvaluator term(LinearizedTerm t, int index, NDManager m) {
            String label = t.getLabel();
            String where = "term '" + label + "' (" + kind(t) + ")";
            try {
                return switch (t.getKindCase()) {
                    case REWARD_GRADIENT ->
                        new RewardGradientTerm(
                                rewards.resolve(t.getRewardGradient().getReward()), t.getRewardGradient(), label);
                    case SCORE ->
                        new ScoreTerm(
                                model(t.getScore().getModel(), where),
                                t.getScore().getTEval(),
                                label);
                    case DENSITY_RATIO_SCORE ->
                        new DensityRatioScoreTerm(base, pretrained, t.getDensityRatioScore(), seed, index, label);
                    case POTENTIAL ->
                        new PotentialTerm(
                                t.getPotential(),
                                content.floats(t.getPotential().getParameters().getContentId()),
                                base.dim(),
                                base.dataType(),
                                m,
                                label);
                    case WITNESS ->
                        new WitnessTerm(
                                t.getWitness(),
                                content.floats(
                                        t.getWitness().getCurrentSamples().getContentId()),
                                content.floats(t.getWitness().getPreSamples().getContentId()),
                                base.dim(),
                                label);
                    case FEATURE_QUADRATIC -> new FeatureQuadraticTerm(t.getFeatureQuadratic(), base.dim(), label);
                    default ->
                        throw new IllegalArgumentException(where + " is not supported; expected one of "
                                + "reward_gradient, score, density_ratio_score, potential, witness, feature_quadratic");
                };
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith("term '")) {
                    throw e;
                }
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }

        private VelocityField model(ScoreModel which, String where) {
            return switch (which) {
                case BASE -> base;
                case PRE -> pretrained;
                default ->
                    throw new IllegalArgumentException(
                            where + " names score model " + which + ", expected BASE or PRE");
            };
        }

        private static String kind(LinearizedTerm t) {
            return t.getKindCase() == LinearizedTerm.KindCase.KIND_NOT_SET
                    ? "no kind"
                    : t.getKindCase().name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
