package dev.fdc.cli.output;

import dev.fdc.coordinator.checkpoint.AtomicFileWriter;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a run, drawn headless with XChart: samples before and after fine-tuning (2-D scatter
 * of the first two coordinates) and metric curves over steps. Files are written atomically.
 */
public final class Plots {

    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /**
     * A scatter of named samples (row-major [n, d], d ≥ 2; coordinates x1, x2), e.g. "pre-trained"
     * and "fine-tuned", one colour each.
     */
    public static void scatter(Path file, String title, Map<String, float[]> samples, int dim) throws IOException {
        if (dim < 2) {
            throw new IllegalArgumentException("a scatter plot needs d ≥ 2, got " + dim);
        }
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("x1")
                .yAxisTitle("x2")
                .build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setMarkerSize(3);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        Color[] colours = {new Color(0, 0, 255, 90), new Color(220, 0, 0, 90), new Color(0, 150, 0, 90)};
        int i = 0;
        for (Map.Entry<String, float[]> e : samples.entrySet()) {
            float[] s = e.getValue();
            int n = s.length / dim;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int r = 0; r < n; r++) {
                x[r] = s[r * dim];
                y[r] = s[r * dim + 1];
            }
            XYSeries series = chart.addSeries(e.getKey(), x, y);
            series.setMarker(SeriesMarkers.CIRCLE);
            series.setMarkerColor(colours[i++ % colours.length]);
        }
        save(chart, file);
    }

    /** Line plots of metric curves: each series is (steps, values) under its name. */
    public static void curves(Path file, String title, String xLabel, Map<String, List<double[]>> series)
            throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle(xLabel)
                .yAxisTitle("value")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            List<double[]> points = e.getValue();
            if (points.isEmpty()) {
                continue;
            }
            double[] x = new double[points.size()];
            double[] y = new double[points.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = points.get(i)[0];
                y[i] = points.get(i)[1];
            }
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            s.setMarker(SeriesMarkers.NONE);
        }
        save(chart, file);
    }

    private static void save(XYChart chart, Path file) throws IOException {
        AtomicFileWriter.writeFile(file, tmp -> {
            try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }
}
