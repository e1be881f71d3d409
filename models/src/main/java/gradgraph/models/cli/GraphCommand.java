package gradgraph.models.cli;

import gradgraph.core.tensor.Errors;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.FashionMnist;
import gradgraph.models.nn.Module;
import gradgraph.models.zoo.Zoo;
import java.io.IOException;
import java.io.PrintWriter;
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
          + " draws the recorded graph, each layer one box, edges labelled with tensor shapes."
    })
final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "cnn",
      description = "two-layer, mlp, cnn, deep-cnn or resnet (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "gradgraph-out",
      description = "Directory for the diagram (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    String name = model.toLowerCase(Locale.ROOT);
    if (!Zoo.names().contains(name)) {
      throw Errors.illegalArgument(
          "--model", "name", "'" + model + "' is not one of " + String.join(", ", Zoo.names()));
    }
    Dataset sample = FashionMnist.sample().test();
    Module m = Zoo.create(name, sample.exampleShape(), sample.numClasses(), 42);
    List<Path> written = Cli.writeStepDiagram(m, sample, Cli.outDir(out), name + "-step");
    PrintWriter w = spec.commandLine().getOut();
    w.println("wrote");
    for (Path p : written) {
      w.println("  " + p);
    }
    if (written.size() == 1) {
      w.println(
          "SVG/PNG need Graphviz: install it (Debian: apt-get install graphviz) or render the .dot"
              + " file with 'dot -Tsvg'");
    }
    w.flush();
    return Main.OK;
  }
}
