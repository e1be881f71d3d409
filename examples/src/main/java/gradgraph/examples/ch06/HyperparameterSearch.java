package gradgraph.examples.ch06;

import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
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
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;

/**
 * Chapter 6's {@code hyperparameter_optimization.py}: random search of the learning rate ({@code
 * 10^U(−6, −2)}) and weight decay ({@code 10^U(−8, −4)}) of a 7-layer ReLU network trained on 500
 * images, each trial judged on a validation split held out of the training set. The test set is
 * never loaded: choosing hyperparameters by test accuracy would overfit them to the test set.
 */
public final class HyperparameterSearch implements Example {
  /** Creates the example. */
  public HyperparameterSearch() {}

  @Override
  public String name() {
    return "ch06-hyperparameter-search";
  }

  @Override
  public String description() {
    return "random search of lr and weight decay on a validation split; best trials plotted";
  }

  /** One trial's settings and validation curve. */
  private record Trial(double lr, double weightDecay, List<Double> val) {
    double last() {
      return val.get(val.size() - 1);
    }
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    // only the training set: the validation split (20 %) is carved out of it by the Trainer
    Dataset train = ctx.fashionMnist().train().take(500).map(Transforms::flatten);
    int trials = ctx.quick() ? 6 : 100;
    int epochs = ctx.quick() ? 20 : 50;
    Well19937c rng = new Well19937c(2024);
    List<Trial> results = new ArrayList<>();
    for (int t = 0; t < trials; t++) {
      double weightDecay = Math.pow(10, -8 + 4 * rng.nextDouble());
      double lr = Math.pow(10, -6 + 4 * rng.nextDouble());
      Mlp net =
          new Mlp(
              Mlp.Config.builder(784, 10)
                  .hidden(100, 100, 100, 100, 100, 100)
                  .weightDecay(weightDecay)
                  .seed(42)
                  .build());
      History h =
          new Trainer()
              .stopOnNonFiniteLoss(false) // diverging runs are part of the experiment
              .epochs(epochs)
              .batchSize(100)
              .optimizer(m -> new Sgd(m, lr))
              .validationSplit(0.2)
              .seed(42)
              .out(new PrintWriter(Writer.nullWriter()))
              .progress(ProgressReporter.silent())
              .fit(net, train, null);
      Trial trial = new Trial(lr, weightDecay, h.validationAccuracy());
      results.add(trial);
      ctx.println("val acc:%.3f | lr:%.3e, weight decay:%.3e", trial.last(), lr, weightDecay);
    }

    results.sort(Comparator.comparingDouble(Trial::last).reversed());
    ctx.println("=========== Hyper-Parameter Optimization Result ===========");
    Curves curves =
        new Curves("Best trials: validation accuracy", "epoch", "val acc").legendOutside(true);
    int shown = Math.min(results.size(), ctx.quick() ? 3 : 10);
    for (int k = 0; k < shown; k++) {
      Trial t = results.get(k);
      ctx.println(
          "Best-%d(val acc:%.3f) | lr:%.3e, weight decay:%.3e",
          k + 1, t.last(), t.lr(), t.weightDecay());
      String name =
          String.format(
              java.util.Locale.ROOT, "Best-%d lr %.1e wd %.1e", k + 1, t.lr(), t.weightDecay());
      for (int e = 0; e < t.val().size(); e++) {
        curves.add(name, e + 1, t.val().get(e));
      }
    }
    curves.writePng(ctx.file("best-trials.png"), 1000, 500);
    Trial best = results.get(0);
    ExampleResult result = new ExampleResult();
    result
        .put("best val acc", best.last())
        .put("best lr", best.lr())
        .put("best weight decay", best.weightDecay());
    result.put("worst val acc", results.get(results.size() - 1).last()).put("trials", trials);
    result.file(ctx.file("best-trials.png"));
    return result;
  }
}
