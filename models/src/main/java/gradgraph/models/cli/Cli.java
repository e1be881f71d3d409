package gradgraph.models.cli;

import gradgraph.core.BackwardOption;
import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.io.AtomicFiles;
import gradgraph.core.tensor.Errors;
import gradgraph.models.data.DataOptions;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.FashionMnist;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.data.Mnist;
import gradgraph.models.data.Spiral;
import gradgraph.models.data.Transforms;
import gradgraph.models.io.SafeTensors;
import gradgraph.models.metrics.ConfusionMatrix;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.plot.ConfusionMatrixChart;
import gradgraph.models.plot.Curves;
import gradgraph.models.train.History;
import gradgraph.models.train.Trainer;
import gradgraph.ops.Ops;
import gradgraph.viz.AppleGraphs;
import gradgraph.viz.Diagram;
import gradgraph.viz.RenderException;
import gradgraph.viz.Style;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Helpers shared by the commands: data, output directories, diagrams, curves. */
final class Cli {
  private Cli() {}

  /** The data sets {@code --data} accepts. */
  static final List<String> DATA = List.of("fashion-mnist", "mnist", "spiral", "sample");

  /** Creates (if needed) and returns the {@code --out} directory, after checking it. */
  static Path outDir(Path dir) {
    return outDir("--out", dir);
  }

  /**
   * Creates (if needed) and returns an output directory, failing with the option's name when it is
   * not a directory or cannot be written.
   */
  static Path outDir(String option, Path dir) {
    try {
      return AtomicFiles.checkWritableDirectory(dir);
    } catch (IOException e) {
      throw CliException.about(option, e);
    }
  }

