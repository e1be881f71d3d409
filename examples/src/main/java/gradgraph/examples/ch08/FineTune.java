package gradgraph.examples.ch08;

import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.IdxDatasets;
import gradgraph.models.data.Transforms;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Conv2d;
import gradgraph.models.nn.Flatten;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.MaxPool2d;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.ReLU;
import gradgraph.models.nn.Sequential;
import gradgraph.models.plot.Curves;
import gradgraph.models.train.History;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;

/**
 * Transfer learning (chapter 8's note on reusing a trained network): a small CNN is pretrained on
 * Fashion-MNIST's classes 0–4 (T-shirt, trouser, pullover, dress, coat); a new network for classes
 * 5–9 (sandal, shirt, sneaker, bag, ankle boot) takes the pretrained {@code features} (the
 * convolution filters) by {@link Module#loadStateDict(Map, boolean) non-strict loading} (its {@code
 * head} is missing from the state and keeps its fresh initialization), freezes them ({@link
 * Module#freeze()}) and trains only the head, on few images (50 in the quick run, 100 otherwise);
 * the same network trained from scratch for the same steps is the baseline.
 */
public final class FineTune implements Example {
  private static final long SEED = 42;

  /** Creates the example. */
  public FineTune() {}

  @Override
  public String name() {
    return "ch08-fine-tune";
  }

  @Override
  public String description() {
    return "Transfer learning: pretrain on classes 0-4, freeze the features, train a new head for"
        + " 5-9; vs from scratch";
  }

  /**
   * The network: {@code features} (conv 16×5×5 – ReLU – pool 2 – flatten) and a {@code head}
   * (affine 2304 → 64 – ReLU – affine 64 → classes).
   */
  static final class Net extends Module {
    final Sequential features;
    final Sequential head;

    Net(int classes, long seed) {
      Well19937c rng = new Well19937c(seed);
      features =
          register(
              "features",
              new Sequential()
                  .add("conv", new Conv2d(1, 16, 5, 1, 0, Init.he(), rng)) // 28 -> 24
                  .add("relu", new ReLU())
                  .add("pool", new MaxPool2d(2)) // 24 -> 12
                  .add("flatten", new Flatten()));
      head =
          register(
              "head",
              new Sequential()
                  .add("fc", new Linear(16 * 12 * 12, 64, Init.he(), rng))
                  .add("relu", new ReLU())
                  .add("out", new Linear(64, classes, Init.he(), rng)));
    }

    @Override
    protected Variable forward(Variable x) {
      return head.apply(features.apply(x));
    }
  }

  /**
   * The examples of five consecutive classes, relabelled 0–4.
   *
   * @param d the data set
   * @param first the first class kept
   * @param limit at most this many examples (the first ones)
   */
  static Dataset classes(Dataset d, int first, int limit) {
    List<Integer> keep = new ArrayList<>();
    for (int i = 0; i < d.size() && keep.size() < limit; i++) {
      if (d.label(i) >= first && d.label(i) < first + 5) {
        keep.add(i);
      }
    }
    Dataset sub = d.subset(keep.stream().mapToInt(Integer::intValue).toArray());
    int[] labels = sub.labels().clone();
    for (int i = 0; i < labels.length; i++) {
      labels[i] -= first;
    }
    return new Dataset(
        d.name() + " classes " + first + "-" + (first + 4),
        sub.x(),
        labels,
        5,
        d.classNames() == null ? null : d.classNames().subList(first, first + 5));
  }

