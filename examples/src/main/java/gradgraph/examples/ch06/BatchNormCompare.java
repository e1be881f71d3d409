package gradgraph.examples.ch06;

import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.Transforms;
import gradgraph.models.init.Init;
import gradgraph.models.optim.Sgd;
import gradgraph.models.plot.Curves;
import gradgraph.models.train.History;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.Mlp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * Chapter 6's {@code batch_norm_test.py}: a 6-layer ReLU network (5 hidden layers of 100) trained
 * on 1000 images with SGD 0.01, batch 100, from weights of 16 standard deviations between 1 and
 * 10⁻⁴, with and without batch normalization. Batch norm learns faster and is far less sensitive to
 * the initial scale.
 */
public final class BatchNormCompare implements Example {
  /** Creates the example. */
  public BatchNormCompare() {}

  @Override
  public String name() {
    return "ch06-batch-norm";
  }

  @Override
  public String description() {
    return "with vs without batch norm over 16 initial weight scales (accuracy curves)";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    Dataset train = ctx.fashionMnist().train().take(1000).map(Transforms::flatten);
    int epochs = ctx.quick() ? 6 : 20;
    int scales = ctx.quick() ? 4 : 16; // the quick run spans the same range in 4 steps
    ExampleResult result = new ExampleResult();
    Curves summary =
        new Curves("Train accuracy after " + epochs + " epochs", "log10(weight std)", "accuracy");
    Curves curves = new Curves("Train accuracy, BN (solid) vs plain", "epoch", "accuracy");
    int better = 0;
    for (int i = 0; i < scales; i++) {
      double log10 = -4.0 * i / (scales - 1); // np.logspace(0, -4, num=16)
      double std = Math.pow(10, log10);
      List<Double> plain = train(train, std, false, epochs);
      List<Double> bn = train(train, std, true, epochs);
      double a = plain.get(epochs - 1);
      double b = bn.get(epochs - 1);
      ctx.println(
          "============== %d/%d  w std %.2e ==============  train acc %.3f - bn train acc %.3f",
          i + 1, scales, std, a, b);
      summary.add("Batch Normalization", log10, b).add("Normal (without BN)", log10, a);
      if (i % Math.max(1, scales / 4) == 0) {
        for (int e = 0; e < epochs; e++) {
          curves.add(String.format(java.util.Locale.ROOT, "BN, std %.0e", std), e + 1, bn.get(e));
          curves.add(
              String.format(java.util.Locale.ROOT, "plain, std %.0e", std), e + 1, plain.get(e));
        }
      }
      better += b > a ? 1 : 0;
      result.put("bn acc std " + std, b).put("plain acc std " + std, a);
    }
    ctx.println("batch norm ends higher at %d of %d scales", better, scales);
    result.put("scales where BN is better", better).put("scales", scales);
    summary.writePng(ctx.file("final-accuracy.png"));
    curves.writePng(ctx.file("curves.png"), 800, 500);
    result.file(ctx.file("final-accuracy.png")).file(ctx.file("curves.png"));
    return result;
  }

  private static List<Double> train(Dataset train, double std, boolean batchNorm, int epochs) {
    Mlp.Config config =
        Mlp.Config.builder(784, 10)
            .hidden(100, 100, 100, 100, 100)
            .init(Init.std(std))
            .batchNorm(batchNorm)
            .seed(42)
            .build();
    History h =
        new Trainer()
            .stopOnNonFiniteLoss(false) // diverging runs are part of the experiment
            .epochs(epochs)
            .batchSize(100)
            .optimizer(m -> new Sgd(m, 0.01))
            .seed(42)
            .trainEvalSamples(0)
            .out(new PrintWriter(Writer.nullWriter()))
            .progress(ProgressReporter.silent())
            .fit(new Mlp(config), train, null);
    return h.trainAccuracy();
  }
}
