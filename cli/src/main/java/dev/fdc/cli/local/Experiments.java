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
    String tail = e.getString("tail");
    double beta = e.getDouble("beta");
    String reward = e.getConfig("reward").root().render(
        com.typesafe.config.ConfigRenderOptions.concise());
    MlpSpec net = new MlpSpec(3, new int[] {64, 64}, 2, Activation.SILU);
    ModelSpec model = ModelSpec.newBuilder().setKind(ModelKind.MODEL_KIND_MLP).setDim(2)
        .setArchitecture(MlpArchitecture.newBuilder().setInputDim(3).addHidden(64).addHidden(64)
            .setOutputDim(2).setActivation("silu"))
        .setTimeInput("t").setSchedule("linear").setParameterCount(net.parameterCount()).build();
    float[] pre;
    try (NDManager m = DjlRuntime.newManager("pretrain");
        MlpVelocityField f = MlpVelocityField.create(net, m, DataType.FLOAT32, 1)) {
      double loss = FlowMatchingTrainer.train(f, Dataset2D.valueOf(e.getString("dataset")),
          new FlowMatchingTrainer.Config(e.getInt("pretrain-steps"), 256, 2e-3, 1), m, (s, l) -> {});
      pre = f.parameters().toFlat();
      System.out.printf("pre-trained %s, final loss %.4f%n", e.getString("dataset"), loss);
    }
    RewardModel r = rewardModel(e.getConfig("reward"));
    StringBuilder table = new StringBuilder();
    table.append("| method | seed | mean r | CVaR/SQ_β of r |\n|---|---|---|---|\n");
    List<double[]> rows = new ArrayList<>();
    float[][] last = new float[3][];
    for (int seed : e.getIntList("seeds")) {
      String[] methods = {"pre", "am", "fdc"};
      for (int mi = 0; mi < 3; mi++) {
        String method = methods[mi];
        String terms = method.equals("fdc")
            ? "[{ type = " + tail + ", beta = " + beta + ", reward = " + reward + " }]"
            : "[{ type = expected-reward, reward = " + reward + " }]";
        Config run = ConfigFactory.parseString("fdc.objective.terms = " + terms
            + "\nfdc.run.seed = " + seed + (method.equals("pre") ? "\nfdc.run.am-steps = 1" : ""))
            .withFallback(c).resolve();
        RunSpec spec = new RunSpec(name + "-" + method, 0, RunConfig.parse(run), model,
            ObjectiveConfig.parse(run), MirrorConfig.parse(run), pre);
        try (LocalFdc fdc = LocalFdc.create(spec, RunListener.NONE)) {
          fdc.addExecutor(EngineTaskExecutor.builder().setModel(model)
              .setParameters(fdc.parameterSource()).setContent(fdc.contentSource()).build());
          if (!method.equals("pre")) {
            fdc.run();
          }
          StatisticsOutcome o = fdc.sample(e.getInt("samples"), 1000 + seed, r);
          double[] rr = toDouble(o.arrays().get("rewards"));
          Quantiles q = Quantiles.of(rr);
          double t = tail.equals("cvar") ? q.cvar(beta).mean() : q.superquantile(beta).mean();
          double mean = java.util.Arrays.stream(rr).average().orElse(Double.NaN);
          rows.add(new double[] {mi, seed, mean, t});
          table.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f |%n", method, seed,
              mean, t));
          System.out.printf(Locale.ROOT, "%s %s seed %d: mean %.4f, tail %.4f%n", name, method,
              seed, mean, t);
          last[mi] = o.arrays().get("samples");
        }
      }
    }
    table.append("\n| method | mean r (mean ± std) | tail (mean ± std) |\n|---|---|---|\n");
    for (int mi = 0; mi < 3; mi++) {
      List<double[]> sel = new ArrayList<>();
      for (double[] row : rows) {
        if (row[0] == mi) {
          sel.add(row);
        }
      }
      table.append(String.format(Locale.ROOT, "| %s | %.4f ± %.4f | %.4f ± %.4f |%n",
          new String[] {"pre", "am", "fdc"}[mi], avg(sel, 2), std(sel, 2), avg(sel, 3),
          std(sel, 3)));
    }
    Files.writeString(out.resolve(name + ".md"), table.toString());
    scatter(last, out.resolve(name + ".png"), name);
    System.out.println(table);
  }

  private static RewardModel rewardModel(Config r) {
    AnalyticReward.Builder a = AnalyticReward.newBuilder().setName(r.getString("name"));
    if (r.hasPath("scalars")) {
      r.getConfig("scalars").entrySet().forEach(en ->
          a.putScalars(en.getKey(), ((Number) en.getValue().unwrapped()).doubleValue()));
    }
    return RewardModel.newBuilder().setAnalytic(a).build();
  }

  private static void scatter(float[][] samples, Path file, String title) throws IOException {
    XYChart chart = new XYChartBuilder().width(600).height(600).title(title).build();
    chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    chart.getStyler().setMarkerSize(2);
    String[] names = {"pre-trained", "AM (expected reward)", "FDC"};
    for (int i = 0; i < samples.length; i++) {
      int n = Math.min(2000, samples[i].length / 2);
      double[] x = new double[n];
      double[] y = new double[n];
      for (int j = 0; j < n; j++) {
        x[j] = samples[i][2 * j];
        y[j] = samples[i][2 * j + 1];
      }
      chart.addSeries(names[i], x, y);
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
    return Math.sqrt(rows.stream().mapToDouble(r -> (r[col] - m) * (r[col] - m)).sum()
        / Math.max(1, rows.size() - 1));
  }
}
