package gradgraph.cuda.bench;

import gradgraph.core.device.Backend;
import gradgraph.core.device.Device;
import gradgraph.core.device.Kernels;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.cuda.CudaKernels;
import gradgraph.cuda.CudaScope;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.commons.math3.random.Well19937c;

/**
 * Times the same work on the CPU and on {@code cuda:0}: GEMM of several shapes in float32 and
 * float64, one training step of a 784-100-10 MLP (forward, backward, SGD) and one convolution layer
 * (im2col, GEMM, max pooling, and their backward), batch 100. Reports the median of several runs
 * after warm-up; GPU times wait for the device to finish. Without a usable GPU it prints why and
 * exits.
 *
 * <p>Run: {@code java -cp <backend-cuda and its dependencies> gradgraph.cuda.bench.CudaBenchmark
 * [reps] [--small]}; {@code --small} shrinks every workload to check that it runs, not to time it.
 * No figure it prints was measured by the authors: the machines it was written on have no GPU.
 */
public final class CudaBenchmark {
  private CudaBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param args optional repetition count (default 10), then optionally {@code --small}
   */
  public static void main(String[] args) {
    run(args, System.out);
  }

  /**
   * Runs the benchmark, printing to {@code out}.
   *
   * @param args optional repetition count, then optionally {@code --small}
   * @param out where to print
   * @return 0 when it ran, 1 when no GPU could be used
   */
  public static int run(String[] args, PrintStream out) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    boolean small = args.length > 1 && args[1].equals("--small");
    Backend b = Device.backend("cuda");
    String why = b == null ? "backend-cuda is not on the class path" : b.unavailableReason();
    if (why != null) {
      out.println("cuda benchmark: no usable GPU: " + why);
      return 1;
    }
    Device gpu = Device.cuda(0);
    out.println("device: " + b.describe(0));
    out.printf(Locale.ROOT, "%-34s %12s %12s %9s%n", "workload", "cpu ms", "cuda ms", "speed-up");
    int[][] gemms =
        small
            ? new int[][] {{16, 16, 16}, {5, 78, 10}}
            : new int[][] {
              {1024, 1024, 1024}, {2048, 2048, 2048}, {100, 784, 100}, {14400, 800, 64}
            };
    int batch = small ? 2 : 100;
    for (DType dt : DType.values()) {
      for (int[] g : gemms) {
        String name = "gemm " + g[0] + "x" + g[1] + "x" + g[2] + " " + dt;
        row(out, name, reps, dev -> gemm(dev, dt, g), 2.0 * g[0] * g[1] * g[2]);
      }
    }
    row(out, "mlp 784-100-10 step, batch " + batch, reps, dev -> mlpStep(dev, batch), 0);
    row(out, "conv 30x5x5 + pool, batch " + batch, reps, dev -> convStep(dev, batch), 0);
    return 0;
  }

  /** Prepares inputs on a device and returns one step; a step returns the tensors to keep. */
  private interface Work {
    Supplier<Tensor[]> prepare(Device d);
  }

  private static void row(PrintStream out, String name, int reps, Work work, double flops) {
    double cpu = median(Device.CPU, work, Math.max(3, reps / 3));
    double gpu = median(Device.cuda(0), work, reps);
    out.printf(
        Locale.ROOT,
        "%-34s %12.3f %12.3f %8.1fx%s%n",
        name,
        cpu,
        gpu,
        cpu / gpu,
        flops > 0
            ? String.format(
                Locale.ROOT, "   (%.1f / %.1f GFLOP/s)", flops / cpu / 1e6, flops / gpu / 1e6)
            : "");
  }

  private static double median(Device d, Work work, int reps) {
    Supplier<Tensor[]> step = work.prepare(d);
    double[] ms = new double[reps];
    for (int i = -3; i < reps; i++) {
      // Each step's temporaries go back to the allocator when its scope closes.
      try (CudaScope scope = CudaScope.open()) {
        long t0 = System.nanoTime();
        Tensor[] keep = step.get();
        sync(keep[0]);
        if (i >= 0) {
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
        scope.keep(keep);
      }
    }
    Arrays.sort(ms);
    return ms[reps / 2];
  }

  private static void sync(Tensor t) {
    if (t.device().kernels() instanceof CudaKernels c) {
      c.synchronize();
    }
  }

  private static Tensor rnd(Device d, DType dt, long seed, int... shape) {
    return Tensor.rand(new Well19937c(seed), dt, -1, 1, shape).to(d);
  }

  private static Supplier<Tensor[]> gemm(Device d, DType dt, int[] g) {
    Tensor a = rnd(d, dt, 1, g[0], g[1]);
    Tensor b = rnd(d, dt, 2, g[1], g[2]);
    return () -> new Tensor[] {a.matmul(b)};
  }

  // Forward, backward and an SGD update of a two-layer ReLU network with a softmax loss.
  private static Supplier<Tensor[]> mlpStep(Device d, int batch) {
    DType f = DType.FLOAT32;
    Tensor x = rnd(d, f, 3, batch, 784);
    Tensor[] w = {rnd(d, f, 4, 784, 100).mul(0.05), rnd(d, f, 5, 100, 10).mul(0.1)};
    Tensor onehot = Tensor.zeros(f, batch, 10).add(0.1).to(d);
    Kernels k = d.kernels();
    return () -> {
      Tensor h = x.matmul(w[0]).map(UnaryOp.RELU);
      Tensor p = k.softmax(h.matmul(w[1]), 1, false);
      Tensor gy = p.sub(onehot).mul(0.01);
      Tensor gw1 = h.matmul(gy, true, false);
      Tensor gh = gy.matmul(w[1], false, true).mul(h.map(UnaryOp.GT_SCALAR, 0));
      Tensor gw0 = x.matmul(gh, true, false);
      w[0] = w[0].sub(gw0.mul(0.1));
      w[1] = w[1].sub(gw1.mul(0.1));
      return w.clone();
    };
  }

  // The book's SimpleConvNet first layer: conv 30 filters 5x5 on 1x28x28, ReLU, 2x2 max pooling.
  private static Supplier<Tensor[]> convStep(Device d, int n) {
    DType f = DType.FLOAT32;
    Tensor x = rnd(d, f, 6, n, 1, 28, 28);
    Tensor w = rnd(d, f, 7, 25, 30).mul(0.1);
    Kernels k = d.kernels();
    return () -> {
      Tensor col = k.im2col(x, 5, 5, 1, 0);
      Tensor y = col.matmul(w).map(UnaryOp.RELU).reshape(n, 24, 24, 30).permute(0, 3, 1, 2);
      Tensor pooled = k.maxPool2d(y, 2, 2, 2, 0);
      Tensor gy = k.maxPool2dBackward(y, pooled, 2, 2, 2, 0);
      Tensor gcol = gy.permute(0, 2, 3, 1).reshape(n * 24 * 24, 30).matmul(w, false, true);
      Tensor gw = col.matmul(gy.permute(0, 2, 3, 1).reshape(n * 24 * 24, 30), true, false);
      return new Tensor[] {k.col2im(gcol, new int[] {n, 1, 28, 28}, 5, 5, 1, 0), gw};
    };
  }
}
