package gradgraph.models.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.device.ComputePool;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.Batch;
import gradgraph.models.data.DataLoader;
import gradgraph.models.data.DataNotFoundException;
import gradgraph.models.data.DataOptions;
import gradgraph.models.data.Dataset;
import gradgraph.models.data.FashionMnist;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.Trainer;
import gradgraph.models.zoo.LstmLanguageModel;
import gradgraph.models.zoo.SimpleConvNet;
import gradgraph.models.zoo.TwoLayerNet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.DoubleSupplier;
import org.apache.commons.math3.random.Well19937c;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gradgraph bench}: the CPU-speed figures (the project's speed targets), each the median of
 * several timed runs after a warm-up, as a table and optionally as one JSON object. GEMM figures
 * run on one and two compute threads as named; the model figures on {@code --threads} (default 1).
 * The careful per-kernel measurements are the JMH benchmarks of the benchmarks module.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures the CPU performance figures: SGEMM 1024^3 on 1 and 2 threads, SGEMM"
          + " (100x784)(784x100) and (100x100)(100x10) on 1 thread, one TwoLayerNet epoch"
          + " (784-50-10, SGD 0.1, batch 100, 60 000 examples), 100 SimpleConvNet iterations"
          + " (Adam 0.001, batch 100), one training step of the sequel's 2-layer 650-unit LSTM"
          + " language model (35 steps, batch 20, random ids) and the apple-orange graph forward +"
          + " backward. Each figure"
          + " is the median of several timed runs (wall clock) after a warm-up. The models train"
          + " on Fashion-MNIST when it is present (never downloaded), else on random data of the"
          + " same shapes; the output says which."
    })
final class BenchCommand implements Callable<Integer> {
  /** The keys of the JSON object, in order. */
  static final String[] JSON_KEYS = {
    "gemm_1024_gflops",
    "gemm_1024_2t_gflops",
    "gemm_100x784x100_gflops",
    "gemm_100x100x10_gflops",
    "mlp_epoch_s",
    "cnn_100iter_s",
    "lstm_lm_step_s",
    "apple_graph_us",
    "jdk",
    "threads",
    "gemm_path",
    "data"
  };

  private static final int EPOCH = 60_000;
  private static final int BATCH = 100;
  private static final int CNN_ITERATIONS = 100;

  @Spec CommandSpec spec;

  @Option(
      names = "--quick",
      description =
          "Fewer and shorter runs (under a minute): a fifth of the MLP epoch and 20 CNN"
              + " iterations, scaled up to the full figures.")
  boolean quick;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the figures as JSON.")
  Path json;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Compute threads of the MLP and CNN figures (default: ${DEFAULT-VALUE}; the GEMM"
              + " figures use 1 and 2 as named).")
  int threads;

  @Option(
      names = "--data",
      defaultValue = "auto",
      description =
          "auto (Fashion-MNIST when present, else random), fashion-mnist or random (default:"
              + " ${DEFAULT-VALUE}).")
  String data;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Directory holding the Fashion-MNIST IDX files.")
  Path dataDir;

  @Option(
      names = "--runs",
      paramLabel = "N",
      description =
          "Timed runs per figure (default: GEMM and apple graph 9, MLP 7, CNN and LSTM 5;"
              + " --quick: 7, 3, 3).")
  Integer runs;