  /**
   * Reads a checkpoint's metadata for an option ({@code --resume}, {@code --weights}), failing with
   * the option's name when the file is missing, not a regular file or not a checkpoint.
   */
  static Map<String, String> checkpointMetadata(String option, Path file) {
    try {
      if (Files.isDirectory(file)) {
        throw new java.nio.file.FileSystemException(
            file.toString(), null, "is a directory, not a checkpoint file");
      }
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new java.nio.file.FileSystemException(
            file.toString(), null, "is a device, pipe or socket, not a checkpoint file");
      }
      return SafeTensors.readMetadata(file);
    } catch (IOException e) {
      throw CliException.about(option, e);
    }
  }

  /** Loads a data set by its command-line name. */
  static IdxDatasets.TrainTest loadData(String name, Path dataDir) throws IOException {
    if (dataDir != null && Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
      throw CliException.about(
          "--data-dir",
          new java.nio.file.FileSystemException(
              dataDir.toString(), null, "is a file, not a directory of IDX files"));
    }
    DataOptions options = DataOptions.defaults().withDataDir(dataDir);
    switch (name.toLowerCase(Locale.ROOT)) {
      case "fashion-mnist":
        return FashionMnist.load(options);
      case "mnist":
        return Mnist.load(options);
      case "spiral":
        return new IdxDatasets.TrainTest(
            Spiral.train(), Spiral.test(), "generated (DeZero's spiral)");
      case "sample":
        return FashionMnist.sample();
      default:
        throw Errors.illegalArgument(
            "--data", "name", "'" + name + "' is not one of " + String.join(", ", DATA));
    }
  }

  /** The default learning rate of each optimizer (the book's choices). */
  static double defaultLr(String optimizer) {
    switch (optimizer.toLowerCase(Locale.ROOT)) {
      case "sgd":
        return 0.1;
      case "adam":
      case "rmsprop":
        return 0.001;
      default:
        return 0.01;
    }
  }

  /** Checks an optimizer name early, so the error is a usage error. */
  static String optimizerName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (!Optimizer.names().contains(n)) {
      throw Errors.illegalArgument(
          "--optimizer",
          "name",
          "'" + name + "' is not one of " + String.join(", ", Optimizer.names()));
    }
    return n;
  }

  /** Writes the apple diagrams, falling back to DOT with advice when Graphviz cannot render. */
  static String writeApple(Path dir, PrintWriter out) throws IOException {
    try {
      return AppleGraphs.writeAll(dir);
    } catch (RenderException e) {
      return AppleGraphs.summary("apple", AppleGraphs.apple())
          + "\n"
          + AppleGraphs.summary("apple-orange", AppleGraphs.appleOrange())
          + "\nwrote\n  "
          + dir.resolve("apple.dot")
          + "\n  "
          + dir.resolve("apple-orange.dot")
          + "\n"
          + e.getMessage()
          + "\n";
    }
  }

  /**
   * Runs one training step's forward and backward on a small batch (two examples) and returns the
   * diagram of its graph, grouped by layer. The model keeps its gradients until the caller draws it
   * and clears them.
   */
  static Diagram stepDiagram(Module model, Dataset data, String title) {
    int n = Math.min(2, data.size());
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    var batch = data.batch(idx);
    Variable x = Variable.constant(batch.x()).named("x");
    Variable loss = Ops.softmaxCrossEntropy(model.apply(x), batch.labels()).named("loss");
    model.clearGrads();
    loss.backward(BackwardOption.RETAIN_GRAD);
    return Diagram.of(loss).style(Style.COMPACT).title(title);
  }

  /**
   * Draws one training step ({@link #stepDiagram}) as {@code base}.dot, .svg and .png in a
   * directory; without Graphviz only the .dot file. Returns the files written.
   */
  static List<Path> writeStepDiagram(Module model, Dataset data, Path dir, String base)
      throws IOException {
    Diagram d = stepDiagram(model, data, base);
    List<Path> written = new ArrayList<>();
    try {
      written.add(d.writeDot(dir.resolve(base + ".dot")));
      written.add(d.writeSvg(dir.resolve(base + ".svg")));
      written.add(d.writePng(dir.resolve(base + ".png")));
    } catch (RenderException e) {
      // the .dot file is there; the message of the next render says how to install Graphviz
    } finally {
      model.clearGrads();
    }
    return written;
  }

  /**
   * Writes the curves of a run: the loss of every iteration and the accuracies of every epoch, each
   * as PNG and CSV. Returns the files written.
   */
  static List<Path> writeCurves(History h, Path dir, String base) throws IOException {
    Curves loss = Curves.loss(h, base);
    Curves acc = Curves.accuracy(h, base);
    List<Path> out = new ArrayList<>();
    for (Object[] c : new Object[][] {{loss, "-loss"}, {acc, "-accuracy"}}) {
      Curves curves = (Curves) c[0];
      Path png = dir.resolve(base + c[1] + ".png");
      Path csv = dir.resolve(base + c[1] + ".csv");
      if (canDraw()) {
        curves.writePng(png);
        out.add(png);
      }
      curves.writeCsv(csv);
      out.add(csv);
    }
    return out;
  }

  /**
   * Whether this Java runtime can draw figures: a minimal runtime made with jlink (the GPU kit's)
   * may leave out the {@code java.desktop} module, and then only the text and CSV files are
   * written.
   */
  static boolean canDraw() {
    return ModuleLayer.boot().findModule("java.desktop").isPresent();
  }

  /**
   * Predicts a test set and writes its confusion matrix as text and PNG. Returns the matrix; the
   * files go to {@code written}.
   */
  static ConfusionMatrix writeConfusion(
      Module model,
      Dataset test,
      Device device,
      int batchSize,
      Path dir,
      String base,
      List<Path> written)
      throws IOException {
    int[] pred = Trainer.predict(model, test, batchSize, device);
    ConfusionMatrix m = new ConfusionMatrix(test.numClasses(), test.classNames());
    m.add(pred, test.labels());
    Path txt = dir.resolve(base + "-confusion.txt");
    AtomicFiles.writeString(txt, m.toText());
    written.add(txt);
    if (canDraw()) {
      Path png = dir.resolve(base + "-confusion.png");
      ConfusionMatrixChart.writePng(m, base + " on " + test.name(), png);
      written.add(png);
    }
    return m;
  }

  /**
   * Standardizes images with the training set's mean and standard deviation (as torchvision's
   * Normalize; it speeds up SGD markedly); points are left alone. Returns {@code {mean, std}} or
   * null when nothing was done; {@code sets} are replaced in place.
   */
  static double[] standardize(Dataset[] sets) {
    if (sets[0].exampleShape().length != 3) {
      return null;
    }
    double[] ms = Transforms.meanStd(sets[0].x());
    if (!(ms[1] > 0)) {
      return null;
    }
    for (int i = 0; i < sets.length; i++) {
      sets[i] = sets[i].map(Transforms.normalize(ms[0], ms[1]));
    }
    return ms;
  }

  /** Formats an accuracy as the book does. */
  static String acc(double a) {
    return String.format(Locale.ROOT, "%.4f", a);
  }
}
