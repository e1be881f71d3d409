package gradgraph.benchmarks;

import gradgraph.core.device.ComputePool;
import gradgraph.core.tensor.Errors;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.zoo.LstmLanguageModel;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.random.Well19937c;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of an LSTM language model ({@link LstmLanguageModel}: embedding, 2 stateful
 * LSTM layers, affine over the vocabulary, no dropout): forward over {@code batch × time} random
 * ids, softmax cross-entropy over every step, backward (truncated at the chunk: the carried state
 * is detached), gradient clipping at norm 0.25, SGD. {@code medium} is the Penn Treebank medium
 * model of Zaremba et al. (vocabulary 10 000, 650 units, 35 steps, batch 20; the sequel's {@code
 * BetterRnnlm} without weight tying), {@code small} the small one (200 units, 20 steps). {@code
 * benchmarks/pytorch/lstm_lm_step.py} times the same step in PyTorch.
 *
 * <p>JMH samples every step ({@code SampleTime}), so its {@code p0.50} line is the median. On a
 * machine shared with other work, wall time measures the neighbours too; {@link #main} prints the
 * median process CPU time per step beside the wall time, as the PyTorch script does:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar \
 *     gradgraph.benchmarks.LstmLmStep medium 1 10
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class LstmLmStep {
  /** Creates the benchmark (JMH instantiates it). */
  public LstmLmStep() {}

  /** {@code small} or {@code medium}. */
  @Param({"small", "medium"})
  public String config;

  /** Compute threads. */
  @Param({"1"})
  public int threads;

  private int before;
  LstmLanguageModel model;
  private Optimizer optimizer;
  int batch;
  int time;
  int[] xs;
  int[] ts;

  /** Creates the model, its optimizer and one chunk of random ids. */
  @Setup
  public void setup() {
    int hidden;
    switch (config) {
      case "small" -> {
        hidden = 200;
        time = 20;
      }
      case "medium" -> {
        hidden = 650;
        time = 35;
      }
      case "tiny" -> { // for the smoke test
        hidden = 8;
        time = 3;
      }
      default ->
          throw Errors.illegalArgument(
              "LstmLmStep", "config", "'" + config + "' is not small, medium or tiny");
    }
    int vocab = config.equals("tiny") ? 50 : 10000;
    batch = config.equals("tiny") ? 2 : 20;
    before = ComputePool.threads();
    ComputePool.setThreads(threads);
    model = new LstmLanguageModel(new LstmLanguageModel.Config(vocab, hidden, hidden, 2, 0, 1));
    optimizer = Optimizer.create("sgd", model, 1.0).clipGradNorm(0.25);
    Well19937c rng = new Well19937c(3);
    xs = new int[batch * time];
    ts = new int[batch * time];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = rng.nextInt(vocab);
      ts[i] = rng.nextInt(vocab);
    }
  }

  /** Restores the thread count. */
  @TearDown
  public void tearDown() {
    ComputePool.setThreads(before);
  }

  /**
   * Times steps outside JMH: {@code <config> <threads> <steps>}, after three warm-up steps; prints
   * the median wall and process CPU milliseconds per step.
   *
   * @param args config ({@code small}, {@code medium}), threads, steps
   */
  public static void main(String[] args) {
    LstmLmStep b = new LstmLmStep();
    b.config = args.length > 0 ? args[0] : "medium";
    b.threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int steps = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    var os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    b.setup();
    double[] wall = new double[steps];
    double[] cpu = new double[steps];
    try {
      for (int i = -3; i < steps; i++) {
        long w0 = System.nanoTime();
        long c0 = os.getProcessCpuTime();
        b.step();
        if (i >= 0) {
          wall[i] = (System.nanoTime() - w0) / 1e6;
          cpu[i] = (os.getProcessCpuTime() - c0) / 1e6;
        }
      }
    } finally {
      b.tearDown();
    }
    java.util.Arrays.sort(wall);
    java.util.Arrays.sort(cpu);
    System.out.printf(
        java.util.Locale.ROOT,
        "gradgraph lstm-lm %s threads %d: median wall %.1f ms, median process CPU %.1f ms (%d"
            + " steps)%n",
        b.config,
        b.threads,
        wall[steps / 2],
        cpu[steps / 2],
        steps);
  }

  /**
   * One step.
   *
   * @return the loss before the update
   */
  @Benchmark
  public double step() {
    optimizer.clearGrads();
    var loss = model.loss(xs, ts, batch, time);
    loss.backward();
    optimizer.step();
    return loss.item();
  }
}
