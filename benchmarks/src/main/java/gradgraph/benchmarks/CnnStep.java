package gradgraph.benchmarks;

import gradgraph.core.device.ComputePool;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Batch;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.SimpleConvNet;
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
 * One training step of the book's {@code SimpleConvNet} (conv 30×5×5 – ReLU – max-pool – affine 100
 * – ReLU – affine 10; Adam 0.001, batch 100 of random 1×28×28 images): forward, softmax
 * cross-entropy, backward, update. The {@code bench} command's figure is 100 of these steps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class CnnStep {
  /** Creates the benchmark (JMH instantiates it). */
  public CnnStep() {}

  /** Compute threads. */
  @Param({"1"})
  public int threads;

  private int before;
  SimpleConvNet model;
  private Optimizer optimizer;
  private Trainer trainer;
  private Batch batch;

  /** Creates the network, its optimizer and one batch of 100 random images. */
  @Setup
  public void setup() {
    before = ComputePool.threads();
    ComputePool.setThreads(threads);
    model = new SimpleConvNet(1);
    optimizer = Optimizer.create("adam", model, 0.001);
    trainer = new Trainer();
    Well19937c rng = new Well19937c(3);
    Tensor x = Tensor.rand(rng, DType.FLOAT32, 0, 1, 100, 1, 28, 28);
    int[] labels = new int[100];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = rng.nextInt(10);
    }
    batch = new Batch(x, labels);
  }

  /** Restores the thread count. */
  @TearDown
  public void tearDown() {
    ComputePool.setThreads(before);
  }

  /**
   * One step.
   *
   * @return the loss before the update
   */
  @Benchmark
  public double step() {
    return trainer.step(model, optimizer, batch);
  }
}
