package gradgraph.models.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradgraph apple}: the book's apple-price graphs, drawn with values and gradients. */
@Command(
    name = "apple",
    mixinStandardHelpOptions = true,
    description = {
      "Builds the book's apple and apple-orange graphs, runs them forward and backward, prints"
          + " every value and gradient, and draws them (DOT, SVG, PNG)."
    })
final class AppleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "gradgraph-out",
      description = "Directory for the diagrams (default: ${DEFAULT-VALUE}).")
  Path out;

  @Override
  public Integer call() throws IOException {
    var w = spec.commandLine().getOut();
    w.print(Cli.writeApple(Cli.outDir(out), w));
    w.flush();
    return Main.OK;
  }
}
