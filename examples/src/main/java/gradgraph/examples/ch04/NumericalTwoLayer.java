package gradgraph.examples.ch04;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.Transforms;
import gradgraph.models.nn.Parameter;
import gradgraph.models.optim.Sgd;
import gradgraph.models.plot.Curves;
import gradgraph.models.zoo.TwoLayerNet;
import gradgraph.ops.Ops;
import java.io.IOException;
import java.util.Map;

/**
 * Chapter 4: the book's {@code TwoLayerNet} trained on a small batch with gradients computed
 * numerically, element by element, in float64. The first step's numerical gradients are compared
 * with backpropagation's, which gives the same numbers thousands of times faster (chapter 5).
 */
public final class NumericalTwoLayer implements Example {
  /** Creates the example. */
  public NumericalTwoLayer() {}

  @Override
  public String name() {
    return "ch04-numerical-twolayer";
  }

  @Override
  public String description() {
    return "TwoLayerNet trained with numerical gradients on a small batch, checked against backprop";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    int hidden = ctx.quick() ? 10 : 50;
    int batch = 10;
    int steps = ctx.quick() ? 2 : 5;
    Dataset train = ctx.fashionMnist().train().take(batch).map(Transforms::flatten);
    Tensor x = train.x().to(DType.FLOAT64);
    int[] t = train.labels();
    TwoLayerNet net = new TwoLayerNet(784, hidden, 10, 42);
    net.to(DType.FLOAT64);
    Sgd sgd = new Sgd(net, 0.1);
    ctx.println(
        "TwoLayerNet 784-%d-10, batch of %d, %d parameters, SGD lr 0.1",
        hidden, batch, net.parameterCount());

    ExampleResult result = new ExampleResult();
    Curves curve = new Curves("Training with numerical gradients", "step", "loss");
    double first = Double.NaN;
    double last = Double.NaN;
    for (int step = 0; step < steps; step++) {
      long start = System.nanoTime();
      double loss = loss(net, x, t);
      net.clearGrads();
      for (Parameter p : net.parameters()) {
        try (Scope off = Grad.disabled()) {
          p.setGrad(
              Variable.constant(
                  NumericalGradient.of(() -> loss(net, x, t), p, NumericalGradient.H)));
        }
      }
      if (step == 0) {
        result.put("max |numerical - backprop|", compareWithBackprop(ctx, net, x, t));
        first = loss;
      }
      sgd.step();
      last = loss(net, x, t);
      curve.add("loss", step, loss);
      ctx.println(
          "step %d: loss %.6f -> %.6f  (%.1f s)",
          step + 1, loss, last, (System.nanoTime() - start) / 1e9);
    }
    curve.add("loss", steps, last);
    result.put("first loss", first).put("last loss", last);
    curve.writePng(ctx.file("numerical-loss.png"));
    result.file(ctx.file("numerical-loss.png"));
    return result;
  }

  private static double loss(TwoLayerNet net, Tensor x, int[] t) {
    try (Scope off = Grad.disabled()) {
      return Ops.softmaxCrossEntropy(net.apply(x), t).item();
    }
  }

  /** Backprop's gradients of the same loss, compared with the numerical ones already set. */
  private static double compareWithBackprop(
      ExampleContext ctx, TwoLayerNet net, Tensor x, int[] t) {
    Map<String, Parameter> params = net.namedParameters();
    Map<String, Tensor> numerical = new java.util.LinkedHashMap<>();
    params.forEach((name, p) -> numerical.put(name, p.grad().value()));
    net.clearGrads();
    Ops.softmaxCrossEntropy(net.apply(x), t).backward();
    double worst = 0;
    for (Map.Entry<String, Parameter> e : params.entrySet()) {
      Tensor backprop = e.getValue().grad().value();
      double diff = maxAbs(backprop.sub(numerical.get(e.getKey())));
      ctx.println("  %-12s max |numerical - backprop| = %.3e", e.getKey(), diff);
      worst = Math.max(worst, diff);
      e.getValue().setGrad(Variable.constant(numerical.get(e.getKey())));
    }
    return worst;
  }

  private static double maxAbs(Tensor d) {
    double m = 0;
    for (double v : d.toDoubleArray()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }
}
