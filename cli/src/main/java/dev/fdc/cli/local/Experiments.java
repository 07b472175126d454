package dev.fdc.cli.local;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import dev.fdc.coordinator.mirror.MirrorConfig;
import dev.fdc.coordinator.objective.ObjectiveConfig;
import dev.fdc.coordinator.run.RunConfig;
import dev.fdc.coordinator.run.RunListener;
import dev.fdc.coordinator.run.RunSpec;
import dev.fdc.coordinator.statistics.Quantiles;
import dev.fdc.gpu.DjlRuntime;
import dev.fdc.gpu.model.Activation;
import dev.fdc.gpu.model.MlpSpec;
import dev.fdc.gpu.model.MlpVelocityField;
import dev.fdc.gpu.pretrain.Dataset2D;
import dev.fdc.gpu.pretrain.FlowMatchingTrainer;
import dev.fdc.protocol.v1.AnalyticReward;
import dev.fdc.protocol.v1.MlpArchitecture;
import dev.fdc.protocol.v1.ModelKind;
import dev.fdc.protocol.v1.ModelSpec;
import dev.fdc.protocol.v1.RewardModel;
import dev.fdc.workers.exec.EngineTaskExecutor;
import dev.fdc.workers.exec.StatisticsOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * The 2-D experiments of docs/EXPERIMENTS.md: on a model fdc pre-trains itself (flow matching on a
 * built-in dataset), FDC with a tail objective vs plain Adjoint Matching on the expected reward,
 * at the same number of gradient steps, over several seeds. Usage:
 * {@code Experiments <config.conf> <out-dir>}; the config holds {@code experiment { dataset,
 * pretrain-steps, seeds, samples, beta, tail = cvar | superquantile, reward { ... } }} and the
 * {@code fdc.run} / {@code fdc.mirror} settings shared by both methods.
 */
public final class Experiments {

    private Experiments() {}

