package gradgraph.models.cli;

import gradgraph.core.BackwardOption;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.models.data.DataOptions;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.FashionMnist;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.data.Mnist;
import gradgraph.models.data.Spiral;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.History;
import gradgraph.ops.Ops;
import gradgraph.viz.AppleGraphs;
import gradgraph.viz.Diagram;
import gradgraph.viz.RenderException;
import gradgraph.viz.Style;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Helpers shared by the commands: data, output directories, diagrams, curves. */
final class Cli {
  private Cli() {}

  /** The data sets {@code --data} accepts. */
  static final List<String> DATA = List.of("fashion-mnist", "mnist", "spiral", "sample");

  /** Creates (if needed) and returns the output directory. */
  static Path outDir(Path dir) throws IOException {
    Files.createDirectories(dir);
    return dir;
  }

  /** Loads a data set by its command-line name. */
  static IdxDatasets.TrainTest loadData(String name, Path dataDir) throws IOException {
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
   * Runs one training step's forward and backward on a small batch and draws its graph, grouped by
   * layer. Returns the files written.
   */
  static List<Path> writeStepDiagram(Module model, Dataset data, Path dir, String base)
      throws IOException {
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
    Diagram d = Diagram.of(loss).style(Style.COMPACT).title(base);
    List<Path> written = new ArrayList<>();
    written.add(d.writeDot(dir.resolve(base + ".dot")));
    try {
      written.add(d.writeSvg(dir.resolve(base + ".svg")));
      written.add(d.writePng(dir.resolve(base + ".png")));
    } catch (RenderException e) {
      // the .dot file is there; the message of the next render says how to install Graphviz
    }
    model.clearGrads();
    return written;
  }

  /** Writes the curves of a run as CSV: one row per epoch. Returns the files written. */
  static List<Path> writeCurves(History h, Path dir, String base) throws IOException {
    StringBuilder sb = new StringBuilder("epoch,loss,train_acc,validation_acc,test_acc,seconds\n");
    for (int i = 0; i < h.epochLosses().size(); i++) {
      sb.append(i + 1)
          .append(',')
          .append(h.epochLosses().get(i))
          .append(',')
          .append(h.trainAccuracy().get(i))
          .append(',')
          .append(i < h.validationAccuracy().size() ? h.validationAccuracy().get(i) : "")
          .append(',')
          .append(i < h.testAccuracy().size() ? h.testAccuracy().get(i) : "")
          .append(',')
          .append(h.epochSeconds().get(i))
          .append('\n');
    }
    Path epochs = dir.resolve(base + "-epochs.csv");
    Files.writeString(epochs, sb.toString(), StandardCharsets.UTF_8);
    StringBuilder it = new StringBuilder("iteration,loss\n");
    for (int i = 0; i < h.iterationLosses().size(); i++) {
      it.append(i + 1).append(',').append(h.iterationLosses().get(i)).append('\n');
    }
    Path iters = dir.resolve(base + "-loss.csv");
    Files.writeString(iters, it.toString(), StandardCharsets.UTF_8);
    return List.of(epochs, iters);
  }

  /** Formats an accuracy as the book does. */
  static String acc(double a) {
    return String.format(Locale.ROOT, "%.4f", a);
  }
}
