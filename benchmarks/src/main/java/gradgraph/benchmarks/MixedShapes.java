package gradgraph.benchmarks;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.random.Well19937c;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Every shape a small training run meets, one after another in one JVM, in both dtypes and with
 * transposed operands: the TwoLayerNet and SimpleConvNet products forward and backward. A kernel
 * the JIT recompiles badly after a shape change (seen in NOTES.md: 85 → 5 GFLOP/s) shows up here as
 * a round far slower than the sum of the single-shape {@link MatMul} figures.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class MixedShapes {
  /** Creates an instance. */
  public MixedShapes() {}

  // {m, k, n, transA, transB}: op(A) is m x k, op(B) is k x n
  private static final int[][] SHAPES = {
    {100, 784, 50, 0, 0}, // TwoLayerNet: x · W1
    {100, 50, 10, 0, 0}, // h · W2
    {100, 10, 50, 0, 1}, // dh = g · W2ᵀ
    {50, 100, 10, 1, 0}, // dW2 = hᵀ · g
    {784, 100, 50, 1, 0}, // dW1 = xᵀ · dh
    {57600, 25, 30, 0, 1}, // SimpleConvNet: col · Wᵀ
    {30, 57600, 25, 1, 0}, // dW = gyᵀ · col
    {57600, 30, 25, 0, 0}, // dcol = gy · W
    {100, 4320, 100, 0, 0}, // Affine 4320 -> 100
    {100, 100, 10, 0, 0},
    {512, 512, 512, 0, 0},
    {7, 13, 33, 1, 1},
  };

  private Tensor[][] operands;

  /** Creates the operands of every shape in FLOAT32 and FLOAT64. */
  @Setup
  public void setup() {
    Well19937c rng = new Well19937c(1);
    operands = new Tensor[SHAPES.length * 2][];
    for (int i = 0; i < SHAPES.length; i++) {
      int[] s = SHAPES[i];
      for (int d = 0; d < 2; d++) {
        DType dt = d == 0 ? DType.FLOAT32 : DType.FLOAT64;
        Tensor a =
            s[3] == 1
                ? Tensor.rand(rng, dt, -1, 1, s[1], s[0])
                : Tensor.rand(rng, dt, -1, 1, s[0], s[1]);
        Tensor b =
            s[4] == 1
                ? Tensor.rand(rng, dt, -1, 1, s[2], s[1])
                : Tensor.rand(rng, dt, -1, 1, s[1], s[2]);
        operands[i * 2 + d] = new Tensor[] {a, b};
      }
    }
  }

  /**
   * One round over every shape, FLOAT32 then FLOAT64.
   *
   * @return a checksum (consumed by JMH)
   */
  @Benchmark
  public double round() {
    double sum = 0;
    for (int i = 0; i < operands.length; i++) {
      int[] s = SHAPES[i / 2];
      Tensor c = operands[i][0].matmul(operands[i][1], s[3] == 1, s[4] == 1);
      sum += c.getFlat(0);
    }
    return sum;
  }
}
