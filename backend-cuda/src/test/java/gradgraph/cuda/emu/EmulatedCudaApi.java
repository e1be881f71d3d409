package gradgraph.cuda.emu;

import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.CudaCallException;
import gradgraph.cuda.driver.KernelArgs;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link CudaApi} whose "device" is {@code src/test/cuda/emulator.cpp}: the real kernel sources
 * compiled for the CPU with g++ and driven over a pipe. Memory, copies and launches go to the
 * emulator; cuBLAS's GEMM is modelled here in Java with cuBLAS's column-major semantics. It checks
 * what the CUDA C computes and everything CudaKernels does around it, but nothing about GPU
 * hardware: no concurrency, no real driver, no real cuBLAS, no speed.
 */
public final class EmulatedCudaApi implements CudaApi {
  private static final Path SOURCE = Path.of("src/test/cuda/emulator.cpp");
  private static final Path BINARY = Path.of("target/cuda-emulator/emulator");

  private final Process process;
  private final BufferedWriter out;
  private final BufferedReader in;
  private final AtomicLong ids = new AtomicLong();

  /**
   * Compiles the emulator when needed and starts it.
   *
   * @throws IllegalStateException when g++ or the emulator source is missing (the probe reports it)
   */
  public EmulatedCudaApi() {
    try {
      compile();
      process = new ProcessBuilder(BINARY.toString()).redirectErrorStream(false).start();
    } catch (IOException e) {
      throw new IllegalStateException("CUDA emulator: cannot build or start it: " + e);
    }
    out =
        new BufferedWriter(
            new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII));
    in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
  }

  private static void compile() throws IOException {
    if (!Files.exists(SOURCE)) {
      throw new IllegalStateException("CUDA emulator: " + SOURCE.toAbsolutePath() + " not found");
    }
    if (Files.exists(BINARY) && Files.getLastModifiedTime(BINARY).compareTo(newestSource()) > 0) {
      return;
    }
    Files.createDirectories(BINARY.getParent());
    Process p =
        new ProcessBuilder(
                "g++",
                "-O2",
                "-std=c++20",
                "-pthread",
                "-w",
                "-o",
                BINARY.toString(),
                SOURCE.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(300, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("CUDA emulator: g++ failed:\n" + log);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("CUDA emulator: interrupted while compiling");
    }
  }

  private static java.nio.file.attribute.FileTime newestSource() throws IOException {
    java.nio.file.attribute.FileTime t = Files.getLastModifiedTime(SOURCE);
    try (var s = Files.list(Path.of("src/main/cuda"))) {
      for (Path p : s.toList()) {
        java.nio.file.attribute.FileTime m = Files.getLastModifiedTime(p);
        if (m.compareTo(t) > 0) {
          t = m;
        }
      }
    }
    return t;
  }

  private synchronized String call(String command) {
    try {
      out.write(command);
      out.write('\n');
      out.flush();
      String reply = in.readLine();
      if (reply == null) {
        throw new CudaCallException("emulator", 999, "emulator exited", false);
      }
      if (reply.startsWith("err")) {
        throw new CudaCallException("emulator: " + command.split(" ")[0], 999, reply, false);
      }
      return reply;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long id(Ptr p) {
    return (Long) p.handle();
  }

  private static String hex(double v) {
    return Double.toHexString(v);
  }

  private static double parse(String s) {
    return switch (s) {
      case "nan", "-nan" -> Double.NaN;
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  @Override
  public void init() {}

  @Override
  public int driverVersion() {
    return 12040;
  }

  @Override
  public int deviceCount() {
    return 1;
  }

  @Override
  public String deviceName(int device) {
    return "Gradgraph CPU emulator of the CUDA kernels (not a GPU)";
  }

  @Override
  public long deviceTotalMemory(int device) {
    return 1L << 30;
  }

  @Override
  public int deviceAttribute(int device, int attribute) {
    return switch (attribute) {
      case Attributes.MAX_GRID_DIM_X -> Integer.MAX_VALUE;
      case Attributes.MULTIPROCESSOR_COUNT -> 2;
      case Attributes.COMPUTE_CAPABILITY_MAJOR -> 7;
      case Attributes.COMPUTE_CAPABILITY_MINOR -> 5;
      default -> 0;
    };
  }

  @Override
  public Context retainPrimaryContext(int device) {
    return new Context("emulator", device);
  }

  @Override
  public void setCurrent(Context context) {}

  @Override
  public Ptr memAlloc(long bytes) {
    long id = ids.incrementAndGet();
    call("alloc " + id + " " + bytes);
    return new Ptr(id, bytes);
  }

  @Override
  public void memFree(Ptr p) {
    call("free " + id(p));
  }

  @Override
  public void memZero(Ptr p, long bytes, Stream stream) {
    call("zero " + id(p) + " " + bytes);
  }

  @Override
  public void copyHtoD(Ptr dst, float[] src, int count, Stream stream) {
    StringBuilder sb = new StringBuilder("write " + id(dst) + " f " + count);
    for (int i = 0; i < count; i++) {
      sb.append(' ').append(hex(src[i]));
    }
    call(sb.toString());
  }

  @Override
  public void copyHtoD(Ptr dst, double[] src, int count, Stream stream) {
    StringBuilder sb = new StringBuilder("write " + id(dst) + " d " + count);
    for (int i = 0; i < count; i++) {
      sb.append(' ').append(hex(src[i]));
    }
    call(sb.toString());
  }

  @Override
  public void copyHtoD(Ptr dst, int[] src, int count, Stream stream) {
    StringBuilder sb = new StringBuilder("write " + id(dst) + " i " + count);
    for (int i = 0; i < count; i++) {
      sb.append(' ').append(src[i]);
    }
    call(sb.toString());
  }

  private String[] read(Ptr src, String kind, int count) {
    String reply = call("read " + id(src) + " " + kind + " " + count);
    return reply.isEmpty() ? new String[0] : reply.split(" ");
  }

  @Override
  public void copyDtoH(float[] dst, Ptr src, int count, Stream stream) {
    String[] v = read(src, "f", count);
    for (int i = 0; i < count; i++) {
      dst[i] = (float) parse(v[i]);
    }
  }

  @Override
  public void copyDtoH(double[] dst, Ptr src, int count, Stream stream) {
    String[] v = read(src, "d", count);
    for (int i = 0; i < count; i++) {
      dst[i] = parse(v[i]);
    }
  }

  @Override
  public void copyDtoH(int[] dst, Ptr src, int count, Stream stream) {
    String[] v = read(src, "i", count);
    for (int i = 0; i < count; i++) {
      dst[i] = Integer.parseInt(v[i]);
    }
  }

  @Override
  public void copyDtoD(Ptr dst, long dstOffset, Ptr src, long srcOffset, long bytes, Stream s) {
    call("copy " + id(dst) + " " + dstOffset + " " + id(src) + " " + srcOffset + " " + bytes);
  }

  @Override
  public Module loadModule(String name, String ptx) {
    if (!ptx.contains(".version 7.8")) {
      throw new CudaCallException(
          "cuModuleLoadData", CudaCallException.UNSUPPORTED_PTX_VERSION, "bad header", false);
    }
    return new Module(name, name);
  }

  @Override
  public Function function(Module module, String name) {
    return new Function(name, name);
  }

  @Override
  public void launch(
      Function f, int gridX, int blockX, int sharedBytes, Stream stream, KernelArgs args) {
    StringBuilder sb =
        new StringBuilder(
            "launch " + f.name() + " " + gridX + " " + blockX + " " + args.list().size());
    for (KernelArgs.Arg a : args.list()) {
      sb.append(' ');
      switch (a.kind()) {
        case POINTER -> sb.append("p:").append(a.value() == null ? "null" : id((Ptr) a.value()));
        case INT -> sb.append("i:").append(a.value());
        case LONG -> sb.append("l:").append(a.value());
        case DOUBLE -> sb.append("d:").append(hex((Double) a.value()));
        case INT_STRUCT -> {
          sb.append("s:");
          int[] v = (int[]) a.value();
          for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
          }
        }
      }
    }
    call(sb.toString());
  }

  @Override
  public Stream createStream() {
    return new Stream("emulator");
  }

  @Override
  public void synchronize(Stream stream) {}

  @Override
  public Blas createBlas(Stream stream) {
    return new Blas("emulator");
  }

  // cuBLAS semantics: C_i (column-major m×n, ldc) = alpha·op(A_i)·op(B_i) + beta·C_i.
  @Override
  public void gemmStridedBatched(
      Blas blas,
      boolean doublePrecision,
      boolean transA,
      boolean transB,
      int m,
      int n,
      int k,
      double alpha,
      Ptr a,
      int lda,
      long strideA,
      Ptr b,
      int ldb,
      long strideB,
      double beta,
      Ptr c,
      int ldc,
      long strideC,
      int batch) {
    int bytes = doublePrecision ? 8 : 4;
    double[] av = readAll(a, bytes, doublePrecision);
    double[] bv = readAll(b, bytes, doublePrecision);
    double[] cv = readAll(c, bytes, doublePrecision);
    for (int bi = 0; bi < batch; bi++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double acc = 0;
          for (int p = 0; p < k; p++) {
            double x =
                transA
                    ? av[(int) (bi * strideA) + p + i * lda]
                    : av[(int) (bi * strideA) + i + p * lda];
            double y =
                transB
                    ? bv[(int) (bi * strideB) + j + p * ldb]
                    : bv[(int) (bi * strideB) + p + j * ldb];
            acc += x * y;
          }
          int at = (int) (bi * strideC) + i + j * ldc;
          cv[at] = alpha * acc + (beta == 0 ? 0 : beta * cv[at]);
        }
      }
    }
    if (doublePrecision) {
      copyHtoD(c, cv, cv.length, null);
    } else {
      float[] f = new float[cv.length];
      for (int i = 0; i < f.length; i++) {
        f[i] = (float) cv[i];
      }
      copyHtoD(c, f, f.length, null);
    }
  }

  private double[] readAll(Ptr p, int bytes, boolean dbl) {
    int n = (int) (p.bytes() / bytes);
    double[] out = new double[n];
    if (dbl) {
      copyDtoH(out, p, n, null);
    } else {
      float[] f = new float[n];
      copyDtoH(f, p, n, null);
      for (int i = 0; i < n; i++) {
        out[i] = f[i];
      }
    }
    return out;
  }
}
