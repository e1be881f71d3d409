package gradgraph.benchmarks;

import gradgraph.core.Variable;
import gradgraph.core.device.ComputePool;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Parameter;
import gradgraph.models.nn.rnn.Gru;
import gradgraph.models.nn.rnn.Lstm;
import gradgraph.models.nn.rnn.RecurrentLayer;
import gradgraph.models.nn.rnn.Rnn;
import gradgraph.ops.Ops;
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
 * Forward and backward of a 2-layer recurrent layer alone ({@code Lstm}, {@code Gru} on their fused
 * sequence ops, {@code Rnn} on its cells' composite ops), FLOAT32, batch first {@code [20, 35, 650]
 * -> [20, 35, 650]} as in the Penn Treebank medium model: the loss is the sum of the outputs.
 * {@code benchmarks/pytorch/rnn_layer_step.py} times the same in PyTorch.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
public class RnnLayerStep {
  /** Creates the benchmark (JMH instantiates it). */
  public RnnLayerStep() {}

  /** {@code lstm}, {@code gru} or {@code rnn}. */
  @Param({"lstm", "gru", "rnn"})
  public String kind;

  /** Hidden (and input) size. */
  @Param({"650"})
  public int hidden;

  /** Compute threads. */
  @Param({"1"})
  public int threads;

  private int before;
  RecurrentLayer layer;
  Variable x;

  /** Creates the layer and one random batch. */
  @Setup
  public void setup() {
    before = ComputePool.threads();
    ComputePool.setThreads(threads);
    Well19937c rng = new Well19937c(1);
    layer =
        switch (kind) {
          case "lstm" -> new Lstm(hidden, hidden, 2, 0, rng, DType.FLOAT32);
          case "gru" -> new Gru(hidden, hidden, 2, 0, rng, DType.FLOAT32);
          case "rnn" -> new Rnn(hidden, hidden, 2, 0, rng, DType.FLOAT32);
          default ->
              throw Errors.illegalArgument(
                  "RnnLayerStep", "kind", "'" + kind + "' is not lstm, gru or rnn");
        };
    x = Variable.constant(Tensor.randn(new Well19937c(2), DType.FLOAT32, 0, 1, 20, 35, hidden));
  }

  /** Restores the thread count. */
  @TearDown
  public void tearDown() {
    ComputePool.setThreads(before);
  }

  /**
   * One forward and backward pass.
   *
   * @return the sum of the outputs
   */
  @Benchmark
  public double step() {
    for (Parameter p : layer.parameters()) {
      p.clearGrad();
    }
    Variable loss = Ops.sum(layer.apply(x));
    loss.backward();
    return loss.item();
  }
}
