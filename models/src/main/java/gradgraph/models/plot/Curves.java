package gradgraph.models.plot;

import gradgraph.core.io.AtomicFiles;
import gradgraph.core.tensor.Errors;
import gradgraph.models.train.History;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Named series of {@code (x, y)} points — loss or accuracy over epochs or steps — drawn as a line
 * chart (PNG, with XChart) and written as CSV.
 *
 * <pre>{@code
 * Curves loss = new Curves("Loss", "epoch", "loss");
 * loss.add("train", 1, 0.61).add("validation", 1, 0.55);
 * loss.writePng(Path.of("runs/loss.png"));
 * loss.writeCsv(Path.of("runs/loss.csv"));
 * }</pre>
 *
 * <p>The CSV has one column per series, one row per distinct {@code x} in increasing order, and an
 * empty cell where a series has no point: {@code epoch,train,validation}. Numbers are written in
 * Java's shortest exact form (integers without a decimal point). Non-finite values (a diverged
 * loss) stay in the CSV as {@code NaN} or {@code Infinity} and are left out of the chart. Files are
 * written atomically.
 */
public final class Curves {
  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final Map<String, List<double[]>> series = new LinkedHashMap<>();
  private boolean legendOutside;

  /**
   * Creates empty curves.
   *
   * @param title the chart's title
   * @param xLabel the x axis's name, e.g. {@code "epoch"} (also the CSV's first column)
   * @param yLabel the y axis's name, e.g. {@code "loss"}
   */
  public Curves(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /**
   * The training loss of every iteration of a run, as the book plots it.
   *
   * @param h the run's history
   * @param model the model's name, for the title
   * @return curves with one series, {@code train}, over {@code iteration}
   */
  public static Curves loss(History h, String model) {
    Curves loss = new Curves(model + ": training loss", "iteration", "loss");
    List<Double> l = h.iterationLosses();
    for (int i = 0; i < l.size(); i++) {
      loss.add("train", i + 1, l.get(i));
    }
    return loss;
  }

  /**
   * The accuracy after every epoch of a run: train, and validation and test where measured.
   *
   * @param h the run's history
   * @param model the model's name, for the title
   * @return curves over {@code epoch}
   */
  public static Curves accuracy(History h, String model) {
    Curves acc = new Curves(model + ": accuracy", "epoch", "accuracy");
    addAll(acc, "train", h.trainAccuracy());
    addAll(acc, "validation", h.validationAccuracy());
    addAll(acc, "test", h.testAccuracy());
    return acc;
  }

  private static void addAll(Curves c, String name, List<Double> ys) {
    for (int i = 0; i < ys.size(); i++) {
      c.add(name, i + 1, ys.get(i));
    }
  }

  /**
   * Places the legend to the right of the plot area instead of inside its top-right corner, where
   * with many series it hides the curves' ends; the plot area gets narrower by the legend's width.
   *
   * @param outside whether the legend goes outside (default false: inside, top right)
   * @return this
   */
  public Curves legendOutside(boolean outside) {
    this.legendOutside = outside;
    return this;
  }

  /**
   * Appends a point to a series, creating the series on first use.
   *
   * @param name the series, e.g. {@code "train"}
   * @param x e.g. the epoch
   * @param y e.g. the loss
   * @return this
   */
  public Curves add(String name, double x, double y) {
    Errors.check(Double.isFinite(x), "Curves.add", "x", "must be finite, got " + x);
    series.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {x, y});
    return this;
  }

  /**
   * Returns the series' names in the order they were first added.
   *
   * @return the names
   */
  public List<String> names() {
    return List.copyOf(series.keySet());
  }

  /**
   * Returns one series' x values.
   *
   * @param name the series
   * @return its x values in the order added
   */
  public double[] xs(String name) {
    return column(name, 0);
  }

  /**
   * Returns one series' y values.
   *
   * @param name the series
   * @return its y values in the order added
   */
  public double[] ys(String name) {
    return column(name, 1);
  }

