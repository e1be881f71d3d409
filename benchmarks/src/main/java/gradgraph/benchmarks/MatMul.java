package gradgraph.benchmarks;

import gradgraph.core.device.ComputePool;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Matrix products through {@link Tensor#matmul(Tensor, boolean, boolean)} (result allocation
 * included), at the shapes of the {@code bench} command's figures: {@code m x k x n} means {@code
 * (m×k)·(k×n)}. {@link Gflops} runs this class and prints GFLOP/s ({@code 2·m·n·k} per product).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MatMul {
  /** Creates an instance. */
  public MatMul() {}

  /** The shape {@code m x k x n}. */
  @Param({"1024x1024x1024", "100x784x100", "100x100x10"})
  public String shape;

  /** The element type. */
  @Param({"FLOAT32", "FLOAT64"})
  public DType dtype;

  /** Compute threads ({@link ComputePool#setThreads}). */
  @Param({"1", "2"})
  public int threads;

  /** Which operands are used transposed: {@code nn}, {@code tn} (Aᵀ·B) or {@code nt} (A·Bᵀ). */
  @Param({"nn"})
  public String trans;

  private Tensor a;
  private Tensor b;
  private boolean ta;
  private boolean tb;
  private int saved;

  /** Creates the operands. */
  @Setup
  public void setup() {
    int[] s = parse(shape);
    int m = s[0];
    int k = s[1];
    int n = s[2];
    ta = trans.charAt(0) == 't';
    tb = trans.charAt(1) == 't';
    Well19937c rng = new Well19937c(42);
    a = ta ? Tensor.rand(rng, dtype, -1, 1, k, m) : Tensor.rand(rng, dtype, -1, 1, m, k);
    b = tb ? Tensor.rand(rng, dtype, -1, 1, n, k) : Tensor.rand(rng, dtype, -1, 1, k, n);
    saved = ComputePool.threads();
    ComputePool.setThreads(threads);
  }

  /** Restores the thread count. */
  @TearDown
  public void tearDown() {
    ComputePool.setThreads(saved);
  }

  /**
   * One product.
   *
   * @return the product (consumed by JMH)
   */
  @Benchmark
  public Tensor matmul() {
    return a.matmul(b, ta, tb);
  }

  /**
   * Parses {@code m x k x n}.
   *
   * @param shape the text, e.g. {@code 100x784x100}
   * @return {@code {m, k, n}}
   */
  static int[] parse(String shape) {
    String[] p = shape.split("x");
    if (p.length != 3) {
      throw new IllegalArgumentException(
          "MatMul: shape: expected m x k x n such as 100x784x100, got '" + shape + "'");
    }
    return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])};
  }
}