  private static Trainer trainer(ExampleContext ctx, int epochs, int batch) {
    return new Trainer()
        .epochs(epochs)
        .batchSize(batch)
        .optimizer("adam")
        .lr(0.001)
        .seed(SEED)
        .trainEvalSamples(1000)
        .out(ctx.out())
        .progress(ProgressReporter.auto(ctx.out()));
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    IdxDatasets.TrainTest data = ctx.fashionMnist();
    double[] ms = Transforms.meanStd(data.train().x());
    Dataset train = data.train().map(Transforms.normalize(ms[0], ms[1]));
    Dataset test = data.test().map(Transforms.normalize(ms[0], ms[1]));
    int pretrainEpochs = ctx.quick() ? 3 : 2;
    int targetImages = ctx.quick() ? 50 : 100;
    int tuneEpochs = 5;
    int batch = 10;

    Dataset sourceTrain = classes(train, 0, Integer.MAX_VALUE);
    Dataset sourceTest = classes(test, 0, Integer.MAX_VALUE);
    Dataset targetTrain = classes(train, 5, targetImages);
    Dataset targetTest = classes(test, 5, Integer.MAX_VALUE);
    ctx.println(
        "source: %s (%d train, %d test images); target: %s (%d train, %d test images; from %s)",
        sourceTrain.classNames(),
        sourceTrain.size(),
        sourceTest.size(),
        targetTrain.classNames(),
        targetTrain.size(),
        targetTest.size(),
        data.source());

    ctx.println("-- pretraining on classes 0-4, %d epochs", pretrainEpochs);
    Net pre = new Net(5, SEED);
    History hp = trainer(ctx, pretrainEpochs, 50).fit(pre, sourceTrain, sourceTest);

    ctx.println("-- fine-tuning: pretrained features (frozen), new head for classes 5-9");
    Net tuned = new Net(5, SEED + 1);
    Map<String, Tensor> state = new LinkedHashMap<>(pre.stateDict());
    state.keySet().removeIf(k -> k.startsWith("head."));
    Module.LoadReport report = tuned.loadStateDict(state, false);
    ctx.println(
        "loaded %d tensors %s; missing %s (kept as initialized)",
        report.loaded().size(), report.loaded(), report.missing());
    tuned.child("features").freeze();
    Map<String, Tensor> frozenBefore = tuned.child("features").stateDict();
    double before = Trainer.accuracy(tuned, targetTest, 100, Device.CPU);
    ctx.println("target test acc with the untrained head: %.4f (chance 0.2)", before);
    History ht = trainer(ctx, tuneEpochs, batch).fit(tuned, targetTrain, targetTest);
    int changed = 0;
    for (Map.Entry<String, Tensor> e : tuned.child("features").stateDict().entrySet()) {
      if (!Arrays.equals(
          frozenBefore.get(e.getKey()).toFloatArray(), e.getValue().toFloatArray())) {
        changed++;
      }
    }

    ctx.println("-- from scratch: the same network, every layer trained, the same steps");
    Net scratch = new Net(5, SEED + 1);
    History hs = trainer(ctx, tuneEpochs, batch).fit(scratch, targetTrain, targetTest);

    int steps = ht.iterationLosses().size();
    double tunedAcc = ht.finalTestAccuracy();
    double scratchAcc = hs.finalTestAccuracy();
    ctx.println(
        "after %d steps on %d images: fine-tuned %.4f, from scratch %.4f (untrained head %.4f);"
            + " frozen tensors changed: %d of %d",
        steps, targetTrain.size(), tunedAcc, scratchAcc, before, changed, frozenBefore.size());
    Curves acc = new Curves("classes 5-9: test accuracy", "epoch", "accuracy");
    for (int e = 0; e < tuneEpochs; e++) {
      acc.add("fine-tuned (frozen features)", e + 1, ht.testAccuracy().get(e));
      acc.add("from scratch", e + 1, hs.testAccuracy().get(e));
    }
    acc.writePng(ctx.file("accuracy.png"));

    ExampleResult result = new ExampleResult();
    result.file(ctx.file("accuracy.png"));
    result.put("pretrained acc", hp.finalTestAccuracy());
    result.put("untrained head acc", before);
    result.put("fine-tuned acc", tunedAcc);
    result.put("from scratch acc", scratchAcc);
    result.put("steps", steps);
    result.put("frozen tensors changed", changed);
    result.put("frozen tensors", frozenBefore.size());
    return result;
  }
}
