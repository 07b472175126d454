package dev.fdc.gpu.reward;

import dev.fdc.protocol.v1.AnalyticReward;
import java.util.List;

/**
 * The built-in analytic reward landscapes by name, built from an {@link AnalyticReward} message
 * (name, named scalars and vectors; defaults for every parameter not given except the
 * {@code linear} reward's direction):
 *
 * <ul>
 *   <li>{@code linear}: r = scale · wᵀx; vector {@code w} (required), {@code scale} = 1 ({@link LinearReward});
 *   <li>{@code norm}: r = scale · √(‖x‖² + ε²); {@code scale} = 1, {@code epsilon} = 1e-3 ({@link NormReward});
 *   <li>{@code risk_averse}: a costly plateau, a moderate region and a striped low-cost region
 *       ({@link RiskAverseReward});
 *   <li>{@code novelty}: a low background plus narrow high spikes ({@link NoveltyReward});
 *   <li>{@code corner}: r = scale · s · tanh(uᵀx / s) ({@link CornerReward}).
 * </ul>
 *
 * An unknown name or parameter is refused with an {@link IllegalArgumentException} that names it
 * and the accepted ones.
 */
public final class AnalyticRewards {

    private static final List<String> NAMES = List.of("linear", "norm", "risk_averse", "novelty", "corner");

    private AnalyticRewards() {}

    /** The names {@link #create} accepts. */
    public static List<String> names() {
        return NAMES;
    }

    /** The landscape the message names, with its parameters. */
    public static TerminalReward create(AnalyticReward proto) {
        LandscapeParameters p = new LandscapeParameters(proto);
        TerminalReward r = switch (proto.getName()) {
            case "linear" -> new LinearReward(p.vector("w", null, 0), p.scalar("scale", 1));
            case "norm" -> new NormReward(p.scalar("scale", 1), p.positive("epsilon", 1e-3));
            case "risk_averse" ->
                new RiskAverseReward(
                        p.scalar("plateau_cost", 2),
                        p.scalar("moderate_cost", 1),
                        p.scalar("low_cost", 0),
                        p.scalar("stripe_cost", 5),
                        p.scalar("radius", 1.5),
                        p.positive("softness", 0.25),
                        p.positive("stripe_period", 1),
                        p.scalar("stripe_sharpness", 20));
            case "novelty" -> novelty(p);
            case "corner" ->
                new CornerReward(
                        p.vector("direction", new double[] {1, 1}, 0),
                        p.scalar("scale", 1),
                        p.positive("saturation", 3));
            default ->
                throw new IllegalArgumentException("unknown analytic reward '" + proto.getName() + "', expected one of "
                        + String.join(", ", NAMES));
        };
        p.requireNoOthers();
        return r;
    }

    private static NoveltyReward novelty(LandscapeParameters p) {
        double background = p.scalar("background", 0.5);
        double backgroundWidth = p.positive("background_width", 2);
        double height = p.scalar("spike_height", 5);
        double width = p.positive("spike_width", 0.2);
        double count = p.scalar("spike_count", 3);
        if (count < 0 || count != Math.rint(count)) {
            throw new IllegalArgumentException(
                    "analytic reward 'novelty': scalar 'spike_count' must be an integer ≥ 0, got " + count);
        }
        double[] ring =
                NoveltyReward.ring((int) count, p.scalar("spike_radius", 2.5), p.scalar("spike_phase", Math.PI / 4));
        double[] centers = p.vector("centers", ring, 0);
        return new NoveltyReward(background, backgroundWidth, height, width, centers);
    }
}
