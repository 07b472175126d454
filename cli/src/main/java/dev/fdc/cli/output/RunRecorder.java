package dev.fdc.cli.output;

import dev.fdc.cli.train.TrainingListener;
import dev.fdc.coordinator.objective.TermMetrics;
import dev.fdc.coordinator.run.AmStepRecord;
import dev.fdc.coordinator.run.MirrorStepRecord;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher's {@link TrainingListener}: appends every record to {@code metrics.jsonl} and the
 * TensorBoard event file, moves the progress display, and keeps the records for the plots and the
 * run's summary.
 */
public final class RunRecorder implements TrainingListener, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final MetricsWriter metrics;
    private final TensorBoardWriter tensorBoard;
    private final List<MirrorStepRecord> mirrorSteps = new ArrayList<>();
    private final List<AmStepRecord> amSteps = new ArrayList<>();
    private Progress progress;
    private int amStepsPerMirrorStep = 1;

    /** Records into {@code metrics}. */
    public RunRecorder(MetricsWriter metrics) {
        this(metrics, null);
    }

    /** Records into {@code metrics} and, if not null, TensorBoard event files. */
    public RunRecorder(MetricsWriter metrics, TensorBoardWriter tensorBoard) {
        this.metrics = metrics;
        this.tensorBoard = tensorBoard;
    }

    @Override
    public void onStart(int mirrorSteps, int amSteps) {
        amStepsPerMirrorStep = Math.max(1, amSteps);
        progress = Progress.start("fdc train", (long) mirrorSteps * amStepsPerMirrorStep);
    }

    @Override
    public void onAmStep(AmStepRecord r) {
        amSteps.add(r);
        Map<String, Object> fields = MetricsLines.am(r);
        write(MetricsLines.AM, r.mirrorStep(), r.amStep(), fields);
        scalars(position(r.mirrorStep(), r.amStep()), "am/", fields);
        if (progress != null) {
            progress.update(
                    position(r.mirrorStep(), r.amStep()),
                    String.format(Locale.ROOT, "k=%d loss %.4g", r.mirrorStep(), r.loss()));
        }
    }

    @Override
    public void onMirrorStep(MirrorStepRecord r) {
        mirrorSteps.add(r);
        Map<String, Object> fields = MetricsLines.mirror(r);
        write(MetricsLines.MIRROR, r.mirrorStep(), 0, fields);
        scalars(r.mirrorStep(), "mirror/", fields);
        LOG.info("{}", describe(r));
    }

    /** A one-line account of a mirror step's statistics: G and every term's value. */
    static String describe(MirrorStepRecord r) {
        StringBuilder b =
                new StringBuilder(r.finalEstimate() ? "final estimate (p_K)" : "mirror step " + r.mirrorStep());
        b.append(": objective ")
                .append(r.objective().isPresent() ? fmt(r.objective().getAsDouble()) : "n/a");
        for (TermMetrics t : r.terms()) {
            b.append(", ").append(t.type()).append(' ');
            b.append(t.value().isPresent() ? fmt(t.value().getAsDouble()) : "n/a");
        }
        if (!r.finalEstimate()) {
            b.append(" (η = ").append(fmt(r.eta())).append(')');
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** The mirror-step records so far, in order. */
    public List<MirrorStepRecord> mirrorSteps() {
        return List.copyOf(mirrorSteps);
    }

    /** The update records so far, in order. */
    public List<AmStepRecord> amSteps() {
        return List.copyOf(amSteps);
    }

    /** Per mirror step: the objective and each term's value, x = number of completed mirror steps. */
    public Map<String, List<double[]>> mirrorCurves() {
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        for (MirrorStepRecord r : mirrorSteps) {
            double x = r.mirrorStep() - 1;
            r.objective()
                    .ifPresent(g -> curves.computeIfAbsent("objective", s -> new ArrayList<>())
                            .add(new double[] {x, g}));
            for (TermMetrics t : r.terms()) {
                t.value()
                        .ifPresent(v -> curves.computeIfAbsent(
                                        "term " + t.index() + " (" + t.type() + ")", s -> new ArrayList<>())
                                .add(new double[] {x, v}));
            }
        }
        return curves;
    }

    /** Per update: loss, reward, control cost, x = mirror steps completed (fractional). */
    public Map<String, List<double[]>> amCurves() {
        Map<String, List<double[]>> curves = new LinkedHashMap<>();
        for (AmStepRecord r : amSteps) {
            double x = (r.mirrorStep() - 1) + (double) r.amStep() / amStepsPerMirrorStep;
            curves.computeIfAbsent("loss", s -> new ArrayList<>()).add(new double[] {x, r.loss()});
            curves.computeIfAbsent("reward_mean", s -> new ArrayList<>()).add(new double[] {x, r.rewardMean()});
            curves.computeIfAbsent("control_cost", s -> new ArrayList<>()).add(new double[] {x, r.controlCost()});
        }
        return curves;
    }

    private long position(int k, int n) {
        return (long) (k - 1) * amStepsPerMirrorStep + n;
    }

    private void write(String phase, int k, long step, Map<String, Object> fields) {
        try {
            metrics.write(phase, k, step, fields);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to metrics.jsonl", e);
        }
    }

    private void scalars(long step, String prefix, Map<String, Object> fields) {
        if (tensorBoard == null) {
            return;
        }
        Map<String, Double> values = new LinkedHashMap<>();
        fields.forEach((key, v) -> {
            if (v instanceof Number n) {
                values.put(key, n.doubleValue());
            } else if (v instanceof Boolean z) {
                values.put(key, z ? 1.0 : 0.0);
            }
        });
        try {
            tensorBoard.scalars(step, prefix, values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the TensorBoard event file", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (progress != null) {
            progress.close();
        }
        metrics.close();
        if (tensorBoard != null) {
            tensorBoard.close();
        }
    }
}
