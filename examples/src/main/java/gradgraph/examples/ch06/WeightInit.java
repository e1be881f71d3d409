package gradgraph.examples.ch06;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.Transforms;
import gradgraph.models.init.Init;
import gradgraph.models.init.Initializer;
import gradgraph.models.optim.Sgd;
import gradgraph.models.plot.Curves;
import gradgraph.models.plot.Histograms;
import gradgraph.models.train.History;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.Mlp;
import gradgraph.ops.Ops;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Chapter 6's weight initialization. First {@code weight_init_activation_histogram.py}: 1000 random
 * inputs through 5 layers of 100 units; with std 1 sigmoid's activations pile up at 0 and 1
 * (vanishing gradients), with std 0.01 they all sit near 0.5 (every unit alike), with Xavier they
 * spread out; with ReLU, He keeps the spread in every layer. Then {@code weight_init_compare.py}: a
 * 5-layer ReLU network trained with SGD 0.01 from std 0.01, Xavier and He: the std 0.01 network
 * does not learn.
 */
public final class WeightInit implements Example {
  /** Creates the example. */
  public WeightInit() {}

  @Override
  public String name() {
    return "ch06-weight-init";
  }

  @Override
  public String description() {
    return "activation histograms of a 5-layer net (std 1, 0.01, Xavier, He) and loss curves";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    ExampleResult result = new ExampleResult();
    histograms(ctx, result, "std-1", Init.std(1), Ops::sigmoid, 0, 1);
    histograms(ctx, result, "std-0.01", Init.std(0.01), Ops::sigmoid, 0, 1);
    histograms(ctx, result, "xavier", Init.xavier(), Ops::sigmoid, 0, 1);
    histograms(ctx, result, "he-relu", Init.he(), Ops::relu, 0, 2);

    Map<String, Initializer> inits = new LinkedHashMap<>();
    inits.put("std 0.01", Init.std(0.01));
    inits.put("Xavier", Init.xavier());
    inits.put("He", Init.he());
    Dataset train = ctx.fashionMnist().train().map(Transforms::flatten);
    int epochs = ctx.quick() ? 8 : 4; // 128 iterations on the sample, 1900 on the full set
    Curves curves =
        new Curves("5-layer ReLU MLP, SGD 0.01, batch 128", "iteration", "loss (mean of 10)");
    for (Map.Entry<String, Initializer> e : inits.entrySet()) {
      Mlp.Config config =
          Mlp.Config.builder(784, 10)
              .hidden(100, 100, 100, 100)
              .init(e.getValue())
              .seed(42)
              .build();
      History h =
          new Trainer()
              .epochs(epochs)
              .batchSize(128)
              .optimizer(m -> new Sgd(m, 0.01))
              .seed(42)
              .trainEvalSamples(1000)
              .out(new PrintWriter(Writer.nullWriter()))
              .progress(ProgressReporter.silent())
              .fit(new Mlp(config), train, null);
      List<Double> losses = h.iterationLosses();
      for (int i = 0; i + 10 <= losses.size(); i += 10) {
        curves.add(e.getKey(), i, mean(losses, i, i + 10));
      }
      double first = mean(losses, 0, 10);
      double last = mean(losses, losses.size() - 10, losses.size());
      ctx.println("===========  %s  ===========", e.getKey());
      ctx.println("loss over the first 10 iterations %.4f, over the last 10 %.4f", first, last);
      result.put("first loss " + e.getKey(), first).put("last loss " + e.getKey(), last);
    }
    curves.writePng(ctx.file("loss.png"));
    result.file(ctx.file("loss.png"));
    return result;
  }

  /** Feeds 1000 random inputs through five 100-unit layers and draws each layer's activations. */
  private static void histograms(
      ExampleContext ctx,
      ExampleResult result,
      String name,
      Initializer init,
      UnaryOperator<Variable> activation,
      double lo,
      double hi)
      throws IOException {
    Well19937c rng = new Well19937c(1);
    Variable x = Variable.constant(Init.std(1).draw(rng, DType.FLOAT64, 100, 1000, 100));
    Histograms hist = new Histograms("activations, weights " + name, lo, hi, 30);
    double[] spread = new double[5];
    for (int layer = 0; layer < 5; layer++) {
      Tensor w = init.draw(rng, DType.FLOAT64, 100, 100, 100);
      x = activation.apply(x.matmul(Variable.constant(w)));
      double[] a = x.value().toDoubleArray();
      hist.add((layer + 1) + "-layer", a);
      spread[layer] = std(a);
    }
    ctx.println(
        "%-9s std of each layer's activations: %.3f %.3f %.3f %.3f %.3f",
        name, spread[0], spread[1], spread[2], spread[3], spread[4]);
    result.put("activation std, layer 5, " + name, spread[4]);
    result.file(hist.writePng(ctx.file("activations-" + name + ".png")));
  }

  private static double std(double[] a) {
    double m = 0;
    for (double v : a) {
      m += v;
    }
    m /= a.length;
    double s = 0;
    for (double v : a) {
      s += (v - m) * (v - m);
    }
    return Math.sqrt(s / a.length);
  }

  private static double mean(List<Double> v, int from, int to) {
    double s = 0;
    for (int i = from; i < to; i++) {
      s += v.get(i);
    }
    return s / (to - from);
  }
}
