package gradgraph.models.plot;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Dataset;
import gradgraph.models.metrics.Metrics;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import java.util.function.IntBinaryOperator;

/**
 * A plot of the plane {@code [xMin, xMax] × [yMin, yMax]}: as background either a scalar field
 * drawn as contour bands (a loss surface, for descent paths) or class regions (a decision
 * boundary); over it, paths (optimizer trajectories) and labelled points (training data).
 *
 * <pre>{@code
 * // the decision boundary of a classifier trained on the spiral data set
 * new PlanePlot("spiral", -1.2, 1.2, -1.2, 1.2)
 *     .decisionBoundary(model)
 *     .points(Spiral.train())
 *     .writePng(Path.of("spiral.png"));
 * // a descent path over a loss surface
 * new PlanePlot("x^2 + y^2", -4, 4, -4, 4).field((x, y) -> x * x + y * y).path("sgd", xy);
 * }</pre>
 */
public final class PlanePlot {
  private static final int SIZE = 420;
  private static final int MARGIN = 40;

  private final String title;
  private final double xMin;
  private final double xMax;
  private final double yMin;
  private final double yMax;
  private DoubleBinaryOperator field;
  private IntBinaryOperator regions;
  private final List<String> pathNames = new ArrayList<>();
  private final List<double[][]> paths = new ArrayList<>();
  private double[][] points;
  private int[] pointLabels;

  /**
   * Creates an empty plot of a rectangle.
   *
   * @param title the title
   * @param xMin left
   * @param xMax right, above {@code xMin}
   * @param yMin bottom
   * @param yMax top, above {@code yMin}
   */
  public PlanePlot(String title, double xMin, double xMax, double yMin, double yMax) {
    Errors.check(
        xMax > xMin && yMax > yMin && Double.isFinite(xMax - xMin) && Double.isFinite(yMax - yMin),
        "PlanePlot",
        "range",
        String.format(
            Locale.ROOT,
            "need finite xMin < xMax and yMin < yMax, got [%g, %g] x [%g, %g]",
            xMin,
            xMax,
            yMin,
            yMax));
    this.title = title;
    this.xMin = xMin;
    this.xMax = xMax;
    this.yMin = yMin;
    this.yMax = yMax;
  }

  /**
   * Draws {@code f(x, y)} as the background, in contour bands of its square root (so the bands stay
   * readable near a minimum).
   *
   * @param f the field
   * @return this
   */
  public PlanePlot field(DoubleBinaryOperator f) {
    this.field = f;
    this.regions = null;
    return this;
  }

  /**
   * Colours the background by class, as a decision boundary: the classifier gets every pixel's
   * coordinates at once, as a FLOAT64 batch {@code [P, 2]}, and returns one class per row.
   *
   * @param classifier e.g. a model's forward pass followed by arg-max
   * @return this
   */
  public PlanePlot regions(Function<Tensor, int[]> classifier) {
    double[] xy = new double[2 * SIZE * SIZE];
    for (int py = 0; py < SIZE; py++) {
      for (int px = 0; px < SIZE; px++) {
        xy[2 * (py * SIZE + px)] = toX(px);
        xy[2 * (py * SIZE + px) + 1] = toY(py);
      }
    }
    int[] classes = classifier.apply(Tensor.of(xy, SIZE * SIZE, 2));
    Errors.check(
        classes != null && classes.length == SIZE * SIZE,
        "PlanePlot.regions",
        "classifier",
        "returned "
            + (classes == null ? "null" : classes.length + " classes")
            + " for "
            + SIZE * SIZE
            + " points [P, 2] = "
            + Errors.shape(new int[] {SIZE * SIZE, 2}));
    this.regions = (px, py) -> classes[py * SIZE + px];
    this.field = null;
    return this;
  }

