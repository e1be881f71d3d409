package gradgraph.examples.ch05;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.check.GradCheck;
import gradgraph.core.check.GradCheckReport;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.examples.ch04.NumericalGradient;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.Transforms;
import gradgraph.models.nn.Parameter;
import gradgraph.models.train.ModelGradCheck;
import gradgraph.models.zoo.TwoLayerNet;
import gradgraph.ops.Ops;
import java.io.IOException;
import java.util.Map;

/**
 * Chapter 5's gradient check: on three training images, the gradient of TwoLayerNet's loss from
 * backprop against the numerical one, as the book prints it (the mean absolute difference per
 * parameter), in float64; then the same model through Gradgraph's {@link GradCheck}, which reports
 * the worst element of each parameter.
 */
public final class GradientCheck implements Example {
  /** Creates the example. */
  public GradientCheck() {}

  @Override
  public String name() {
    return "ch05-gradient-check";
  }

  @Override
  public String description() {
    return "TwoLayerNet: numerical vs backprop gradients per parameter, in float64";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    int hidden = ctx.quick() ? 10 : 50;
    Dataset batch = ctx.fashionMnist().train().take(3).map(Transforms::flatten);
    Tensor x = batch.x().to(DType.FLOAT64);
    int[] t = batch.labels();
    TwoLayerNet net = new TwoLayerNet(784, hidden, 10, 42);
    net.to(DType.FLOAT64);

    net.clearGrads();
    Ops.softmaxCrossEntropy(net.apply(x), t).backward();
    ExampleResult result = new ExampleResult();
    double worst = 0;
    for (Map.Entry<String, Parameter> e : net.namedParameters().entrySet()) {
      Parameter p = e.getValue();
      Tensor backprop = p.grad().value();
      Tensor numerical =
          NumericalGradient.of(
              () -> {
                try (Scope off = Grad.disabled()) {
                  return Ops.softmaxCrossEntropy(net.apply(x), t).item();
                }
              },
              p,
              NumericalGradient.H);
      double mean = meanAbs(backprop.sub(numerical));
      ctx.println("%s:%s", e.getKey(), mean);
      result.put(e.getKey() + " mean diff", mean);
      worst = Math.max(worst, mean);
    }
    result.put("worst mean diff", worst);

    // named by dotted path (fc1.weight, fc2.weight), not by each layer's local "weight"
    GradCheckReport report =
        ModelGradCheck.checkLoss(net, () -> Ops.softmaxCrossEntropy(net.apply(x), t));
    ctx.println("GradCheck: %s", report.passed() ? "passed" : "FAILED");
    ctx.println("%s", report);
    result.put("GradCheck passed", report.passed() ? 1 : 0);
    return result;
  }

  private static double meanAbs(Tensor d) {
    double s = 0;
    double[] v = d.toDoubleArray();
    for (double a : v) {
      s += Math.abs(a);
    }
    return s / v.length;
  }
}
