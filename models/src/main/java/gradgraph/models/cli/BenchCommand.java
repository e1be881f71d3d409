package gradgraph.models.cli;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Batch;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.Zoo;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.random.Well19937c;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradgraph bench}: a quick timing of training steps per model (the careful measurements are
 * the JMH benchmarks of the benchmarks module).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Times training steps (forward, backward, Adam update) of each model on random 28x28"
          + " images: a quick look, not a benchmark; the JMH suite in benchmarks/ measures"
          + " carefully."
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "all",
      description = "two-layer, mlp, cnn, deep-cnn or all (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--iterations",
      defaultValue = "20",
      description = "Timed steps after 5 warm-up steps (default: ${DEFAULT-VALUE}).")
  int iterations;

  @Option(
      names = "--batch-size",
      defaultValue = "100",
      description = "Batch size (default: ${DEFAULT-VALUE}).")
  int batchSize;

  @Override
  public Integer call() {
    Errors.check(iterations >= 1, "--iterations", "value", "must be >= 1, got " + iterations);
    List<String> names =
        model.equalsIgnoreCase("all")
            ? List.of("two-layer", "mlp", "cnn", "deep-cnn")
            : List.of(model.toLowerCase(Locale.ROOT));
    PrintWriter w = spec.commandLine().getOut();
    Well19937c rng = new Well19937c(1);
    Tensor x = Tensor.rand(rng, DType.FLOAT32, 0, 1, batchSize, 1, 28, 28);
    int[] labels = new int[batchSize];
    for (int i = 0; i < batchSize; i++) {
      labels[i] = rng.nextInt(10);
    }
    Batch b = new Batch(x, labels);
    for (String name : names) {
      Module m = Zoo.create(name, new int[] {1, 28, 28}, 10, 1);
      Optimizer o = Optimizer.create("adam", m, 0.001);
      Trainer t = new Trainer();
      for (int i = 0; i < 5; i++) {
        t.step(m, o, b);
      }
      long t0 = System.nanoTime();
      for (int i = 0; i < iterations; i++) {
        t.step(m, o, b);
      }
      double ms = (System.nanoTime() - t0) / 1e6 / iterations;
      w.printf(
          Locale.ROOT,
          "%-10s %8.2f ms/step  %9.0f samples/s  (batch %d, %d steps)%n",
          name,
          ms,
          batchSize * 1000 / ms,
          batchSize,
          iterations);
      w.flush();
    }
    return Main.OK;
  }
}
