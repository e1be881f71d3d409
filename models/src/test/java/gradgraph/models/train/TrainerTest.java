package gradgraph.models.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Batch;
import gradgraph.models.data.Dataset;
import gradgraph.models.nn.Activation;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.zoo.Mlp;
import gradgraph.ops.Ops;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class TrainerTest {
  /** Three Gaussian blobs in the plane, 100 points each. */
  static Dataset blobs(long seed, int perClass) {
    Well19937c rng = new Well19937c(seed);
    double[][] centers = {{0, 2}, {-2, -1}, {2, -1}};
    float[] x = new float[3 * perClass * 2];
    int[] y = new int[3 * perClass];
    for (int i = 0; i < y.length; i++) {
      int c = i % 3;
      y[i] = c;
      x[2 * i] = (float) (centers[c][0] + 0.6 * rng.nextGaussian());
      x[2 * i + 1] = (float) (centers[c][1] + 0.6 * rng.nextGaussian());
    }
    return new Dataset("blobs", Tensor.of(x, y.length, 2), y, 3);
  }

  static Mlp smallMlp(long seed, boolean extras) {
    return new Mlp(
        new Mlp.Config(
            2, new int[] {16, 16}, 3, Activation.RELU, null, extras, extras ? 0.2 : 0, 1e-3, seed));
  }

  private static Trainer quiet() {
    return new Trainer()
        .progress(ProgressReporter.silent())
        .out(new PrintWriter(new StringWriter(), true));
  }

  @Test
  void learnsBlobsAndPrintsTheBooksEpochLines() {
    StringWriter buf = new StringWriter();
    PrintWriter out = new PrintWriter(buf, true);
    History h =
        new Trainer()
            .epochs(15)
            .batchSize(30)
            .optimizer("adam")
            .lr(0.01)
            .seed(1)
            .validationSplit(0.2)
            .out(out)
            .progress(ProgressReporter.lines(out))
            .fit(smallMlp(3, false), blobs(1, 100), blobs(2, 50));
    String text = buf.toString();
    assertTrue(
        text.lines()
            .anyMatch(
                l ->
                    l.matches(
                        "=== epoch:1, train acc:0\\.\\d{3}, val acc:0\\.\\d{3}, test acc:0\\.\\d{3}"
                            + " === .*")),
        text);
    assertTrue(text.contains("epoch 15/15: batch 8/8, loss "), text);
    assertEquals(15, h.epochLosses().size());
    assertEquals(15 * 8, h.iterationLosses().size()); // 240 examples, batch 30
    assertTrue(h.finalTestAccuracy() > 0.95, "test accuracy " + h.finalTestAccuracy());
    assertTrue(h.validationAccuracy().get(14) > 0.9);
    assertTrue(h.epochLosses().get(14) < h.epochLosses().get(0) / 3, h.epochLosses().toString());
  }

  @Test
  void sameSeedSameLossesBitForBit() {
    Dataset data = blobs(1, 60);
    List<Double> a =
        quiet()
            .epochs(3)
            .batchSize(20)
            .optimizer("adam")
            .lr(0.01)
            .seed(5)
            .fit(smallMlp(9, true), data, null)
            .iterationLosses();
    List<Double> b =
        quiet()
            .epochs(3)
            .batchSize(20)
            .optimizer("adam")
            .lr(0.01)
            .seed(5)
            .fit(smallMlp(9, true), data, null)
            .iterationLosses();
    List<Double> c =
        quiet()
            .epochs(3)
            .batchSize(20)
            .optimizer("adam")
            .lr(0.01)
            .seed(6)
            .fit(smallMlp(9, true), data, null)
            .iterationLosses();
    assertEquals(a, b); // Double.equals compares the bits
    assertNotEquals(a, c);
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

  @Test
  void resumeFromCheckpointContinuesTheSameCurve() throws java.io.IOException {
    Dataset data = blobs(1, 60);
    Trainer full = quiet().epochs(4).batchSize(20).optimizer("adam").lr(0.01).seed(5);
    List<Double> uninterrupted = full.fit(smallMlp(9, true), data, null).iterationLosses();

    List<Map<String, Tensor>> saved = new java.util.ArrayList<>();
    java.nio.file.Path file = tmp.resolve("ck.safetensors");
    Trainer firstHalf =
        quiet()
            .epochs(2)
            .batchSize(20)
            .optimizer("adam")
            .lr(0.01)
            .seed(5)
            .checkpoint(
                (m, o, epoch, seed, history) -> {
                  saved.add(TrainingCheckpoint.tensors(m, o));
                  try {
                    TrainingCheckpoint.save(file, m, o, "mlp", epoch, seed, Map.of());
                  } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                  }
                });
    List<Double> before = firstHalf.fit(smallMlp(9, true), data, null).iterationLosses();

    // from memory
    Mlp fresh = smallMlp(1234, true); // other weights: all of them come from the checkpoint
    Optimizer opt = full.createOptimizer(fresh);
    TrainingCheckpoint.restore(saved.get(saved.size() - 1), fresh, opt);
    List<Double> after = full.fit(fresh, opt, data, null, 2).iterationLosses();

    assertEquals(uninterrupted.subList(0, before.size()), before);
    assertEquals(uninterrupted.subList(before.size(), uninterrupted.size()), after);

    // from the safetensors file, with its metadata
    var loaded = TrainingCheckpoint.load(file);
    assertEquals("2", loaded.metadata().get("epoch"));
    assertEquals("5", loaded.metadata().get("seed"));
    assertEquals("mlp", loaded.metadata().get("model"));
    assertTrue(loaded.metadata().get("optimizer").startsWith("Adam(lr=0.01"));
    Mlp fromFile = smallMlp(99, true);
    Optimizer opt2 = full.createOptimizer(fromFile);
    TrainingCheckpoint.restore(loaded.tensors(), fromFile, opt2);
    assertEquals(
        uninterrupted.subList(before.size(), uninterrupted.size()),
        full.fit(fromFile, opt2, data, null, 2).iterationLosses());
  }

  @Test
  void aNonFiniteLossStopsTrainingUnlessAsked() {
    Dataset data = blobs(1, 60); // 180 examples: 9 batches of 20 per epoch
    Trainer wild = quiet().epochs(2).batchSize(20).optimizer("sgd").lr(1e30).seed(5);
    DivergedException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            DivergedException.class, () -> wild.fit(smallMlp(9, false), data, null));
    assertTrue(e.getMessage().contains("at epoch 1, iteration "), e.getMessage());
    List<Double> losses =
        wild.stopOnNonFiniteLoss(false).fit(smallMlp(9, false), data, null).iterationLosses();
    assertEquals(2 * 9, losses.size(), "both epochs ran to the end");
    assertTrue(losses.stream().anyMatch(l -> !Double.isFinite(l)), losses.toString());
  }

  @Test
  void frozenParametersAreSkippedByEveryOptimizer() {
    for (String name : Optimizer.names()) {
      Mlp m = smallMlp(4, false);
      var fc1 = m.namedParameters().get("layers.fc1.weight");
      var fc2 = m.namedParameters().get("layers.fc2.weight");
      fc1.setRequiresGrad(false);
      float[] frozenBefore = fc1.value().toFloatArray();
      float[] liveBefore = fc2.value().toFloatArray();
      quiet().epochs(1).batchSize(30).optimizer(name).lr(0.01).fit(m, blobs(1, 30), null);
      assertArrayEquals(frozenBefore, fc1.value().toFloatArray(), name);
      assertNull(fc1.grad(), name);
      assertNotEquals(
          java.util.Arrays.toString(liveBefore),
          java.util.Arrays.toString(fc2.value().toFloatArray()),
          name);
    }
  }

  @Test
  void noGraphSurvivesAStep() {
    Mlp m = smallMlp(4, true);
    Optimizer opt = Optimizer.create("sgd", m, 0.1);
    Batch b = blobs(1, 4).batch(new int[] {0, 1, 2, 3, 4, 5});
    Variable logits = m.apply(Variable.constant(b.x()));
    WeakReference<Op> op =
        new WeakReference<>(Ops.softmaxCrossEntropy(logits, b.labels()).creator());
    logits = null;
    new Trainer().step(m, opt, b);
    for (int i = 0; i < 20 && op.get() != null; i++) {
      System.gc();
    }
    assertNull(op.get(), "the graph of a finished step must be collectable");
    for (var p : m.parameters()) {
      assertNull(p.grad());
    }
  }

  @Test
  void heapStaysFlatOver10000Steps() {
    Module m = smallMlp(4, false);
    Optimizer opt = Optimizer.create("sgd", m, 0.01);
    Dataset data = blobs(1, 4);
    Batch b = data.batch(new int[] {0, 1, 2, 3, 4, 5, 6, 7});
    Trainer t = new Trainer();
    for (int i = 0; i < 500; i++) {
      t.step(m, opt, b);
    }
    long base = usedAfterGc();
    for (int i = 0; i < 9500; i++) {
      t.step(m, opt, b);
    }
    long end = usedAfterGc();
    // a retained graph costs kilobytes per step: 9 500 steps would add tens of megabytes
    assertTrue(
        end - base < 4L << 20,
        "heap grew by "
            + ((end - base) >> 10)
            + " KiB over 9 500 steps ("
            + (base >> 10)
            + " -> "
            + (end >> 10)
            + " KiB)");
  }

  private static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      best = Math.min(best, rt.totalMemory() - rt.freeMemory());
    }
    return best;
  }

  /** Eight 6×6 one-channel images per class: a bar left, centre or right (three classes). */
  static Dataset bars(int perClass) {
    float[] x = new float[3 * perClass * 36];
    int[] y = new int[3 * perClass];
    Well19937c rng = new Well19937c(3);
    for (int i = 0; i < y.length; i++) {
      y[i] = i % 3;
      for (int r = 0; r < 6; r++) {
        x[i * 36 + r * 6 + 1 + 2 * y[i]] = 1 + 0.1f * (float) rng.nextGaussian();
      }
    }
    return new Dataset("bars", Tensor.of(x, y.length, 1, 6, 6), y, 3);
  }

  @Test
  void augmentedTrainingIsSeededChangesTheBatchesAndResumesExactly() {
    Dataset data = bars(10);
    java.util.function.Supplier<Trainer> cfg =
        () ->
            quiet()
                .epochs(3)
                .batchSize(10)
                .optimizer("adam")
                .lr(0.01)
                .seed(4)
                .augment(gradgraph.models.data.Augment.parse("flip,shift=1", 0));
    java.util.function.LongFunction<gradgraph.models.nn.Module> model =
        seed ->
            new gradgraph.models.nn.Sequential(
                new gradgraph.models.nn.Flatten(),
                new gradgraph.models.nn.Linear(
                    36, 3, gradgraph.models.init.Init.xavier(), new Well19937c(seed)));
    List<Double> a = cfg.get().fit(model.apply(1), data, null).iterationLosses();
    List<Double> b = cfg.get().fit(model.apply(1), data, null).iterationLosses();
    assertEquals(a, b, "same seed, same augmentation, same losses");
    List<Double> plain =
        quiet()
            .epochs(3)
            .batchSize(10)
            .optimizer("adam")
            .lr(0.01)
            .seed(4)
            .fit(model.apply(1), data, null)
            .iterationLosses();
    assertNotEquals(plain, a, "augmentation changes what the model sees");

    // two epochs, then the third from the state after them: the same third epoch
    gradgraph.models.nn.Module m = model.apply(1);
    Trainer two = cfg.get().epochs(2);
    Optimizer opt = two.createOptimizer(m);
    two.fit(m, opt, data, null, 0);
    List<Double> third = cfg.get().fit(m, opt, data, null, 2).iterationLosses();
    assertEquals(a.subList(a.size() - third.size(), a.size()), third);
  }
}
