package gradgraph.distributed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Batch;
import gradgraph.models.data.DataLoader;
import gradgraph.models.data.Dataset;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.DistributedFit;
import gradgraph.models.train.History;
import gradgraph.models.train.LrSchedule;
import gradgraph.models.train.ProgressReporter;
import gradgraph.models.train.Trainer;
import gradgraph.models.train.TrainingCheckpoint;
import gradgraph.models.zoo.Zoo;
import gradgraph.ops.Ops;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spark in local[2] mode: distributed training must equal single-machine training. */
class SparkFitTest {
  private static JavaSparkContext sc;

  @BeforeAll
  static void start() {
    sc =
        new JavaSparkContext(
            new SparkConf()
                .setMaster("local[2]")
                .setAppName("SparkFitTest")
                .set("spark.ui.enabled", "false")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1"));
  }

  @AfterAll
  static void stop() {
    sc.close();
  }

  /** Random images [n, 1, 6, 6] whose class is the brightest third of the picture. */
  private static Dataset images(int n, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] x = new float[n * 36];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      y[i] = rng.nextInt(3);
      for (int j = 0; j < 36; j++) {
        x[i * 36 + j] = (float) (rng.nextDouble() + ((j % 6) / 2 == y[i] ? 0.8 : 0));
      }
    }
    return new Dataset("thirds", Tensor.of(x, n, 1, 6, 6), y, 3);
  }

  private static Module model(String name, Dataset d) {
    return Zoo.create(name, d.exampleShape(), d.numClasses(), 7);
  }

  private static DistributedFit.Job job(String name, int epochs, double lr, StringWriter log) {
    return job(name, epochs, lr, log, 0);
  }

  private static DistributedFit.Job job(
      String name, int epochs, double lr, StringWriter log, int averageEvery) {
    return new DistributedFit.Job(
        "local[2]",
        name,
        7,
        epochs,
        20,
        lr,
        LrSchedule.constant(),
        null,
        new PrintWriter(log),
        averageEvery);
  }

  /** The same model trained by the plain Trainer on one JVM. */
  private static Module reference(String name, String opt, double lr, Dataset d, int epochs) {
    Module m = model(name, d);
    new Trainer()
        .epochs(epochs)
        .batchSize(20)
        .optimizer(opt)
        .lr(lr)
        .seed(7)
        .out(new PrintWriter(new StringWriter()))
        .progress(ProgressReporter.silent())
        .fit(m, d, null);
    return m;
  }

  private static void assertSameParameters(Module expected, Module actual) {
    double worst = largestDifference(expected, actual);
    // float32 sums in another order: differences of a few ulps, grown over 9 steps
    assertTrue(worst < 1e-4, "largest parameter difference " + worst);
  }

  private static double largestDifference(Module expected, Module actual) {
    List<Parameter> e = expected.parameters();
    List<Parameter> a = actual.parameters();
    assertEquals(e.size(), a.size());
    double worst = 0;
    for (int i = 0; i < e.size(); i++) {
      float[] x = e.get(i).value().toFloatArray();
      float[] y = a.get(i).value().toFloatArray();
      assertEquals(x.length, y.length);
      for (int j = 0; j < x.length; j++) {
        worst = Math.max(worst, Math.abs(x[j] - y[j]));
      }
    }
    return worst;
  }

  @Test
  void synchronousSgdEqualsSingleMachineTraining() {
    // 47 examples, batch 20: slices of 10+10, 10+10, then 3+4 in every epoch; plain SGD (unlike
    // Adam) is sensitive to the gradient's scale, so it checks the slices' weights
    String[][] cases = {{"mlp", "sgd", "0.1"}, {"cnn", "adam", "0.01"}};
    for (String[] c : cases) {
      String name = c[0];
      double lr = Double.parseDouble(c[2]);
      Dataset d = images(47, 3);
      Module m = model(name, d);
      Optimizer o = Optimizer.create(c[1], m, lr);
      assertTrue(
          SparkFit.flatten(m.parameters()).length > 0
              && !java.util.Arrays.equals(
                  SparkFit.flatten(m.parameters()),
                  SparkFit.flatten(reference(name, c[1], lr, d, 3).parameters())),
          "training must move the parameters, or the comparison below proves nothing");
      StringWriter log = new StringWriter();
      History h = SparkFit.fit(sc, job(name, 3, lr, log), m, o, d, d, 0, null);
      assertEquals(9, h.iterationLosses().size());
      assertEquals(3, h.testAccuracy().size());
      assertTrue(log.toString().contains("=== epoch:3, train acc:"), log.toString());
      assertTrue(log.toString().contains("2 Spark tasks per step"), log.toString());
      assertSameParameters(reference(name, c[1], lr, d, 3), m);
    }
  }

  @Test
  void averagingAfterEveryStepWithSgdIsSynchronousSgd() {
    // each copy takes w - lr * g_p; their average weighted by slice size is w - lr * sum(g_p w_p)
    Dataset d = images(47, 3);
    Module m = model("mlp", d);
    Optimizer o = Optimizer.create("sgd", m, 0.1);
    History h = SparkFit.fit(sc, job("mlp", 3, 0.1, new StringWriter(), 1), m, o, d, null, 0, null);
    assertEquals(9, h.iterationLosses().size());
    assertEquals(9, o.steps());
    assertSameParameters(reference("mlp", "sgd", 0.1, d, 3), m);
  }

  @Test
  void averagingEveryThreeStepsAveragesTheTasksCopiesAndTheirOptimizerState() {
    // 47 examples, batch 20: one round of 3 batches per epoch (20, 20, 7 examples); task 0 sees
    // 10 + 10 + 3 examples, task 1 sees 10 + 10 + 4. Momentum: the second epoch starts from the
    // averaged velocity, so the optimizer state's average is checked too
    Dataset d = images(47, 3);
    double lr = 0.1;
    Module m = model("mlp", d);
    Optimizer o = Optimizer.create("momentum", m, lr);
    History h = SparkFit.fit(sc, job("mlp", 2, lr, new StringWriter(), 3), m, o, d, null, 0, null);
    assertEquals(6, h.iterationLosses().size());

    // the same by hand, in one JVM: two copies trained on their slices, averaged after each epoch
    Module ref = model("mlp", d);
    Optimizer refOpt = Optimizer.create("momentum", ref, lr);
    DataLoader loader = new DataLoader(d, 20, true, 7, false);
    for (int epoch = 0; epoch < 2; epoch++) {
      List<Batch> round = new ArrayList<>();
      loader.epoch(epoch).forEach(round::add);
      assertEquals(3, round.size());
      Map<String, Tensor> start = TrainingCheckpoint.tensors(ref, refOpt);
      Map<String, double[]> sum = new LinkedHashMap<>();
      for (int p = 0; p < 2; p++) {
        Module copy = model("mlp", d);
        Optimizer copyOpt = Optimizer.create("momentum", copy, lr);
        TrainingCheckpoint.restore(start, copy, copyOpt);
        int seen = 0;
        for (int j = 0; j < 3; j++) {
          Slice s = SparkFit.slices(round.get(j), 2, j).get(p);
          seen += s.labels().length;
          try (Scope train = Mode.train()) {
            Variable logits = copy.apply(Variable.constant(Tensor.of(s.x(), s.shape())));
            copy.clearGrads();
            Ops.softmaxCrossEntropy(logits, s.labels()).backward();
          }
          copyOpt.step();
        }
        double w = seen / 47.0;
        for (Map.Entry<String, Tensor> e : TrainingCheckpoint.tensors(copy, copyOpt).entrySet()) {
          double[] v = e.getValue().toDoubleArray();
          double[] acc = sum.computeIfAbsent(e.getKey(), k -> new double[v.length]);
          for (int i = 0; i < v.length; i++) {
            acc[i] += w * v[i];
          }
        }
      }
      Map<String, Tensor> avg = new LinkedHashMap<>();
      for (Map.Entry<String, Tensor> e : start.entrySet()) {
        double[] v = sum.get(e.getKey());
        avg.put(
            e.getKey(),
            e.getKey().endsWith("steps")
                ? Tensor.scalar(Math.rint(v[0]))
                : Tensor.of(v, e.getValue().shape()).to(e.getValue().dtype()));
      }
      for (String k : sum.keySet()) {
        if (!avg.containsKey(k)) { // the velocity slots, created by the first step
          Tensor like = TrainingCheckpoint.tensors(ref, null).get(k.replace("optim.", "model."));
          String param = k.substring("optim.".length(), k.lastIndexOf('.'));
          int[] shape = refOpt.parameters().get(param).value().shape();
          avg.put(k, Tensor.of(sum.get(k), shape).to(like == null ? DType.FLOAT32 : like.dtype()));
        }
      }
      TrainingCheckpoint.restore(avg, ref, refOpt);
    }
    assertEquals(6, refOpt.steps());
    assertEquals(6, o.steps());
    assertSameParameters(ref, m);
    assertSameState(refOpt, o);
    // and it is not synchronous SGD: averaging after three steps moves elsewhere
    Module sync = model("mlp", d);
    SparkFit.fit(
        sc,
        job("mlp", 2, lr, new StringWriter()),
        sync,
        Optimizer.create("momentum", sync, lr),
        d,
        null,
        0,
        null);
    assertTrue(
        largestDifference(sync, m) > 1e-3,
        "averaged and synchronous runs differ: " + largestDifference(sync, m));
  }

  private static void assertSameState(Optimizer expected, Optimizer actual) {
    Map<String, Tensor> e = expected.state();
    Map<String, Tensor> a = actual.state();
    assertEquals(e.keySet(), a.keySet());
    for (String k : e.keySet()) {
      double[] x = e.get(k).toDoubleArray();
      double[] y = a.get(k).toDoubleArray();
      for (int i = 0; i < x.length; i++) {
        assertEquals(x[i], y[i], 1e-4, k + "[" + i + "]");
      }
    }
  }

  @Test
  void resumedRunEqualsUnbrokenRun() {
    Dataset d = images(50, 5);
    Module m = model("mlp", d);
    Optimizer o = Optimizer.create("adam", m, 0.01);
    History first =
        SparkFit.fit(sc, job("mlp", 1, 0.01, new StringWriter()), m, o, d, null, 0, null);
    // continue in a fresh model and optimizer loaded from the checkpoint tensors
    Module m2 = model("mlp", d);
    Optimizer o2 = Optimizer.create("adam", m2, 0.01);
    gradgraph.models.train.TrainingCheckpoint.restore(
        gradgraph.models.train.TrainingCheckpoint.tensors(m, o), m2, o2);
    History h =
        SparkFit.fit(sc, job("mlp", 3, 0.01, new StringWriter()), m2, o2, d, null, 1, first);
    // the curves continue the first run's: its 3 steps, then 6 more
    assertEquals(9, h.iterationLosses().size());
    assertEquals(first.iterationLosses(), h.iterationLosses().subList(0, 3));
    assertEquals(3, h.epochs());
    assertSameParameters(reference("mlp", "adam", 0.01, d, 3), m2);
  }

  @Test
  void slicesCoverTheBatchWithWeightsSummingToOne() {
    Dataset d = images(7, 1);
    List<Slice> s = SparkFit.slices(d.batch(new int[] {0, 1, 2, 3, 4, 5, 6}), 2);
    assertEquals(2, s.size());
    assertEquals(3, s.get(0).labels().length);
    assertEquals(4, s.get(1).labels().length);
    assertEquals(4, s.get(1).shape()[0]);
    assertEquals(4 * 36, s.get(1).x().length);
    assertEquals(1.0, s.get(0).weight() + s.get(1).weight(), 1e-12);
    assertEquals(d.label(3), s.get(1).labels()[0]);
  }
}
