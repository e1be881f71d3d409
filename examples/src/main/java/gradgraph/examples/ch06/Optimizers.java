package gradgraph.examples.ch06;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.Transforms;
import gradgraph.models.nn.Parameter;
import gradgraph.models.optim.AdaGrad;
import gradgraph.models.optim.Adam;
import gradgraph.models.optim.Momentum;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.optim.Sgd;
import gradgraph.models.plot.Curves;
import gradgraph.models.plot.PlanePlot;
import gradgraph.models.train.History;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.Mlp;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Chapter 6's optimizer comparison. First the book's {@code optimizer_compare_naive.py}: SGD,
 * Momentum, AdaGrad and Adam minimizing {@code f(x, y) = x²/20 + y²} from {@code (−7, 2)} in 30
 * steps, their paths drawn over the contours (SGD zig-zags along the steep {@code y}, the others
 * head for the minimum). Then {@code optimizer_compare_mnist.py}: a 5-layer ReLU network (4 hidden
 * layers of 100) trained with each, batch 128, loss curves compared.
 */
public final class Optimizers implements Example {
  /** Creates the example. */
  public Optimizers() {}

  @Override
  public String name() {
    return "ch06-optimizers";
  }

  @Override
  public String description() {
    return "SGD, Momentum, AdaGrad, Adam on x^2/20 + y^2 (paths) and on a 5-layer MLP (loss curves)";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    ExampleResult result = new ExampleResult();

    // The book's learning rates for the two-dimensional function.
    Map<String, Function<Map<String, Parameter>, Optimizer>> onFunction = new LinkedHashMap<>();
    onFunction.put("SGD", p -> new Sgd(p, 0.95));
    onFunction.put("Momentum", p -> new Momentum(p, 0.1, 0.9));
    onFunction.put("AdaGrad", p -> new AdaGrad(p, 1.5, 1e-7));
    onFunction.put("Adam", p -> new Adam(p, 0.3, 0.9, 0.999, 1e-8));
    PlanePlot paths =
        new PlanePlot("f(x, y) = x^2/20 + y^2 from (-7, 2), 30 steps", -10, 10, -5, 5);
    paths.field((x, y) -> x * x / 20 + y * y);
    for (Map.Entry<String, Function<Map<String, Parameter>, Optimizer>> e : onFunction.entrySet()) {
      Parameter x = new Parameter(Tensor.scalar(-7.0), "x");
      Parameter y = new Parameter(Tensor.scalar(2.0), "y");
      Optimizer opt = e.getValue().apply(Map.of("x", x, "y", y));
      double[][] path = new double[31][];
      for (int i = 0; i < 30; i++) {
        path[i] = new double[] {x.item(), y.item()};
        opt.clearGrads();
        Variable f = x.square().div(20).add(y.square());
        f.backward();
        opt.step();
      }
      path[30] = new double[] {x.item(), y.item()};
      double fEnd = x.item() * x.item() / 20 + y.item() * y.item();
      ctx.println(
          "%-8s (x, y) after 30 steps = (%.4f, %.4f), f = %.5f",
          e.getKey(), x.item(), y.item(), fEnd);
      result.put("f " + e.getKey(), fEnd);
      paths.path(e.getKey(), path);
    }
    result.file(paths.writePng(ctx.file("paths.png")));

    // The book's learning rates for the network.
    Map<String, Function<gradgraph.models.nn.Module, Optimizer>> onNet = new LinkedHashMap<>();
    onNet.put("SGD", m -> new Sgd(m, 0.01));
    onNet.put("Momentum", m -> new Momentum(m, 0.01));
    onNet.put("AdaGrad", m -> new AdaGrad(m, 0.01));
    onNet.put("Adam", m -> new Adam(m, 0.001));
    Dataset train = ctx.fashionMnist().train().map(Transforms::flatten);
    int epochs = 4; // 64 iterations on the sample, about 1900 (the book: 2000) on the full set
    Curves curves = new Curves("5-layer MLP, batch 128", "iteration", "loss (mean of 10)");
    for (Map.Entry<String, Function<gradgraph.models.nn.Module, Optimizer>> e : onNet.entrySet()) {
      History h =
          new Trainer()
              .epochs(epochs)
              .batchSize(128)
              .optimizer(e.getValue())
              .seed(42)
              .trainEvalSamples(1000)
              .out(new java.io.PrintWriter(java.io.Writer.nullWriter()))
              .progress(ProgressReporter.silent())
              .fit(new Mlp(Mlp.Config.of(784, 10, 42, 100, 100, 100, 100)), train, null);
      List<Double> losses = h.iterationLosses();
      for (int i = 0; i + 10 <= losses.size(); i += 10) {
        curves.add(e.getKey(), i, mean(losses, i, i + 10));
      }
      double end = mean(losses, losses.size() * 4 / 5, losses.size());
      ctx.println(
          "%-8s: loss over the last fifth of %d iterations = %.4f", e.getKey(), losses.size(), end);
      result.put("loss " + e.getKey(), end);
    }
    curves.writePng(ctx.file("mlp-loss.png"));
    result.file(ctx.file("mlp-loss.png"));
    return result;
  }

  private static double mean(List<Double> v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v.get(i);
    }
    return s / (to - from);
  }
}
