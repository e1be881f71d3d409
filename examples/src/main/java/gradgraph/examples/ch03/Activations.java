package gradgraph.examples.ch03;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.plot.Curves;
import gradgraph.ops.Ops;
import java.io.IOException;
import java.util.Arrays;

/**
 * Chapter 3: step, sigmoid and ReLU drawn over {@code [−5, 5]}, and softmax, which turns scores
 * into probabilities that sum to 1, and stays finite for scores like {@code [1010, 1000, 990]}
 * where the naive {@code exp(a) / Σ exp(a)} overflows (Gradgraph subtracts the maximum first, as
 * the book does).
 */
public final class Activations implements Example {
  /** Creates the example. */
  public Activations() {}

  @Override
  public String name() {
    return "ch03-activations";
  }

  @Override
  public String description() {
    return "step, sigmoid and ReLU plotted; softmax sums to 1 and is stable for large scores";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    ExampleResult result = new ExampleResult();
    Variable x = Variable.constant(Tensor.arange(-5, 5.01, 0.1, DType.FLOAT64));
    double[] xs = x.value().toDoubleArray();
    double[] step = Ops.step(x).value().toDoubleArray();
    double[] sigmoid = Ops.sigmoid(x).value().toDoubleArray();
    double[] relu = Ops.relu(x).value().toDoubleArray();
    Curves curves = new Curves("Activation functions", "x", "y");
    for (int i = 0; i < xs.length; i++) {
      curves.add("step", xs[i], step[i]);
      curves.add("sigmoid", xs[i], sigmoid[i]);
      curves.add("ReLU", xs[i], relu[i]);
    }
    curves.writePng(ctx.file("activations.png"));
    result.file(ctx.file("activations.png"));
    ctx.println(
        "sigmoid(0) = %.4f, ReLU(-1) = %.1f, step(0.5) = %.1f", sigmoid[50], relu[40], step[55]);

    // The book's example: scores [0.3, 2.9, 4.0] -> probabilities [0.018, 0.245, 0.737].
    double[] y = softmax(0.3, 2.9, 4.0);
    ctx.println("softmax([0.3, 2.9, 4.0]) = %s  sum = %.6f", fmt(y), Arrays.stream(y).sum());
    result.put("softmax sum", Arrays.stream(y).sum());
    result.put("softmax max", y[2]);

    double[] big = softmax(1010, 1000, 990);
    double naive = Math.exp(1010) / (Math.exp(1010) + Math.exp(1000) + Math.exp(990));
    ctx.println("naive exp(1010) / sum = %s (overflow)", naive);
    ctx.println("softmax([1010, 1000, 990]) = %s  sum = %.6f", fmt(big), Arrays.stream(big).sum());
    result.put("large softmax sum", Arrays.stream(big).sum());
    result.put("large softmax max", big[0]);
    return result;
  }

  private static double[] softmax(double... a) {
    Variable scores = Variable.constant(Tensor.of(a, 1, a.length));
    return Ops.softmax(scores, 1).value().toDoubleArray();
  }

  private static String fmt(double[] v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.length; i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.5g", v[i]));
    }
    return sb.append(']').toString();
  }
}
