package gradgraph.examples.ch05;

import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.data.Transforms;
import gradgraph.models.plot.Curves;
import gradgraph.models.train.History;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.TwoLayerNet;
import java.io.IOException;

/**
 * Chapter 5's {@code train_neuralnet.py}: TwoLayerNet 784-50-10 trained by backprop with SGD (lr
 * 0.1, batch 100), printing the book's epoch lines; the loss of every iteration and the train/test
 * accuracy of every epoch are drawn. On Fashion-MNIST it reaches about 0.86 (the book's MNIST:
 * 0.97).
 */
public final class Train implements Example {
  /** Creates the example. */
  public Train() {}

  @Override
  public String name() {
    return "ch05-train";
  }

  @Override
  public String description() {
    return "TwoLayerNet, SGD 0.1, batch 100: book-style epoch lines, loss and accuracy curves";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    IdxDatasets.TrainTest data = ctx.fashionMnist();
    Dataset train = data.train().map(Transforms::flatten);
    Dataset test = data.test().map(Transforms::flatten);
    int epochs = ctx.quick() ? 8 : 10;
    ctx.println("train %d, test %d images (%s)", train.size(), test.size(), data.source());
    History h =
        new Trainer()
            .epochs(epochs)
            .batchSize(100)
            .optimizer("sgd")
            .lr(0.1)
            .seed(42)
            .trainEvalSamples(10_000)
            .out(ctx.out())
            .progress(ProgressReporter.silent())
            .fit(new TwoLayerNet(784, 50, 10, 42), train, test);

    Curves loss = new Curves("TwoLayerNet: training loss", "iteration", "loss");
    for (int i = 0; i < h.iterationLosses().size(); i++) {
      loss.add("loss", i, h.iterationLosses().get(i));
    }
    Curves acc = new Curves("TwoLayerNet: accuracy", "epoch", "accuracy");
    for (int e = 0; e < h.epochLosses().size(); e++) {
      acc.add("train", e + 1, h.trainAccuracy().get(e));
      acc.add("test", e + 1, h.testAccuracy().get(e));
    }
    ExampleResult result = new ExampleResult();
    loss.writePng(ctx.file("loss.png"));
    acc.writePng(ctx.file("accuracy.png"));
    result.file(ctx.file("loss.png")).file(ctx.file("accuracy.png"));
    result.put("test acc", h.finalTestAccuracy());
    result.put("train acc", h.trainAccuracy().get(h.trainAccuracy().size() - 1));
    result.put(
        "seconds per epoch", h.epochSeconds().stream().mapToDouble(d -> d).average().orElse(0));
    return result;
  }
}