  private double[] column(String name, int c) {
    List<double[]> pts = series.get(name);
    if (pts == null) {
      throw Errors.illegalArgument(
          "Curves", "name", "no series '" + name + "'; there are " + series.keySet());
    }
    double[] out = new double[pts.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = pts.get(i)[c];
    }
    return out;
  }

  /**
   * Formats the points as CSV.
   *
   * @return the text, with a header line
   */
  public String toCsv() {
    TreeSet<Double> xs = new TreeSet<>();
    List<Map<Double, Double>> cols = new ArrayList<>();
    for (List<double[]> pts : series.values()) {
      Map<Double, Double> m = new LinkedHashMap<>();
      for (double[] p : pts) {
        xs.add(p[0]);
        m.put(p[0], p[1]); // a repeated x keeps its last value
      }
      cols.add(m);
    }
    StringBuilder s = new StringBuilder(csv(xLabel));
    for (String n : series.keySet()) {
      s.append(',').append(csv(n));
    }
    s.append('\n');
    for (double x : xs) {
      s.append(num(x));
      for (Map<Double, Double> m : cols) {
        s.append(',');
        Double y = m.get(x);
        if (y != null) {
          s.append(num(y));
        }
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static String num(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v); // shortest text that reads back as the same double
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n")
        ? "\"" + s.replace("\"", "\"\"") + "\""
        : s;
  }

  /**
   * Writes the points as CSV.
   *
   * @param file the file, created or replaced
   * @throws IOException if it cannot be written
   */
  public void writeCsv(Path file) throws IOException {
    byte[] b = toCsv().getBytes(StandardCharsets.UTF_8);
    AtomicFiles.write(file, out -> out.write(b));
  }

  /**
   * Draws the chart as an 800×500 PNG.
   *
   * @param file the file, created or replaced
   * @throws IOException if it cannot be written
   */
  public void writePng(Path file) throws IOException {
    writePng(file, 800, 500);
  }

  /**
   * Draws the chart as a PNG.
   *
   * @param file the file, created or replaced
   * @param width pixels
   * @param height pixels
   * @throws IOException if it cannot be written
   */
  public void writePng(Path file, int width, int height) throws IOException {
    byte[] png = BitmapEncoder.getBitmapBytes(chart(width, height), BitmapEncoder.BitmapFormat.PNG);
    AtomicFiles.write(file, out -> out.write(png));
  }

  /**
   * Builds the XChart chart, for callers who want to style or show it themselves.
   *
   * @param width pixels
   * @param height pixels
   * @return the chart
   */
  public XYChart chart(int width, int height) {
    Errors.check(
        width >= 50 && height >= 50,
        "Curves",
        "size",
        "must be at least 50x50 pixels, got " + width + "x" + height);
    Headless.ensure();
    XYChart c =
        new XYChartBuilder()
            .width(width)
            .height(height)
            .title(title)
            .xAxisTitle(xLabel)
            .yAxisTitle(yLabel)
            .build();
    c.getStyler()
        .setLegendPosition(
            legendOutside ? Styler.LegendPosition.OutsideE : Styler.LegendPosition.InsideNE);
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesColor(new Color(225, 225, 225));
    for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
      List<double[]> pts = new ArrayList<>();
      for (double[] p : e.getValue()) {
        if (Double.isFinite(p[1])) {
          pts.add(p);
        }
      }
      if (pts.isEmpty()) {
        continue;
      }
      double[] x = new double[pts.size()];
      double[] y = new double[pts.size()];
      for (int i = 0; i < x.length; i++) {
        x[i] = pts.get(i)[0];
        y[i] = pts.get(i)[1];
      }
      c.addSeries(e.getKey(), x, y)
          .setMarker(x.length <= 50 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
    if (c.getSeriesMap().isEmpty()) {
      throw new IllegalStateException(
          "Curves '" + title + "': no finite points to draw; add some with add(series, x, y)");
    }
    return c;
  }
}
