package gradgraph.models.cli;

import gradgraph.core.Scope;
import gradgraph.core.device.Backend;
import gradgraph.core.device.ComputePool;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.DataLoader;
import gradgraph.models.data.Dataset;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.DeepConvNet;
import gradgraph.models.zoo.SimpleConvNet;
import gradgraph.models.zoo.TwoLayerNet;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.commons.math3.random.Well19937c;

/**
 * {@code gradgraph bench --device cuda[:N]}: the same work on the CPU and on a GPU in one run, each
 * the median of several timed runs after a warm-up: SGEMM 1024³ and 4096³, one TwoLayerNet epoch,
 * 100 SimpleConvNet iterations and 50 DeepConvNet iterations (batch 100). GPU times end with {@code
 * Kernels.synchronize()}, and every training step reads its loss back to the host.
 */
final class GpuBench {
  private GpuBench() {}

  private static final int BATCH = 100;

  private static double sink;

  /**
   * Runs the comparison.
   *
   * @param w where the table goes
   * @param gpu the GPU device
   * @param train the training images (60 000 for the full epoch; fewer are scaled up)
   * @param fraction the share of each workload timed, scaled up to the full figure (below 0.05 the
   *     products are 128³ and 256³: a check that everything runs, not a measurement)
   * @param runs timed runs per figure and device
   * @return {@link Main#OK}
   */
  static int run(PrintWriter w, Device gpu, Dataset train, double fraction, int runs) {
    Backend b = Device.backend(gpu.type());
    String why = b == null ? "backend-cuda is not on the class path" : b.unavailableReason();
    if (why != null) {
      throw new CliException(Main.FAILED, "--device: " + gpu + " cannot be used: " + why, null);
    }
    w.println("device: " + b.describe(gpu.index()));
    w.printf(
        Locale.ROOT,
        "cpu: %d compute thread(s), JDK %s; medians of %d runs after warm-up, data %s (%d images)%n",
        ComputePool.threads(),
        Runtime.version(),
        runs,
        train.name(),
        train.size());
    w.printf(Locale.ROOT, "%-46s %10s %10s %9s%n", "workload", "cpu", "gpu", "speed-up");
    w.flush();
    // a tiny fraction only checks that everything runs (e.g. on the CPU emulator of the kernels)
    int[] sizes = fraction < 0.05 ? new int[] {128, 256} : new int[] {1024, 4096};
    for (int n : sizes) {
      double flops = 2.0 * n * n * n;
      double cpu = gemm(Device.CPU, n, Math.max(1, runs / 2));
      double dev = gemm(gpu, n, runs);
      row(
          w,
          "SGEMM " + n + "^3 (float32), GFLOP/s",
          flops / cpu / 1e9,
          flops / dev / 1e9,
          cpu / dev,
          "%10.1f %10.1f");
    }
    int mlpSteps = Math.max(1, (int) Math.round(600 * fraction));
    int cnnIters = Math.max(1, (int) Math.round(100 * fraction));
    int deepIters = Math.max(1, (int) Math.round(50 * fraction));
    Workload[] work = {
      new Workload(
          "TwoLayerNet epoch (60 000, SGD 0.1), s",
          () -> new TwoLayerNet(784, 50, 10, 1),
          "sgd",
          0.1,
          mlpSteps,
          600.0 / mlpSteps),
      new Workload(
          "SimpleConvNet 100 iterations (Adam), s",
          () -> new SimpleConvNet(1),
          "adam",
          0.001,
          cnnIters,
          100.0 / cnnIters),
      new Workload(
          "DeepConvNet 50 iterations (Adam), s",
          () -> new DeepConvNet(1),
          "adam",
          0.001,
          deepIters,
          50.0 / deepIters)
    };
    for (Workload x : work) {
      double cpu = x.seconds(Device.CPU, train, Math.max(1, runs / 2)) * x.scale;
      double dev = x.seconds(gpu, train, runs) * x.scale;
      row(w, x.name, cpu, dev, cpu / dev, "%10.3f %10.3f");
    }
    w.println(
        "(GEMM on the GPU: "
            + b.describe(gpu.index()).replaceFirst(".*GEMM: ", "")
            + "; the models train as the Trainer does, batches assembled on the host)");
    w.flush();
    return Main.OK;
  }

  private static void row(
      PrintWriter w, String name, double cpu, double gpu, double speedUp, String format) {
    w.printf(Locale.ROOT, "%-46s " + format + " %8.1fx%n", name, cpu, gpu, speedUp);
    w.flush();
  }

  /** Median seconds of one 1024³/4096³ float32 product on {@code d}. */
  private static double gemm(Device d, int n, int runs) {
    Well19937c rng = new Well19937c(n);
    Tensor a = Tensor.rand(rng, DType.FLOAT32, -1, 1, n, n).to(d);
    Tensor b = Tensor.rand(rng, DType.FLOAT32, -1, 1, n, n).to(d);
    int reps = d == Device.CPU || n < 1024 ? 1 : n == 1024 ? 50 : 5;
    double[] t = new double[runs];
    for (int r = -1; r < runs; r++) {
      long s = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        Tensor c = a.matmul(b);
        d.kernels().release(c);
      }
      d.kernels().synchronize();
      if (r >= 0) {
        t[r] = (System.nanoTime() - s) / 1e9 / reps;
      }
    }
    return median(t);
  }

  /** One model's training steps, timed per device. */
  private record Workload(
      String name, Supplier<Module> model, String optimizer, double lr, int steps, double scale) {
    double seconds(Device d, Dataset train, int runs) {
      Module m = model.get();
      m.to(d);
      Optimizer opt = Optimizer.create(optimizer, m, lr);
      Trainer trainer = new Trainer().device(d);
      BenchCommand.Batches batches =
          new BenchCommand.Batches(new DataLoader(train, BATCH, true, 1, false).withPrefetch());
      double[] t = new double[runs];
      try (Scope on = Mode.train()) {
        for (int i = 0; i < Math.min(steps, 10); i++) { // warm-up: JIT, PTX loading, allocator
          sink += trainer.step(m, opt, batches.next());
        }
        for (int r = 0; r < runs; r++) {
          long s = System.nanoTime();
          for (int i = 0; i < steps; i++) {
            sink += trainer.step(m, opt, batches.next());
          }
          d.kernels().synchronize();
          t[r] = (System.nanoTime() - s) / 1e9;
        }
      }
      return median(t);
    }
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
