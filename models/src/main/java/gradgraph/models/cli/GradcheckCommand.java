package gradgraph.models.cli;

import gradgraph.core.check.GradCheckReport;
import gradgraph.core.tensor.Errors;
import gradgraph.models.train.ModelGradCheck;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradgraph gradcheck}: the book's gradient_check.py for whole models, with a verdict. */
@Command(
    name = "gradcheck",
    mixinStandardHelpOptions = true,
    description = {
      "Compares every parameter's gradient from backward() with central differences in float64,"
          + " on a narrow variant of each model and a small random batch (as the book's"
          + " gradient_check.py). Prints, per parameter, the max abs/rel error and the worst"
          + " element, then a verdict. Exits with 1 when a check fails."
    })
final class GradcheckCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "all",
      description =
          "two-layer, mlp, cnn, deep-cnn, resnet, lstm-lm or all (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    String m = model.toLowerCase(Locale.ROOT);
    List<String> models;
    if (m.equals("all")) {
      models = ModelGradCheck.names();
    } else if (ModelGradCheck.names().contains(m)) {
      models = List.of(m);
    } else {
      throw Errors.illegalArgument(
          "--model",
          "name",
          "'" + model + "' is not one of " + String.join(", ", ModelGradCheck.names()) + ", all");
    }
    PrintWriter out = spec.commandLine().getOut();
    return report(models, seed, out) ? Main.OK : Main.FAILED;
  }

  /** Runs the checks, prints the reports and the verdict; returns whether all passed. */
  static boolean report(List<String> models, long seed, PrintWriter out) {
    boolean all = true;
    for (String name : models) {
      GradCheckReport r = ModelGradCheck.check(name, seed);
      out.println("== " + name);
      out.println(r);
      all &= r.passed();
    }
    out.println(
        all
            ? "verdict: PASS: every analytic gradient matches the numerical one"
            : "verdict: FAIL: some gradients differ (see FAILED lines: the worst element names"
                + " the parameter and index to look at)");
    out.flush();
    return all;
  }
}
