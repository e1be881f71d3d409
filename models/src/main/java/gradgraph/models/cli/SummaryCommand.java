package gradgraph.models.cli;

import gradgraph.core.tensor.Errors;
import gradgraph.models.nn.Module;
import gradgraph.models.summary.ModelSummary;
import gradgraph.models.zoo.Zoo;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gradgraph summary}: Keras's {@code model.summary()} / torchinfo for the ready models. */
@Command(
    name = "summary",
    mixinStandardHelpOptions = true,
    description = {
      "Prints a model's layers as Keras's model.summary() and torchinfo do: per layer the output"
          + " shape, parameters, mult-adds and receptive field (size and jump, in input pixels),"
          + " then the total and trainable parameters, mult-adds and memory (input, parameters,"
          + " forward activations) in MB. Runs one forward pass on zeros, without gradients, in"
          + " evaluation mode."
    })
final class SummaryCommand implements Callable<Integer> {
  /** The input shape of every model by default: one Fashion-MNIST image, as {@code train} uses. */
  static final String DEFAULT_SHAPE = "1,1,28,28";

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "cnn",
      description = "two-layer, mlp, cnn, deep-cnn or resnet (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--input-shape",
      paramLabel = "N,C,H,W",
      defaultValue = DEFAULT_SHAPE,
      description =
          "The input's shape, batch first, comma-separated (default: ${DEFAULT-VALUE}, a"
              + " Fashion-MNIST image); two-layer and mlp also take N,FEATURES. The model is built"
              + " for it, as 'train' builds it for its data.")
  String inputShape;

  @Option(
      names = "--classes",
      defaultValue = "10",
      description = "Output classes (default: ${DEFAULT-VALUE}; deep-cnn and resnet need 10).")
  int classes;

  @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() {
    String name = model.trim().toLowerCase(Locale.ROOT);
    if (!Zoo.names().contains(name)) {
      throw Errors.illegalArgument(
          "--model", "name", "'" + model + "' is not one of " + String.join(", ", Zoo.names()));
    }
    if (classes < 1 || (classes != 10 && (name.equals("deep-cnn") || name.equals("resnet")))) {
      throw new CliException(
          Main.USAGE,
          "--classes: "
              + (classes < 1 ? "must be >= 1" : "--model " + name + " needs 10")
              + ", got "
              + classes,
          null);
    }
    int[] shape = parseShape(inputShape);
    int[] example = Arrays.copyOfRange(shape, 1, shape.length);
    Module m;
    ModelSummary s;
    try {
      m = Zoo.create(name, example, classes, seed);
      s = m.summary(shape);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          Main.USAGE,
          "--input-shape: " + inputShape + " does not fit --model " + name + ": " + e.getMessage(),
          e);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(s);
    out.flush();
    return Main.OK;
  }

  /**
   * Parses {@code 1,1,28,28}: at least two positive integers (the batch and one example dimension).
   */
  static int[] parseShape(String text) {
    String[] parts = text.trim().split("\\s*,\\s*", -1);
    int[] shape = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        shape[i] = Integer.parseInt(parts[i].trim());
      } catch (NumberFormatException e) {
        throw usage(
            text,
            parts[i].trim().matches("\\d+")
                ? "dimension "
                    + parts[i].trim()
                    + " is too large (at most "
                    + Integer.MAX_VALUE
                    + ")"
                : "is not a comma-separated list of integers, e.g. " + DEFAULT_SHAPE);
      }
      if (shape[i] < 1) {
        throw usage(text, "dimensions must be >= 1, got " + shape[i] + " at position " + i);
      }
    }
    if (shape.length < 2) {
      throw usage(
          text,
          "needs the batch and the example's dimensions (at least 2), got "
              + shape.length
              + ", e.g. "
              + DEFAULT_SHAPE);
    }
    return shape;
  }

  private static CliException usage(String text, String reason) {
    return new CliException(Main.USAGE, "--input-shape: '" + text + "' " + reason, null);
  }
}