  /**
   * Colours the background by the class a model predicts, as the decision boundary of a classifier
   * of 2-D points (the spiral data set, logic gates): the model gets every pixel's coordinates as
   * one batch {@code [P, 2]} in the dtype of its first parameter, in evaluation mode without
   * gradients, and the class is the arg-max of its scores {@code [P, classes]}.
   *
   * @param model a classifier of points {@code [N, 2]} returning scores {@code [N, classes]}
   * @return this
   */
  public PlanePlot decisionBoundary(Module model) {
    List<Parameter> ps = model.parameters();
    DType dtype = ps.isEmpty() ? DType.FLOAT64 : ps.get(0).value().dtype();
    return regions(
        xy -> {
          try (Scope eval = Mode.eval();
              Scope noGrad = Grad.disabled()) {
            Tensor scores = model.apply(xy.to(dtype)).value();
            Errors.check(
                scores.rank() == 2 && scores.dim(0) == xy.dim(0),
                "PlanePlot.decisionBoundary",
                "model",
                "must map points "
                    + Errors.shape(xy.shape())
                    + " to scores [P, classes], got "
                    + Errors.shape(scores.shape()));
            return Metrics.predict(scores);
          }
        });
  }

  /**
   * Adds a path (drawn as a line with a dot on each point).
   *
   * @param name its legend entry
   * @param xy points {@code {x, y}} in order, at least one; not modified
   * @return this
   * @throws IllegalArgumentException if the path is empty or a point is not a pair
   */
  public PlanePlot path(String name, double[][] xy) {
    Errors.check(xy.length > 0, "PlanePlot.path", "xy", "path '" + name + "' has no points");
    for (int i = 0; i < xy.length; i++) {
      Errors.check(
          xy[i].length == 2,
          "PlanePlot.path",
          "xy",
          "point " + i + " of '" + name + "' has " + xy[i].length + " coordinates, expected 2");
    }
    pathNames.add(name);
    paths.add(xy);
    return this;
  }

  /**
   * Adds points coloured by label, e.g. a data set of 2-D points.
   *
   * @param data a data set whose inputs are {@code [N, 2]}
   * @return this
   * @throws IllegalArgumentException if the inputs are not {@code [N, 2]}
   */
  public PlanePlot points(Dataset data) {
    Tensor x = data.x();
    Errors.check(
        x.rank() == 2 && x.dim(1) == 2,
        "PlanePlot.points",
        "data",
        "inputs must be points [N, 2], got " + Errors.shape(x.shape()));
    double[] v = x.toDoubleArray();
    double[][] xy = new double[x.dim(0)][];
    for (int i = 0; i < xy.length; i++) {
      xy[i] = new double[] {v[2 * i], v[2 * i + 1]};
    }
    return points(xy, data.labels());
  }

  /**
   * Adds points coloured by label.
   *
   * @param xy points {@code {x, y}}; not modified
   * @param labels one class per point
   * @return this
   */
  public PlanePlot points(double[][] xy, int[] labels) {
    Errors.check(
        xy.length == labels.length,
        "PlanePlot.points",
        "labels",
        xy.length + " points but " + labels.length + " labels");
    for (int i = 0; i < xy.length; i++) {
      Errors.check(
          xy[i].length == 2,
          "PlanePlot.points",
          "xy",
          "point " + i + " has " + xy[i].length + " coordinates, expected 2");
    }
    this.points = xy;
    this.pointLabels = labels;
    return this;
  }

  private double toX(int px) {
    return xMin + (px + 0.5) / SIZE * (xMax - xMin);
  }

  private double toY(int py) {
    return yMax - (py + 0.5) / SIZE * (yMax - yMin);
  }

  /**
   * Returns the column of the rendered image where a point of the plane is drawn.
   *
   * @param x the point's x; {@code xMin} maps to the plot area's left edge
   * @return the pixel column
   */
  public int pixelX(double x) {
    return MARGIN + (int) Math.round((x - xMin) / (xMax - xMin) * SIZE);
  }

  /**
   * Returns the row of the rendered image where a point of the plane is drawn.
   *
   * @param y the point's y; {@code yMax} maps to the plot area's top edge
   * @return the pixel row
   */
  public int pixelY(double y) {
    return 30 + (int) Math.round((yMax - y) / (yMax - yMin) * SIZE);
  }

  private int px(double x) {
    return pixelX(x);
  }

  private int py(double y) {
    return pixelY(y);
  }

