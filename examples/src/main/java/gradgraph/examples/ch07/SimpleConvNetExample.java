package gradgraph.examples.ch07;

import gradgraph.core.device.Device;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.data.Transforms;
import gradgraph.models.metrics.ConfusionMatrix;
import gradgraph.models.plot.Curves;
import gradgraph.models.plot.Evaluation;
import gradgraph.models.plot.ImageGrid;
import gradgraph.models.train.History;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.SimpleConvNet;
import java.io.IOException;

/**
 * Chapter 7's {@code train_convnet.py}: SimpleConvNet (conv 30×5×5 – ReLU – pool – affine 100 –
 * ReLU – affine 10) trained with Adam 0.001, batch 50, on inputs standardized with the training
 * set's mean and standard deviation (with batch 100 and raw pixels, 2 epochs end near 0.87, below
 * the book's band); then the 30 filters of conv1 before training (noise) and after (edge and blob
 * detectors), and the test set's confusion matrix with precision, recall and F1 per class.
 */
public final class SimpleConvNetExample implements Example {
  /** Creates the example. */
  public SimpleConvNetExample() {}

  @Override
  public String name() {
    return "ch07-simple-convnet";
  }

  @Override
  public String description() {
    return "SimpleConvNet with Adam: conv1 filters before/after, confusion matrix, P/R/F1";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    IdxDatasets.TrainTest data = ctx.fashionMnist();
    int epochs = ctx.quick() ? 3 : 2;
    ctx.println(
        "train %d, test %d images (%s)", data.train().size(), data.test().size(), data.source());
    double[] ms = Transforms.meanStd(data.train().x());
    Dataset train = data.train().map(Transforms.normalize(ms[0], ms[1]));
    Dataset test = data.test().map(Transforms.normalize(ms[0], ms[1]));
    SimpleConvNet net = new SimpleConvNet(42);
    Tensor before = net.namedParameters().get("conv1.weight").value();
    History h =
        new Trainer()
            .epochs(epochs)
            .batchSize(50)
            .optimizer("adam")
            .lr(0.001)
            .seed(42)
            .trainEvalSamples(1000)
            .out(ctx.out())
            .progress(ProgressReporter.auto(ctx.out()))
            .fit(net, train, test);
    Tensor after = net.namedParameters().get("conv1.weight").value();

    ExampleResult result = new ExampleResult();
    result.file(
        ImageGrid.writePng(
            before, 10, 8, null, "conv1 filters before training", ctx.file("filters-before.png")));
    result.file(
        ImageGrid.writePng(
            after, 10, 8, null, "conv1 filters after training", ctx.file("filters-after.png")));
    Curves acc = new Curves("SimpleConvNet: accuracy", "epoch", "accuracy");
    for (int e = 0; e < h.testAccuracy().size(); e++) {
      acc.add("train", e + 1, h.trainAccuracy().get(e));
      acc.add("test", e + 1, h.testAccuracy().get(e));
    }
    acc.writePng(ctx.file("accuracy.png"));
    result.file(ctx.file("accuracy.png"));
    ConfusionMatrix m =
        Evaluation.report(
            Trainer.predict(net, test, 100, Device.CPU),
            test,
            "SimpleConvNet on the test set",
            ctx.out(),
            ctx.file("confusion.png"));
    result.file(ctx.file("confusion.png"));
    result.put("test acc", m.accuracy());
    result.put("macro F1", m.macroF1());
    result.put(
        "seconds per epoch", h.epochSeconds().stream().mapToDouble(d -> d).average().orElse(0));
    return result;
  }
}
