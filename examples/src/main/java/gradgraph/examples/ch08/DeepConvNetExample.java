package gradgraph.examples.ch08;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Augment;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.data.Transforms;
import gradgraph.models.metrics.ConfusionMatrix;
import gradgraph.models.metrics.Metrics;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Sequential;
import gradgraph.models.plot.Curves;
import gradgraph.models.plot.Evaluation;
import gradgraph.models.plot.ImageGrid;
import gradgraph.models.train.History;
import gradgraph.models.train.LrSchedule;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.train.TrainingCheckpoint;
import gradgraph.models.zoo.DeepConvNet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Chapter 8: the book's VGG-like {@code DeepConvNet} (six 3×3 convolutions, He initialization,
 * dropout) trained with Adam 0.001 on augmented images (random horizontal flips and shifts of up to
 * 2 pixels); the test set's confusion matrix with precision, recall and F1; the first misclassified
 * test images; and inference in half precision (weights and every layer's output rounded to IEEE
 * binary16, as a float16 accelerator would compute) compared with float32.
 */
public final class DeepConvNetExample implements Example {
  /** Epochs of the full run. */
  static final int EPOCHS = 15;

  /** The augmentation of the full run, in {@code ./gradgraph train --augment} syntax. */
  static final String AUGMENT = "flip,shift=2";

  private static final long SEED = 42;

  /** Creates the example. */
  public DeepConvNetExample() {}

  @Override
  public String name() {
    return "ch08-deep-convnet";
  }

  @Override
  public String description() {
    return "DeepConvNet with augmentation: P/R/F1, misclassified images, float16 vs float32 inference";
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    IdxDatasets.TrainTest data = ctx.fashionMnist();
    // quick: two iterations and 250 test images, enough to exercise every step
    Dataset train = ctx.quick() ? data.train().take(200) : data.train();
    Dataset test = ctx.quick() ? data.test().take(250) : data.test();
    // standardized with the training set's mean and std, as `./gradgraph train` does
    double[] ms = Transforms.meanStd(train.x());
    train = train.map(Transforms.normalize(ms[0], ms[1]));
    test = test.map(Transforms.normalize(ms[0], ms[1]));
    DeepConvNet net = new DeepConvNet(SEED);
    Augment augment = Augment.parse(AUGMENT, SEED);
    int epochs = ctx.quick() ? 1 : EPOCHS;
    Trainer trainer =
        new Trainer()
            .epochs(epochs)
            .batchSize(100)
            .optimizer("adam")
            .lr(0.001)
            .lrSchedule(LrSchedule.cosine())
            .augment(augment)
            .seed(SEED)
            .out(ctx.out())
            .progress(ProgressReporter.auto(ctx.out()));
    Path weights = ctx.file("deep_convnet.safetensors");
    trainer.checkpoint(TrainingCheckpoint.toFile(weights, "deep-cnn", Map.of()));
    ctx.println(
        "DeepConvNet, %d parameters; %d training images augmented with %s; Adam 0.001 with"
            + " cosine annealing, batch 100, %d epochs",
        net.parameterCount(), train.size(), AUGMENT, epochs);
    long start = System.nanoTime();
    History history = trainer.fit(net, train, test);
    double seconds = (System.nanoTime() - start) / 1e9;

    ExampleResult result = new ExampleResult();
    int[] predicted = Trainer.predict(net, test, 100, Device.CPU);
    ConfusionMatrix m =
        Evaluation.report(
            predicted, test, "DeepConvNet on the test set", ctx.out(), ctx.file("confusion.png"));
    result.file(ctx.file("confusion.png"));
    double acc32 = m.accuracy();
    ctx.println("=============== Final Test Accuracy ===============");
    ctx.println("test acc:%.4f  (%.0f s of training and evaluation)", acc32, seconds);

    result.file(misclassified(ctx, test, predicted));

    int[] predicted16 = predictHalf(net, test);
    double acc16 = Metrics.accuracy(predicted16, test.labels());
    int same = 0;
    for (int i = 0; i < predicted.length; i++) {
      same += predicted[i] == predicted16[i] ? 1 : 0;
    }
    ctx.println(
        "float32 test acc %.4f, float16 test acc %.4f, same prediction for %d of %d images",
        acc32, acc16, same, predicted.length);
    result.put("test acc", acc32);
    result.put("test acc float16", acc16);
    result.put("float16 agreement", (double) same / predicted.length);
    result.put("macro F1", m.macroF1());
    result.put("training seconds", seconds);
    result.put("epochs", epochs);
    result.file(weights);
    Curves.accuracy(history, "DeepConvNet").writePng(ctx.file("accuracy.png"));
    result.file(ctx.file("accuracy.png"));
    return result;
  }

  /** Draws the first 20 misclassified test images, captioned "true → predicted". */
  private static java.nio.file.Path misclassified(ExampleContext ctx, Dataset test, int[] predicted)
      throws IOException {
    List<Integer> wrong = new ArrayList<>();
    List<String> captions = new ArrayList<>();
    for (int i = 0; i < predicted.length && wrong.size() < 20; i++) {
      if (predicted[i] != test.label(i)) {
        wrong.add(i);
        captions.add(shortName(test, test.label(i)) + ">" + shortName(test, predicted[i]));
      }
    }
    if (wrong.isEmpty()) {
      ctx.println("no misclassified test images");
      return ImageGrid.writePng(
          test.take(1).x(),
          1,
          3,
          List.of("none wrong"),
          "misclassified",
          ctx.file("misclassified.png"));
    }
    Tensor images = test.subset(wrong.stream().mapToInt(i -> i).toArray()).x();
    return ImageGrid.writePng(
        images, 5, 4, captions, "misclassified (true>predicted)", ctx.file("misclassified.png"));
  }

  private static String shortName(Dataset d, int k) {
    String n = d.classNames().get(k);
    return n.length() <= 7 ? n : n.substring(0, 7);
  }

  /**
   * Runs the network layer by layer in half precision: the input, every weight and every layer's
   * output are rounded to binary16, so each layer computes on half values as a float16 device would
   * (accumulating in float32, as tensor cores do). The model is left as it was.
   */
  static int[] predictHalf(DeepConvNet net, Dataset test) {
    Map<String, Tensor> weights32 = net.stateDict();
    Map<String, Tensor> weights16 = new java.util.LinkedHashMap<>();
    // parameters only: buffers such as the dropout generators' state are not numbers to round
    Map<String, ?> params = net.namedParameters();
    weights32.forEach((k, v) -> weights16.put(k, params.containsKey(k) ? Half.round(v) : v));
    Sequential layers = net.layers();
    int[] out = new int[test.size()];
    net.loadStateDict(weights16);
    try (Scope eval = Mode.eval();
        Scope noGrad = Grad.disabled()) {
      for (int from = 0; from < test.size(); from += 100) {
        int n = Math.min(100, test.size() - from);
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
          idx[i] = from + i;
        }
        Variable x = Variable.constant(Half.round(test.subset(idx).x()));
        for (Module layer : layers.layers()) {
          x = Variable.constant(Half.round(layer.apply(x).value()));
        }
        System.arraycopy(Metrics.predict(x.value()), 0, out, from, n);
      }
    } finally {
      net.loadStateDict(weights32);
    }
    return out;
  }
}