  /**
   * Draws the plot: a 420×420-pixel plot area with a 40-pixel margin left and right and the title
   * above ({@link #pixelX} and {@link #pixelY} locate points); class regions are drawn in a light
   * tint of the class's palette colour, field bands in shades of blue.
   *
   * @return the image
   */
  public BufferedImage render() {
    int legendH = 16 * pathNames.size();
    BufferedImage img = Headless.canvas(SIZE + 2 * MARGIN, SIZE + 60 + legendH);
    if (field != null) {
      double[] v = new double[SIZE * SIZE];
      double max = 0;
      for (int py = 0; py < SIZE; py++) {
        for (int px = 0; px < SIZE; px++) {
          v[py * SIZE + px] = Math.sqrt(Math.max(0, field.applyAsDouble(toX(px), toY(py))));
          max = Math.max(max, v[py * SIZE + px]);
        }
      }
      for (int i = 0; i < v.length; i++) {
        int band = (int) Math.min(11, Math.floor(12 * v[i] / (max > 0 ? max : 1)));
        int c = 245 - band * 12;
        img.setRGB(MARGIN + i % SIZE, 30 + i / SIZE, new Color(c, c, 255).getRGB());
      }
    } else if (regions != null) {
      for (int py = 0; py < SIZE; py++) {
        for (int px = 0; px < SIZE; px++) {
          Color c = Headless.palette(regions.applyAsInt(px, py));
          Color light =
              new Color(
                  (c.getRed() + 3 * 255) / 4,
                  (c.getGreen() + 3 * 255) / 4,
                  (c.getBlue() + 3 * 255) / 4);
          img.setRGB(MARGIN + px, 30 + py, light.getRGB());
        }
      }
    }
    Graphics2D g = Headless.graphics(img);
    g.setFont(Headless.TITLE);
    g.drawString(title, MARGIN, 20);
    g.setFont(Headless.LABEL);
    g.setClip(MARGIN, 30, SIZE + 1, SIZE + 1);
    if (xMin < 0 && xMax > 0) {
      g.setColor(Color.GRAY);
      g.drawLine(px(0), 30, px(0), 30 + SIZE);
    }
    if (yMin < 0 && yMax > 0) {
      g.setColor(Color.GRAY);
      g.drawLine(MARGIN, py(0), MARGIN + SIZE, py(0));
    }
    g.setStroke(new BasicStroke(1.5f));
    for (int k = 0; k < paths.size(); k++) {
      g.setColor(Headless.palette(field != null ? k + 3 : k));
      double[][] p = paths.get(k);
      for (int i = 0; i < p.length; i++) {
        if (i > 0) {
          g.drawLine(px(p[i - 1][0]), py(p[i - 1][1]), px(p[i][0]), py(p[i][1]));
        }
        g.fillOval(px(p[i][0]) - 2, py(p[i][1]) - 2, 5, 5);
      }
    }
    if (points != null) {
      for (int i = 0; i < points.length; i++) {
        g.setColor(Headless.palette(pointLabels[i]));
        g.fillOval(px(points[i][0]) - 4, py(points[i][1]) - 4, 9, 9);
        g.setColor(Color.BLACK);
        g.drawOval(px(points[i][0]) - 4, py(points[i][1]) - 4, 9, 9);
      }
    }
    g.setClip(null);
    g.setColor(Color.BLACK);
    g.setStroke(new BasicStroke(1));
    g.drawRect(MARGIN, 30, SIZE, SIZE);
    g.drawString(fmt(xMin), MARGIN, 30 + SIZE + 13);
    String xr = fmt(xMax);
    g.drawString(xr, MARGIN + SIZE - g.getFontMetrics().stringWidth(xr), 30 + SIZE + 13);
    g.drawString(fmt(yMax), 2, 40);
    g.drawString(fmt(yMin), 2, 30 + SIZE);
    for (int k = 0; k < pathNames.size(); k++) {
      g.setColor(Headless.palette(field != null ? k + 3 : k));
      g.fillRect(MARGIN, 30 + SIZE + 22 + 16 * k, 10, 10);
      g.setColor(Color.BLACK);
      g.drawString(pathNames.get(k), MARGIN + 16, 30 + SIZE + 31 + 16 * k);
    }
    g.dispose();
    return img;
  }

  /**
   * Draws the plot and writes it as PNG.
   *
   * @param file the PNG file, created or replaced atomically; its directory is created
   * @return the file
   * @throws IOException if it cannot be written
   */
  public Path writePng(Path file) throws IOException {
    Headless.writePng(render(), file);
    return file;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.3g", v);
  }
}
