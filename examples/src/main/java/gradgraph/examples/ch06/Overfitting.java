package gradgraph.examples.ch06;

import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.data.Transforms;
import gradgraph.models.optim.Sgd;
import gradgraph.models.plot.Curves;
import gradgraph.models.train.History;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.Mlp;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * Chapter 6's overfitting experiments ({@code overfit_weight_decay.py}, {@code
 * overfit_dropout.py}): a 7-layer ReLU network (6 hidden layers of 100) trained on only 300 images
 * with SGD 0.01, batch 100, reaches near-perfect training accuracy while the test accuracy stalls
 * far below. Weight decay ({@code λ = 0.1}, the book's {@code ½·λ·ΣW²} in the loss) and dropout
 * (0.2) each narrow the gap between the two curves.
 */
public final class Overfitting implements Example {
  /** Creates the example. */
  public Overfitting() {}

  @Override
  public String name() {
    return "ch06-overfitting";
  }

  @Override
  public String description() {
    return "300 samples, 7 layers: plain, weight decay 0.1, dropout 0.2 (train vs test curves)";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    IdxDatasets.TrainTest data = ctx.fashionMnist();
    Dataset train = data.train().take(300).map(Transforms::flatten);
    Dataset test = data.test().map(Transforms::flatten);
    int epochs = ctx.quick() ? 60 : 200;
    ExampleResult result = new ExampleResult();
    Curves curves = new Curves("300 training images, 7-layer MLP", "epoch", "accuracy");
    run(ctx, result, curves, "plain", 0, 0, train, test, epochs);
    run(ctx, result, curves, "weight decay 0.1", 0, 0.1, train, test, epochs);
    run(ctx, result, curves, "dropout 0.2", 0.2, 0, train, test, epochs);
    curves.writePng(ctx.file("overfitting.png"), 800, 500);
    result.file(ctx.file("overfitting.png"));
    return result;
  }

  private static void run(
      ExampleContext ctx,
      ExampleResult result,
      Curves curves,
      String name,
      double dropout,
      double weightDecay,
      Dataset train,
      Dataset test,
      int epochs) {
    Mlp net =
        new Mlp(
            Mlp.Config.builder(784, 10)
                .hidden(100, 100, 100, 100, 100, 100)
                .dropout(dropout)
                .weightDecay(weightDecay)
                .seed(42)
                .build());
    History h =
        new Trainer()
            .epochs(epochs)
            .batchSize(100)
            .optimizer(m -> new Sgd(m, 0.01))
            .seed(42)
            .trainEvalSamples(0)
            .out(new PrintWriter(Writer.nullWriter()))
            .progress(ProgressReporter.silent())
            .fit(net, train, test);
    for (int e = 0; e < epochs; e++) {
      curves.add(name + ", train", e + 1, h.trainAccuracy().get(e));
      curves.add(name + ", test", e + 1, h.testAccuracy().get(e));
    }
    // the end of the run, averaged over its last 10 epochs to smooth the curves' noise
    double trainAcc = tailMean(h.trainAccuracy().stream().mapToDouble(d -> d).toArray());
    double testAcc = tailMean(h.testAccuracy().stream().mapToDouble(d -> d).toArray());
    ctx.println(
        "%-17s epoch %d: train acc %.3f, test acc %.3f, gap %.3f",
        name, epochs, trainAcc, testAcc, trainAcc - testAcc);
    result.put("gap " + name, trainAcc - testAcc);
    result.put("train acc " + name, trainAcc);
    result.put("test acc " + name, testAcc);
  }

  private static double tailMean(double[] v) {
    double s = 0;
    int n = Math.min(10, v.length);
    for (int i = v.length - n; i < v.length; i++) {
      s += v[i];
    }
    return s / n;
  }
}
