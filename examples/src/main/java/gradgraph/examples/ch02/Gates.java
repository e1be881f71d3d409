package gradgraph.examples.ch02;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.plot.PlanePlot;
import gradgraph.ops.Ops;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Chapter 2: AND, NAND and OR are each one perceptron {@code y = step(x·w + b)} with the book's
 * hand-picked weights; XOR is not linearly separable, so it takes two layers: {@code AND(NAND(x),
 * OR(x))}. Prints each truth table and draws each gate's decision regions.
 */
public final class Gates implements Example {
  /** Creates the example. */
  public Gates() {}

  @Override
  public String name() {
    return "ch02-gates";
  }

  @Override
  public String description() {
    return "AND, NAND, OR by one perceptron; XOR by two layers (truth tables, decision regions)";
  }

  /** A perceptron: {@code step(x·w + b)} for inputs {@code x [N, 2]}, outputs {@code [N, 1]}. */
  static Variable perceptron(Variable x, double w1, double w2, double b) {
    Variable w = Variable.constant(Tensor.of(new double[] {w1, w2}, 2, 1));
    return Ops.step(x.matmul(w).add(b));
  }

  static Variable and(Variable x) {
    return perceptron(x, 0.5, 0.5, -0.7);
  }

  static Variable nand(Variable x) {
    return perceptron(x, -0.5, -0.5, 0.7);
  }

  static Variable or(Variable x) {
    return perceptron(x, 0.5, 0.5, -0.2);
  }

  /** Two layers: NAND and OR side by side, then AND of their outputs. */
  static Variable xor(Variable x) {
    Variable s1 = nand(x);
    Variable s2 = or(x);
    return and(Ops.concat(List.of(s1, s2), 1));
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    ExampleResult result = new ExampleResult();
    check(ctx, result, "AND", gradgraph.models.data.Gates.and(), Gates::and);
    check(ctx, result, "NAND", gradgraph.models.data.Gates.nand(), Gates::nand);
    check(ctx, result, "OR", gradgraph.models.data.Gates.or(), Gates::or);
    check(ctx, result, "XOR", gradgraph.models.data.Gates.xor(), Gates::xor);
    return result;
  }

  private static void check(
      ExampleContext ctx,
      ExampleResult result,
      String name,
      Dataset truth,
      UnaryOperator<Variable> gate)
      throws IOException {
    int[] y = classes(gate.apply(Variable.constant(truth.x())).value());
    ctx.println("%s", name);
    int wrong = 0;
    for (int i = 0; i < truth.size(); i++) {
      ctx.println("  %d %d -> %d", (int) truth.x().get(i, 0), (int) truth.x().get(i, 1), y[i]);
      wrong += y[i] == truth.label(i) ? 0 : 1;
    }
    result.put(name + " wrong rows", wrong);
    double[][] points = new double[truth.size()][];
    for (int i = 0; i < truth.size(); i++) {
      points[i] = new double[] {truth.x().get(i, 0), truth.x().get(i, 1)};
    }
    String file = name.toLowerCase(Locale.ROOT) + ".png";
    result.file(
        new PlanePlot(name + " gate: decision regions", -0.5, 1.5, -0.5, 1.5)
            .regions(xy -> classes(gate.apply(Variable.constant(xy)).value()))
            .points(points, truth.labels())
            .writePng(ctx.file(file)));
  }

  /** The 0/1 outputs {@code [N, 1]} as ints. */
  private static int[] classes(Tensor y) {
    return Arrays.stream(y.toDoubleArray()).mapToInt(v -> (int) v).toArray();
  }
}
