package gradgraph.benchmarks;

import gradgraph.core.device.ComputePool;
import gradgraph.core.device.Kernels;
import gradgraph.core.device.Pooled;
import gradgraph.core.device.UnaryOp;
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
 * The convolution and pooling kernels at SimpleConvNet's shapes (x {@code [100, 1, 28, 28]}, W
 * {@code [30, 1, 5, 5]}, stride 1, no padding, then 2×2 max pooling with stride 2), and a whole
 * convolution forward and backward lowered the book's way: im2col, one GEMM, bias and ReLU, NCHW
 * permute; backward: permute, two GEMMs, col2im. {@code convKernel*} are what {@code conv2d} runs
 * now (the device's fused kernel, one image at a time in cache); the {@code Nchw} ones what it ran
 * before (one product per image over a stored column matrix); the {@code Recorded} ones what {@code
 * maxPool2d} runs in grad mode (the forward records each window's winner).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-modules=jdk.incubator.vector")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class Conv2d {
  /** Creates an instance. */
  public Conv2d() {}

  /** The element type. */
  @Param({"FLOAT32"})
  public DType dtype;

  /** Compute threads. */
  @Param({"1", "2"})
  public int threads;

  private Kernels k;
  private Tensor x;
  private Tensor w2;
  private Tensor w4;
  private Tensor bias;
  private Tensor col;
  private Tensor y;
  private Tensor gy;
  private Tensor gyRows;
  private Tensor pooledGrad;
  private Tensor colN;
  private Tensor biasRows;
  private Tensor gyPlanes;
  private Pooled pooled;
  private int saved;

  /** Creates inputs and the intermediate tensors the backward benchmarks start from. */
  @Setup
  public void setup() {
    Well19937c rng = new Well19937c(7);
    x = Tensor.rand(rng, dtype, 0, 1, 100, 1, 28, 28);
    w2 = Tensor.randn(rng, dtype, 0, 0.01, 30, 25); // W [30, 1, 5, 5] as rows
    w4 = w2.reshape(30, 1, 5, 5);
    bias = Tensor.zeros(dtype, 30);
    k = x.device().kernels();
    col = k.im2col(x, 5, 5, 1, 0);
    y = convForward();
    gy = Tensor.randn(rng, dtype, 0, 1, 100, 30, 24, 24);
    gyRows = gy.permute(0, 2, 3, 1).reshape(57600, 30);
    pooledGrad = Tensor.randn(rng, dtype, 0, 1, 100, 30, 12, 12);
    colN = col.reshape(100, 576, 25);
    biasRows = bias.reshape(30, 1);
    gyPlanes = gy.reshape(100, 30, 576);
    pooled = k.maxPool2dRecording(y, 2, 2, 2, 0);
    saved = ComputePool.threads();
    ComputePool.setThreads(threads);
  }

  /** Restores the thread count. */
  @TearDown
  public void tearDown() {
    ComputePool.setThreads(saved);
  }

  /**
   * im2col of the input batch: {@code [57600, 25]}.
   *
   * @return the columns
   */
  @Benchmark
  public Tensor im2col() {
    return k.im2col(x, 5, 5, 1, 0);
  }

  /**
   * col2im back to {@code [100, 1, 28, 28]}.
   *
   * @return the images
   */
  @Benchmark
  public Tensor col2im() {
    return k.col2im(col, new int[] {100, 1, 28, 28}, 5, 5, 1, 0);
  }

  /**
   * 2×2 max pooling of the convolution output {@code [100, 30, 24, 24]}.
   *
   * @return the pooled tensor
   */
  @Benchmark
  public Tensor maxPool() {
    return k.maxPool2d(y, 2, 2, 2, 0);
  }

  /**
   * The gradient of 2×2 max pooling.
   *
   * @return the input gradient
   */
  @Benchmark
  public Tensor maxPoolBackward() {
    return k.maxPool2dBackward(y, pooledGrad, 2, 2, 2, 0);
  }

  /**
   * 2×2 max pooling that records each window's winner (what {@code maxPool2d} does in grad mode).
   *
   * @return the pooled output and the winners
   */
  @Benchmark
  public Pooled maxPoolRecording() {
    return k.maxPool2dRecording(y, 2, 2, 2, 0);
  }

  /**
   * The gradient of 2×2 max pooling from the recorded winners (no search of the windows).
   *
   * @return the input gradient
   */
  @Benchmark
  public Tensor maxPoolBackwardRecorded() {
    return k.maxPool2dBackward(y, pooledGrad, 2, 2, 2, 0, pooled);
  }

  /**
   * The device's convolution kernel (what {@code conv2d} runs): on the CPU one image at a time in a
   * cached column buffer, starting from the bias.
   *
   * @return {@code [100, 30, 24, 24]}
   */
  @Benchmark
  public Tensor convKernel() {
    return k.conv2d(x, w4, bias, 1, 0);
  }

  /**
   * The device's fused convolution gradient for the first layer (dW and db; the data takes none).
   *
   * @return dW and db
   */
  @Benchmark
  public Tensor[] convKernelBackward() {
    return k.conv2dBackward(x, w4, gy, 1, 0, false, true, true);
  }

  /**
   * Convolution forward as {@code conv2d} ran it before the fused kernel: im2col, then per image
   * {@code W' · colₙᵀ} starting from the bias (already NCHW), ReLU.
   *
   * @return {@code [100, 30, 576]}
   */
  @Benchmark
  public Tensor convForwardNchw() {
    Tensor c = k.im2col(x, 5, 5, 1, 0).reshape(100, 576, 25);
    return w2.matmulAdd(c, false, true, biasRows).map(UnaryOp.RELU);
  }

  /**
   * Convolution backward as {@code conv2d} ran it before the fused kernel: {@code dW = Σₙ gyₙ ·
   * colₙ} and the bias gradient (the data takes no gradient in the first layer).
   *
   * @return dW and db
   */
  @Benchmark
  public Tensor[] convBackwardNchw() {
    Tensor dw = gyPlanes.matmul(colN).sumTo(30, 25);
    return new Tensor[] {dw, gyPlanes.sumTo(30, 1)};
  }

  /**
   * Convolution forward: im2col, {@code col · Wᵀ}, bias, ReLU, back to NCHW.
   *
   * @return {@code [100, 30, 24, 24]}
   */
  @Benchmark
  public Tensor convForward() {
    Tensor c = k.im2col(x, 5, 5, 1, 0);
    Tensor out = c.matmul(w2, false, true).add(bias).map(UnaryOp.RELU);
    return out.reshape(100, 24, 24, 30).permute(0, 3, 1, 2);
  }

  /**
   * Convolution backward: the gradient to NHWC rows, {@code dW = gyᵀ · col}, {@code dcol = gy · W},
   * col2im.
   *
   * @return the input gradient (dW is computed too)
   */
  @Benchmark
  public Tensor[] convBackward() {
    Tensor rows = gy.permute(0, 2, 3, 1).reshape(57600, 30);
    Tensor dw = rows.matmul(col, true, false);
    Tensor dcol = rows.matmul(w2);
    Tensor dx = k.col2im(dcol, new int[] {100, 1, 28, 28}, 5, 5, 1, 0);
    return new Tensor[] {dw, dx};
  }

  /**
   * The two GEMMs of the backward pass alone.
   *
   * @return dW and dcol
   */
  @Benchmark
  public Tensor[] convBackwardGemms() {
    return new Tensor[] {gyRows.matmul(col, true, false), gyRows.matmul(w2)};
  }
}
