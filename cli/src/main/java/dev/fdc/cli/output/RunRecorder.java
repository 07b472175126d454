package dev.fdc.cli.output;

import dev.fdc.cli.train.TrainingListener;
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
 * The launcher's {@link TrainingListener}: appends every record to {@code metrics.jsonl}, moves the
 * progress display, and keeps the curves for the plots (objective per mirror step, AM loss and
 * reward per update).
 */
public final class RunRecorder implements TrainingListener, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(RunRecorder.class);

    private final MetricsWriter metrics;
    private final TensorBoardWriter tensorBoard;
    private final Map<String, List<double[]>> mirrorCurves = new LinkedHashMap<>();
    private final Map<String, List<double[]>> amCurves = new LinkedHashMap<>();
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
    public void onStart(int mirrorSteps, int amSteps, int firstMirrorStep, int firstAmStep) {
        amStepsPerMirrorStep = Math.max(1, amSteps);
        progress = Progress.start("fdc train", (long) mirrorSteps * amStepsPerMirrorStep);
        progress.update(position(firstMirrorStep, firstAmStep) - 1, "");
    }

    @Override
    public void onAmStep(int k, int n, Map<String, Double> values) {
        write(k, n, "am", values);
        double x = (k - 1) + (double) n / amStepsPerMirrorStep;
        scalars(position(k, n), "am/", values);
        for (String key : new String[] {"loss", "reward_mean", "control_cost"}) {
            Double v = values.get(key);
            if (v != null) {
                amCurves.computeIfAbsent(key, s -> new ArrayList<>()).add(new double[] {x, v});
            }
        }
        if (progress != null) {
            Double loss = values.get("loss");
            progress.update(
                    position(k, n), String.format(Locale.ROOT, "k=%d loss %.4g", k, loss == null ? Double.NaN : loss));
        }
    }

    @Override
    public void onMirrorStep(int k, Map<String, Double> values) {
        write(k, 0, "mirror", values);
        scalars(k, "mirror/", values);
        for (Map.Entry<String, Double> e : values.entrySet()) {
            // Plot the objective's and its terms' values; counts and settings stay in metrics.jsonl.
            if (isValue(e.getKey()) && Double.isFinite(e.getValue())) {
                mirrorCurves.computeIfAbsent(e.getKey(), s -> new ArrayList<>()).add(new double[] {k - 1, e.getValue()
                });
            }
        }
        LOG.info("mirror step {}: {}", k, values);
    }

    @Override
    public void onCheckpoint(int k, int n) {
        LOG.debug("checkpoint at k={} n={}", k, n);
    }

    /** Whether a mirror-step metric is a value worth plotting (G or a term's value), not a count. */
    static boolean isValue(String key) {
        return key.equals("objective") || key.endsWith(".value") || key.equals("value");
    }

    /** Per mirror step: objective and term values, x = number of completed mirror steps. */
    public Map<String, List<double[]>> mirrorCurves() {
        return mirrorCurves;
    }

    /** Per update: loss, reward, control cost, x = mirror steps completed (fractional). */
    public Map<String, List<double[]>> amCurves() {
        return amCurves;
    }

    private long position(int k, int n) {
        return (long) (k - 1) * amStepsPerMirrorStep + n;
    }

    private void write(int k, long step, String phase, Map<String, Double> values) {
        try {
            metrics.write(k, step, phase, values);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to metrics.jsonl", e);
        }
    }

    private void scalars(long step, String prefix, Map<String, Double> values) {
        if (tensorBoard == null) {
            return;
        }
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
