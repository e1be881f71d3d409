package gradgraph.models.cli;

import gradgraph.core.io.AtomicFiles;
import gradgraph.core.tensor.Errors;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.FashionMnist;
import gradgraph.models.nn.Module;
import gradgraph.models.zoo.Zoo;
import gradgraph.viz.Diagram;
import gradgraph.viz.RenderException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradgraph graph}: a diagram of a model's training step, grouped by layer. */
@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Runs one training step (forward, loss, backward) of a model on two sample images and"
          + " draws the recorded graph, each layer one box, edges labelled with tensor shapes"
          + " and gradient norms. Long graphs are laid out top to bottom."
    })
final class GraphCommand implements Callable<Integer> {
  /** The extensions --out accepts, each the format it writes. */
  static final List<String> FORMATS = List.of("png", "svg", "pdf", "dot");

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "cnn",
      description = "two-layer, mlp, cnn, deep-cnn or resnet (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "The file to write; its extension picks the format: .png, .svg, .pdf (these need"
              + " Graphviz's dot command, or the bundled engine for .png and .svg) or .dot"
              + " (DOT text, needs nothing). Default: gradgraph-out/MODEL-step.png.")
  Path out;

  @Override
  public Integer call() throws IOException {
    String name = model.toLowerCase(Locale.ROOT);
    if (!Zoo.names().contains(name)) {
      throw Errors.illegalArgument(
          "--model", "name", "'" + model + "' is not one of " + String.join(", ", Zoo.names()));
    }
    Path file = out != null ? out : Path.of("gradgraph-out", name + "-step.png");
    String format = format(file);
    Path target = checkTarget(file, name);

    Dataset sample = FashionMnist.sample().test();
    Module m = Zoo.create(name, sample.exampleShape(), sample.numClasses(), 42);
    Diagram d = Cli.stepDiagram(m, sample, name + "-step");
    byte[] bytes;
    try {
      bytes = d.toBytes(format);
    } catch (RenderException e) {
      throw new CliException(
          Main.FAILED,
          "cannot draw "
              + file
              + " (nothing was written): "
              + e.getMessage()
              + "; or write the DOT text, which needs no Graphviz, with --out "
              + withExtension(file, "dot"),
          e);
    } finally {
      m.clearGrads();
    }
    try {
      AtomicFiles.write(target, o -> o.write(bytes));
    } catch (IOException e) {
      throw CliException.about("--out", e);
    }
    PrintWriter w = spec.commandLine().getOut();
    w.println("wrote " + file);
    w.flush();
    return Main.OK;
  }

  /** The format named by the file's extension, or a usage error naming --out and the extension. */
  static String format(Path file) {
    String base = file.getFileName() == null ? "" : file.getFileName().toString();
    int dot = base.lastIndexOf('.');
    String ext = dot > 0 ? base.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    if (ext.equals("gv")) {
      return "dot";
    }
    if (!FORMATS.contains(ext)) {
      throw new CliException(
          Main.USAGE,
          "--out: '"
              + file
              + "' "
              + (ext.isEmpty() ? "has no extension" : "has the extension ." + ext)
              + "; the extension picks the format: .png, .svg, .pdf or .dot",
          null);
    }
    return ext;
  }

  /** Checks, before the work, that the file can be written; a directory gets a hint. */
  private static Path checkTarget(Path file, String model) {
    if (Files.isDirectory(file)) {
      throw new CliException(
          Main.USAGE,
          "--out: '"
              + file
              + "' is a directory; --out names the file to write, e.g. --out "
              + file.resolve(model + "-step.png"),
          null);
    }
    try {
      return AtomicFiles.checkWritable(file);
    } catch (IOException e) {
      throw CliException.about("--out", e);
    }
  }

  private static Path withExtension(Path file, String ext) {
    String base = file.getFileName().toString();
    int dot = base.lastIndexOf('.');
    return file.resolveSibling((dot > 0 ? base.substring(0, dot) : base) + "." + ext);
  }
}