    public static void main(String[] args) throws Exception {
        Config c = ConfigFactory.parseFile(Path.of(args[0]).toFile()).resolve();
        Path out = Files.createDirectories(Path.of(args[1]));
        Config e = c.getConfig("experiment");
        String name = e.getString("name");
        String reward = e.getConfig("reward").root().render(com.typesafe.config.ConfigRenderOptions.concise());
        // The evaluated tail statistic (optional) and the methods compared (default: AM on E r vs FDC
        // on the tail objective, the claims (a)/(b) set-up).
        String tail = e.hasPath("tail") ? e.getString("tail") : null;
        double beta = e.hasPath("beta") ? e.getDouble("beta") : Double.NaN;
        List<? extends Config> methods = e.hasPath("methods")
                ? e.getConfigList("methods")
                : ConfigFactory.parseString("m = [{ label = am, terms = [{ type = expected-reward, reward = "
                                + reward + " }] }, { label = fdc, terms = [{ type = " + tail + ", beta = " + beta
                                + ", reward = " + reward + " }] }]")
                        .getConfigList("m");
        double[][] groundMetric = null;
        if (e.hasPath("ground-metric")) {
            List<List<Double>> rows = new ArrayList<>();
            for (Object row : e.getList("ground-metric").unwrapped()) {
                List<Double> rr = new ArrayList<>();
                for (Object v : (List<?>) row) {
                    rr.add(((Number) v).doubleValue());
                }
                rows.add(rr);
            }
            groundMetric = rows.stream()
                    .map(l -> l.stream().mapToDouble(Double::doubleValue).toArray())
                    .toArray(double[][]::new);
        }
        int w1n = e.hasPath("w1-samples") ? e.getInt("w1-samples") : 500;
        int entN = e.hasPath("entropy-samples") ? e.getInt("entropy-samples") : 2000;
        MlpSpec net = new MlpSpec(3, new int[] {64, 64}, 2, Activation.SILU);
        ModelSpec model = ModelSpec.newBuilder()
                .setKind(ModelKind.MODEL_KIND_MLP)
                .setDim(2)
                .setArchitecture(MlpArchitecture.newBuilder()
                        .setInputDim(3)
                        .addHidden(64)
                        .addHidden(64)
                        .setOutputDim(2)
                        .setActivation("silu"))
                .setTimeInput("t")
                .setSchedule("linear")
                .setParameterCount(net.parameterCount())
                .build();
        float[] pre;
        try (NDManager m = DjlRuntime.newManager("pretrain");
                MlpVelocityField f = MlpVelocityField.create(net, m, DataType.FLOAT32, 1)) {
            double loss = FlowMatchingTrainer.train(
                    f,
                    Dataset2D.valueOf(e.getString("dataset")),
                    new FlowMatchingTrainer.Config(e.getInt("pretrain-steps"), 256, 2e-3, 1),
                    m,
                    (s, l) -> {});
            pre = f.parameters().toFlat();
            System.out.printf("pre-trained %s, final loss %.4f%n", e.getString("dataset"), loss);
        }
        RewardModel r = rewardModel(e.getConfig("reward"));
        List<String> labels = new ArrayList<>();
        labels.add("pre");
        for (Config mc : methods) {
            labels.add(mc.getString("label"));
        }
        int nm = labels.size();
        // columns: 0 method, 1 seed, 2 mean r, 3 tail, 4 W1_A to pre, 5 k-NN entropy, 6 seconds
        String[] cols = {
            "mean r", tail == null ? "-" : tail + "_" + beta + " of r", "W1_A to pre", "entropy (k-NN)", "wall s"
        };
        StringBuilder table = new StringBuilder();
        table.append("| method | seed | " + String.join(" | ", cols) + " |\n|---|---|---|---|---|---|---|\n");
        List<double[]> rows = new ArrayList<>();
        float[][] last = new float[nm][];
        for (int seed : e.getIntList("seeds")) {
            float[] preRef = null;
            for (int mi = 0; mi < nm; mi++) {
                String method = labels.get(mi);
                Config mc = mi == 0
                        ? ConfigFactory.parseString("terms = [{ type = expected-reward, reward = " + reward + " }]")
                        : methods.get(mi - 1);
                Config run = ConfigFactory.empty()
                        .withValue("fdc.objective.terms", mc.getValue("terms"))
                        .withValue("fdc.run.seed", com.typesafe.config.ConfigValueFactory.fromAnyRef(seed));
                if (mi == 0) {
                    run = run.withValue("fdc.run.am-steps", com.typesafe.config.ConfigValueFactory.fromAnyRef(1));
                }
                if (mc.hasPath("run")) {
                    run = run.withFallback(mc.getConfig("run").atPath("fdc.run"));
                }
                if (mc.hasPath("mirror")) {
                    run = run.withFallback(mc.getConfig("mirror").atPath("fdc.mirror"));
                }
                run = run.withFallback(c.withoutPath("experiment")).resolve();
                RunSpec spec = new RunSpec(
                        name + "-" + method,
                        0,
                        RunConfig.parse(run),
                        model,
                        ObjectiveConfig.parse(run),
                        MirrorConfig.parse(run),
                        pre);
                long t0 = System.nanoTime();
                String tag = method + " seed " + seed;
                RunListener listener = new RunListener() {
                    @Override
                    public void onMirrorStep(dev.fdc.coordinator.run.MirrorStepRecord rec) {
                        StringBuilder sb = new StringBuilder();
                        new java.util.TreeMap<>(rec.metrics())
                                .forEach((k, v) -> sb.append(String.format(Locale.ROOT, " %s=%.4g", k, v)));
                        System.out.printf(
                                Locale.ROOT, "  [%s] k=%d eta=%.3g%s%n", tag, rec.mirrorStep(), rec.eta(), sb);
                    }
                };
                try (LocalFdc fdc = LocalFdc.create(spec, listener)) {
                    fdc.addExecutor(EngineTaskExecutor.builder()
                            .setModel(model)
                            .setParameters(fdc.parameterSource())
                            .setContent(fdc.contentSource())
                            .build());
                    if (mi == 0) {
                        preRef = fdc.sample(Math.max(w1n, 1), 5000 + seed, r)
                                .arrays()
                                .get("samples");
                    } else {
                        try {
                            fdc.run();
                        } catch (RuntimeException ex) {
                            System.out.printf("%s %s seed %d FAILED: %s%n", name, method, seed, ex);
                            if (ex.getCause() != null) {
                                System.out.println("  cause: " + ex.getCause());
                            }
                            throw ex;
                        }
                    }
                    double secs = (System.nanoTime() - t0) / 1e9;
                    StatisticsOutcome o = fdc.sample(e.getInt("samples"), 1000 + seed, r);
                    double[] rr = toDouble(o.arrays().get("rewards"));
                    float[] xs = o.arrays().get("samples");
                    Quantiles q = Quantiles.of(rr);
                    double t = tail == null
                            ? Double.NaN
                            : tail.equals("cvar")
                                    ? q.cvar(beta).mean()
                                    : q.superquantile(beta).mean();
                    double mean = java.util.Arrays.stream(rr).average().orElse(Double.NaN);
                    double w1 = w1n > 0 ? SampleMetrics.w1(xs, preRef, 2, w1n, groundMetric) : Double.NaN;
                    double ent = entN > 0 ? SampleMetrics.knnEntropy2d(xs, entN, 3) : Double.NaN;
                    rows.add(new double[] {mi, seed, mean, t, w1, ent, secs});
                    table.append(String.format(
                            Locale.ROOT,
                            "| %s | %d | %.4f | %.4f | %.4f | %.4f | %.0f |%n",
                            method,
                            seed,
                            mean,
                            t,
                            w1,
                            ent,
                            secs));
                    System.out.printf(
                            Locale.ROOT,
                            "%s %s seed %d: mean %.4f, tail %.4f, W1_A %.4f, H %.4f (%.0f s)%n",
                            name,
                            method,
                            seed,
                            mean,
                            t,
                            w1,
                            ent,
                            secs);
                    last[mi] = xs;
                }
            }
            Files.writeString(out.resolve(name + ".md"), table.toString());
        }
        table.append("\n| method | " + String.join(" (mean ± std) | ", cols) + " |\n|---|---|---|---|---|---|\n");
        for (int mi = 0; mi < nm; mi++) {
            List<double[]> sel = new ArrayList<>();
            for (double[] row : rows) {
                if (row[0] == mi) {
                    sel.add(row);
                }
            }
            table.append("| " + labels.get(mi));
            for (int col = 2; col <= 6; col++) {
                table.append(String.format(Locale.ROOT, " | %.4f ± %.4f", avg(sel, col), std(sel, col)));
            }
            table.append(" |\n");
        }
        Files.writeString(out.resolve(name + ".md"), table.toString());
        scatter(last, labels, out.resolve(name + ".png"), name);
        System.out.println(table);
    }