  @Option(
      names = "--fraction",
      paramLabel = "F",
      description =
          "Fraction of the MLP epoch and of the 100 CNN iterations each run times, scaled up"
              + " (default: 1; --quick: 0.2).")
  Double fraction;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description =
          "cpu (default: the CPU figures) or cuda[:N]: the same work on the CPU and on that GPU in"
              + " one run (SGEMM 1024^3 and 4096^3, a TwoLayerNet epoch, 100 SimpleConvNet and"
              + " 50 DeepConvNet iterations) with the speed-up.")
  String device;

  private double sink;

  @Override
  public Integer call() throws IOException {
    Errors.check(threads >= 1, "--threads", "N", "must be at least 1, got " + threads);
    if (json != null) {
      try {
        gradgraph.core.io.AtomicFiles.checkWritable(json); // before minutes of measuring
      } catch (IOException e) {
        throw CliException.about("--json", e);
      }
    }
    Errors.check(runs == null || runs >= 1, "--runs", "N", "must be at least 1, got " + runs);
    Errors.check(
        fraction == null || (fraction > 0 && fraction <= 1),
        "--fraction",
        "F",
        "must be in (0, 1], got " + fraction);
    String dataMode = data.toLowerCase(Locale.ROOT);
    Errors.check(
        dataMode.equals("auto") || dataMode.equals("fashion-mnist") || dataMode.equals("random"),
        "--data",
        "name",
        "'" + data + "' is not one of auto, fashion-mnist, random");
    int timedRuns = runs != null ? runs : quick ? 3 : 7;
    int microRuns = runs != null ? runs : quick ? 7 : 9;
    int cnnRuns = runs != null ? runs : quick ? 3 : 5;
    double frac = fraction != null ? fraction : quick ? 0.2 : 1.0;
    double warmS = quick ? 0.4 : 1.5;
    PrintWriter w = spec.commandLine().getOut();

    // data first, so that a missing --data-dir fails before minutes of measuring
    int examples = Math.max(BATCH, (int) Math.round(EPOCH * frac / BATCH) * BATCH);
    int cnnIters = Math.max(1, (int) Math.round(CNN_ITERATIONS * frac));
    Device dev = Device.parse(device);
    Dataset train = loadData(dataMode, examples);
    if (dev != Device.CPU) {
      int before = ComputePool.threads();
      ComputePool.setThreads(threads);
      try {
        return GpuBench.run(
            spec.commandLine().getOut(), dev, train, frac, runs != null ? runs : quick ? 3 : 5);
      } finally {
        ComputePool.setThreads(before);
      }
    }
    String dataName = train.name().startsWith("random") ? "random" : "fashion-mnist";

    String jdk = Runtime.version().toString();
    String vendor = System.getProperty("java.vm.vendor", "");
    String path = gemmPath(ComputePool.gemmKernel());
    w.printf(
        Locale.ROOT,
        "gradgraph bench%s: JDK %s (%s), GEMM kernel %s, %d cores, load average %s%n",
        quick ? " --quick" : "",
        jdk,
        vendor,
        path,
        Runtime.getRuntime().availableProcessors(),
        loadAverage());
    w.printf(
        Locale.ROOT,
        "models on %d thread%s, data: %s; medians (wall clock) after warm-up of %d runs (MLP %d,"
            + " CNN %d)%n",
        threads,
        threads == 1 ? "" : "s",
        dataName.equals("fashion-mnist")
            ? "Fashion-MNIST (" + train.size() + " training images)"
            : dataMode.equals("random")
                ? "random images of Fashion-MNIST's shapes (--data random)"
                : "random images of Fashion-MNIST's shapes (Fashion-MNIST not found)",
        microRuns,
        timedRuns,
        cnnRuns);
    if (frac < 1) {
      w.printf(
          Locale.ROOT,
          "scaled: each MLP run times %d of 60 000 examples, each CNN run %d of 100 iterations%n",
          examples,
          cnnIters);
    }
    w.flush();

    growHeap(quick ? 2 : 8);
    int before = ComputePool.threads();
    double g1024;
    double g1024t2;
    double g784;
    double g10;
    double mlp;
    double cnn;
    double lstm;
    double apple;
    double appleAfter;
    try {
      // kernels and the engine first, while their call sites have seen only their own work (as
      // in JMH's fresh JVM per benchmark); the apple graph again at the end, after training
      g1024 = gemm(1024, 1024, 1024, 1, warmS, microRuns);
      g1024t2 = gemm(1024, 1024, 1024, 2, warmS, microRuns);
      g784 = gemm(100, 784, 100, 1, warmS, microRuns);
      g10 = gemm(100, 100, 10, 1, warmS, microRuns);
      ComputePool.setThreads(1);
      apple = appleGraph(warmS, microRuns);
      ComputePool.setThreads(threads);
      // warm-ups long enough for the JIT to settle and the heap to reach its working size (the
      // first epochs of a run also pay page faults while the JVM grows its young generation)
      mlp = mlpEpoch(train, quick ? 300 : 2400, timedRuns) * EPOCH / train.size();
      cnn = cnnIterations(train, quick ? 5 : 40, cnnIters, cnnRuns) * CNN_ITERATIONS / cnnIters;
      lstm = lstmStep(quick ? 1 : 3, cnnRuns);
      ComputePool.setThreads(1);
      appleAfter = appleGraph(warmS / 2, microRuns);
    } finally {
      ComputePool.setThreads(before);
    }

    String cnnTarget = threads >= 2 ? "<= 1.3 s (2 threads)" : "<= 1.8 s";
    w.println();
    w.printf(Locale.ROOT, "%-48s %-14s %-24s %s%n", "figure", "median", "target", "");
    row(w, "SGEMM 1024^3, 1 thread", g1024, "GFLOP/s", ">= 85", g1024 >= 85);
    row(w, "SGEMM 1024^3, 2 threads", g1024t2, "GFLOP/s", ">= 150 (quiet machine)", g1024t2 >= 150);
    row(w, "SGEMM (100x784)(784x100), 1 thread", g784, "GFLOP/s", ">= 70", g784 >= 70);
    row(w, "SGEMM (100x100)(100x10), 1 thread", g10, "GFLOP/s", ">= 30", g10 >= 30);
    row(
        w,
        "TwoLayerNet epoch (60 000, SGD, batch 100), " + threads + "t",
        mlp,
        "s",
        "<= 0.20 s",
        mlp <= 0.20);
    row(
        w,
        "SimpleConvNet 100 iterations (Adam), " + threads + "t",
        cnn,
        "s",
        cnnTarget,
        threads >= 2 ? cnn <= 1.3 : cnn <= 1.8);
    row(
        w,
        "LSTM LM step (2x650, T 35, batch 20), " + threads + "t",
        lstm,
        "s",
        "<= 1.5 s",
        lstm <= 1.5);
    row(w, "apple-orange graph forward + backward", apple, "us", "<= 1 us", apple <= 1);
    w.printf(
        Locale.ROOT,
        "(the apple graph again after the model figures, in the same JVM: %.3g us)%n",
        appleAfter);
    w.println(
        "(the LSTM target is 2x PyTorch 1.13's 0.73-0.75 s for the same step on one thread of the"
            + " 2-vCPU development machine: benchmarks/pytorch/lstm_lm_step.py)");
    w.println(
        "(the model figures train as the Trainer does: the data loader assembles the next batch on"
            + " a background thread, not a compute thread)");
    w.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    w.flush();

    if (json != null) {
      gradgraph.core.io.AtomicFiles.write(
          json,
          os ->
              writeJson(
                  os,
                  new double[] {g1024, g1024t2, g784, g10, mlp, cnn, lstm, apple},
                  jdk,
                  threads,
                  path,
                  dataName));
      w.println("wrote " + json);
    }
    w.flush();
    return Main.OK;
  }

  private static void writeJson(
      OutputStream os, double[] figures, String jdk, int threads, String path, String dataName)
      throws IOException {
    try (JsonGenerator g = new JsonFactory().createGenerator(os, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET); // AtomicFiles closes the stream
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      for (int i = 0; i < figures.length; i++) {
        g.writeNumberField(JSON_KEYS[i], round(figures[i]));
      }
      int k = figures.length;
      g.writeStringField(JSON_KEYS[k], jdk);
      g.writeNumberField(JSON_KEYS[k + 1], threads);
      g.writeStringField(JSON_KEYS[k + 2], path);
      g.writeStringField(JSON_KEYS[k + 3], dataName);
      g.writeEndObject();
    }
  }

  private static double round(double v) {
    // four significant digits: enough for noisy timings, readable JSON
    if (v == 0 || !Double.isFinite(v)) {
      return v;
    }
    double scale = Math.pow(10, 3 - (int) Math.floor(Math.log10(Math.abs(v))));
    return Math.round(v * scale) / scale;
  }

  private static void row(
      PrintWriter w, String name, double value, String unit, String target, boolean met) {
    String v = String.format(Locale.ROOT, "%.3g %s", value, unit);
    w.printf(Locale.ROOT, "%-48s %-14s %-24s %s%n", name, v, target, met ? "met" : "not met");
  }

  private static String loadAverage() {
    double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
  }

  /** Fashion-MNIST's first {@code n} training images, or {@code n} random images. */
  private Dataset loadData(String mode, int n) throws IOException {
    if (!mode.equals("random")) {
      try {
        DataOptions o = DataOptions.defaults().withDownload(false).withProgress(null);
        if (dataDir != null) {
          o = o.withDataDir(dataDir);
        }
        Dataset d = FashionMnist.load(o).train();
        return n < d.size() ? d.take(n) : d;
      } catch (DataNotFoundException e) {
        if (mode.equals("fashion-mnist")) {
          throw e;
        }
      }
    }
    Well19937c rng = new Well19937c(7);
    Tensor x = Tensor.rand(rng, DType.FLOAT32, 0, 1, n, 1, 28, 28);
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rng.nextInt(10);
    }
    return new Dataset("random", x, labels, 10);
  }

  /**
   * Lets the JVM grow its young generation to its working size before anything is timed, by
   * allocating short-lived arrays until the eden space has stopped growing over three collections
   * (or {@code maxSeconds} have passed). While it grows, every fresh page costs a page fault, and
   * allocation-heavy small figures (the apple graph, the small products) measured 4–20× slower
   * during the first seconds of a run than after them.
   */
  private void growHeap(double maxSeconds) {
    java.lang.management.MemoryPoolMXBean eden = null;
    for (var pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getName().contains("Eden")) {
        eden = pool;
      }
    }
    if (eden == null) {
      return;
    }
    long end = System.nanoTime() + (long) (maxSeconds * 1e9);
    long size = eden.getUsage().getCommitted();
    int steady = 0;
    long collections = gcCount();
    while (steady < 3 && System.nanoTime() < end) {
      for (int i = 0; i < 1024; i++) {
        sink += new byte[64 * 1024].length;
      }
      long c = gcCount();
      if (c != collections) {
        collections = c;
        long now = eden.getUsage().getCommitted();
        steady = now > size ? 0 : steady + 1;
        size = Math.max(size, now);
      }
    }
  }

  private static long gcCount() {
    long n = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  /** Runs {@code body} until {@code seconds} have passed (at least twice). */
  private void warm(double seconds, DoubleSupplier body) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    int i = 0;
    while (i < 2 || System.nanoTime() < end) {
      sink += body.getAsDouble();
      i++;
    }
  }

  /**
   * The median time in seconds of one call of {@code body}: each run repeats it enough times to
   * last about {@code runS} seconds.
   */
  private double medianSeconds(double warmS, int runs, DoubleSupplier body) {
    warm(warmS, body);
    long t0 = System.nanoTime();
    sink += body.getAsDouble();
    double one = Math.max((System.nanoTime() - t0) / 1e9, 1e-7);
    double runS = quick ? 0.05 : 0.2;
    int reps = (int) Math.max(1, Math.min(1_000_000, Math.ceil(runS / one)));
    double[] t = new double[runs];
    for (int r = 0; r < runs; r++) {
      long s = System.nanoTime();
      for (int i = 0; i < reps; i++) {
        sink += body.getAsDouble();
      }
      t[r] = (System.nanoTime() - s) / 1e9 / reps;
    }

    return median(t);
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** SGEMM {@code (m×k)·(k×n)} on {@code t} threads, GFLOP/s. */
  private double gemm(int m, int k, int n, int t, double warmS, int runs) {
    ComputePool.setThreads(t);
    Well19937c rng = new Well19937c(m * 31L + k * 7L + n);
    Tensor a = Tensor.rand(rng, DType.FLOAT32, -1, 1, m, k);
    Tensor b = Tensor.rand(rng, DType.FLOAT32, -1, 1, k, n);
    double s = medianSeconds(warmS, runs, () -> a.matmul(b).shape()[1]);
    return 2.0 * m * k * n / s / 1e9;
  }

  /** The {@code gemm_path} value for a kernel name. */
  static String gemmPath(String kernel) {
    switch (kernel) {
      case "vector":
        return "vector-api";
      case "native":
        return "native-blas";
      default:
        return kernel;
    }
  }

  /** Median seconds of one epoch over {@code train} (TwoLayerNet 784-50-10, SGD 0.1). */
  private double mlpEpoch(Dataset train, int warmSteps, int runs) {
    Module model = new TwoLayerNet(784, 50, 10, 1);
    Optimizer opt = Optimizer.create("sgd", model, 0.1);
    DataLoader loader = new DataLoader(train, BATCH, true, 1, false).withPrefetch();
    Batches warmUp = new Batches(loader);
    Trainer trainer = new Trainer();
    double[] t = new double[runs];
    try (Scope on = Mode.train()) {
      for (int i = 0; i < warmSteps; i++) {
        sink += trainer.step(model, opt, warmUp.next());
      }
      for (int r = 0; r < runs; r++) {
        long s = System.nanoTime();
        for (Batch b : loader.epoch(1000 + r)) {
          sink += trainer.step(model, opt, b);
        }
        t[r] = (System.nanoTime() - s) / 1e9;
      }
    }
    return median(t);
  }

  /** Median seconds of {@code iters} SimpleConvNet iterations (Adam 0.001, batch 100). */
  private double cnnIterations(Dataset train, int warmIters, int iters, int runs) {
    Module model = new SimpleConvNet(1);
    Optimizer opt = Optimizer.create("adam", model, 0.001);
    Batches batches = new Batches(new DataLoader(train, BATCH, true, 2, false).withPrefetch());
    Trainer trainer = new Trainer();
    double[] t = new double[runs];
    try (Scope on = Mode.train()) {
      for (int i = 0; i < warmIters; i++) {
        sink += trainer.step(model, opt, batches.next());
      }
      for (int r = 0; r < runs; r++) {
        long s = System.nanoTime();
        for (int i = 0; i < iters; i++) {
          sink += trainer.step(model, opt, batches.next());
        }
        t[r] = (System.nanoTime() - s) / 1e9;
      }
    }
    return median(t);
  }

  /**
   * Median seconds of one training step of the sequel's LSTM language model at the Penn Treebank
   * medium size (vocabulary 10 000, 2 layers of 650, 35 steps, batch 20; SGD 1.0, gradient norm
   * clipped at 0.25) on random ids, as the JMH benchmark {@code LstmLmStep} times it.
   */
  private double lstmStep(int warmSteps, int runs) {
    int n = 20;
    int t = 35;
    LstmLanguageModel model =
        new LstmLanguageModel(new LstmLanguageModel.Config(10_000, 650, 650, 2, 0, 1));
    Optimizer opt = Optimizer.create("sgd", model, 1.0).clipGradNorm(0.25);
    Well19937c rng = new Well19937c(3);
    int[] xs = new int[n * t];
    int[] ts = new int[n * t];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = rng.nextInt(10_000);
      ts[i] = rng.nextInt(10_000);
    }
    DoubleSupplier step =
        () -> {
          opt.clearGrads();
          Variable loss = model.loss(xs, ts, n, t);
          loss.backward();
          opt.step();
          return loss.item();
        };
    double[] s = new double[runs];
    try (Scope on = Mode.train()) {
      for (int i = 0; i < warmSteps; i++) {
        sink += step.getAsDouble();
      }
      for (int r = 0; r < runs; r++) {
        long t0 = System.nanoTime();
        sink += step.getAsDouble();
        s[r] = (System.nanoTime() - t0) / 1e9;
      }
    }
    return median(s);
  }

  /** The batches of a loader, epoch after epoch. */
  static final class Batches {
    private final DataLoader loader;
    private int epoch;
    private Iterator<Batch> it;

    Batches(DataLoader loader) {
      this.loader = loader;
      this.it = loader.epoch(0).iterator();
    }

    Batch next() {
      if (!it.hasNext()) {
        it = loader.epoch(++epoch).iterator();
      }
      return it.next();
    }
  }

  /** Median microseconds of the apple-orange graph's forward and backward (graph-core ops). */
  private double appleGraph(double warmS, int runs) {
    Tensor apple = Tensor.scalar(100);
    Tensor appleCount = Tensor.scalar(2);
    Tensor orange = Tensor.scalar(150);
    Tensor orangeCount = Tensor.scalar(3);
    Tensor tax = Tensor.scalar(1.1);
    DoubleSupplier graph =
        () -> {
          Variable a = new Variable(apple, "apple");
          Variable ac = new Variable(appleCount, "apple count");
          Variable o = new Variable(orange, "orange");
          Variable oc = new Variable(orangeCount, "orange count");
          Variable t = new Variable(tax, "tax");
          Variable price = a.mul(ac).add(o.mul(oc)).mul(t);
          price.backward();
          return price.item() + a.grad().item() + t.grad().item();
        };
    return medianSeconds(warmS, runs, graph) * 1e6;
  }
}