    private static RewardModel rewardModel(Config r) {
        AnalyticReward.Builder a = AnalyticReward.newBuilder().setName(r.getString("name"));
        if (r.hasPath("scalars")) {
            r.getConfig("scalars")
                    .entrySet()
                    .forEach(en ->
                            a.putScalars(en.getKey(), ((Number) en.getValue().unwrapped()).doubleValue()));
        }
        return RewardModel.newBuilder().setAnalytic(a).build();
    }

    private static void scatter(float[][] samples, List<String> names, Path file, String title) throws IOException {
        XYChart chart = new XYChartBuilder().width(600).height(600).title(title).build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(2);
        for (int i = 0; i < samples.length; i++) {
            int n = Math.min(2000, samples[i].length / 2);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int j = 0; j < n; j++) {
                x[j] = samples[i][2 * j];
                y[j] = samples[i][2 * j + 1];
            }
            chart.addSeries(names.get(i), x, y);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static double avg(List<double[]> rows, int col) {
        return rows.stream().mapToDouble(r -> r[col]).average().orElse(Double.NaN);
    }

    private static double std(List<double[]> rows, int col) {
        double m = avg(rows, col);
        return Math.sqrt(
                rows.stream().mapToDouble(r -> (r[col] - m) * (r[col] - m)).sum() / Math.max(1, rows.size() - 1));
    }
}
