package gradgraph.core.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every GEMM kernel against the naive oracle over a sweep of shapes, transposes and dtypes. */
class GemmTest {
  private static final int[] DIMS = {1, 7, 13, 33, 100, 257};

  static Stream<Arguments> kernels() {
    List<Arguments> k = new ArrayList<>();
    k.add(Arguments.of(CpuGemm.select("vector", true)));
    k.add(Arguments.of(CpuGemm.select("java", false)));
    if (nativeBlas() != null) {
      k.add(Arguments.of(nativeBlas()));
    }
    return k.stream();
  }

  /** Whether auto selection takes the system BLAS here. */
  static boolean nativeAuto() {
    try {
      NativeGemm.load(true);
      return true;
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  /** The system BLAS when one loads here (libopenblas0 installed), else null. */
  static GemmKernel nativeBlas() {
    try {
      return CpuGemm.select("native", true);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The oracle: C = op(A) · op(B), accumulated in double; also returns Σ|a·b| per element. */
  static double[][] oracle(double[] a, boolean ta, double[] b, boolean tb, int m, int n, int k) {
    double[] c = new double[m * n];
    double[] mag = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        double s = 0;
        double g = 0;
        for (int p = 0; p < k; p++) {
          double x = ta ? a[p * m + i] : a[i * k + p];
          double y = tb ? b[j * k + p] : b[p * n + j];
          s += x * y;
          g += Math.abs(x * y);
        }
        c[i * n + j] = s;
        mag[i * n + j] = g;
      }
    }
    return new double[][] {c, mag};
  }

  private static double[] random(Random r, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = r.nextDouble() * 2 - 1;
    }
    return d;
  }

  private static float[] toFloat(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  private static double[] toDouble(float[] f) {
    double[] d = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      d[i] = f[i];
    }
    return d;
  }

  private static void check(
      String what, double[] got, double[][] ref, double rel, int m, int n, int k) {
    for (int i = 0; i < got.length; i++) {
      double err = Math.abs(got[i] - ref[0][i]);
      if (!(err <= rel * (ref[1][i] + 1e-30))) {
        fail(
            what
                + " m="
                + m
                + " n="
                + n
                + " k="
                + k
                + ": element ("
                + i / n
                + ", "
                + i % n
                + ") is "
                + got[i]
                + ", expected "
                + ref[0][i]);
      }
    }
  }

  private static List<int[]> sweep() {
    List<int[]> shapes = new ArrayList<>();
    for (int m : DIMS) {
      for (int n : DIMS) {
        for (int k : DIMS) {
          if ((long) m * n * k <= 2_000_000 || (m == 257 && n == 257 && k == 257)) {
            shapes.add(new int[] {m, n, k});
          }
        }
      }
    }
    shapes.add(new int[] {5, 300, 600}); // several k blocks, a partial column panel
    shapes.add(new int[] {130, 1100, 20}); // several column blocks
    shapes.add(new int[] {200, 3, 513});
    return shapes;
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void kernelMatchesOracleOverShapeSweepBothDtypesAndTransposes(GemmKernel kernel) {
    Random r = new Random(7);
    for (int[] s : sweep()) {
      int m = s[0];
      int n = s[1];
      int k = s[2];
      double[] a = random(r, m * k);
      double[] b = random(r, k * n);
      for (int t = 0; t < 4; t++) {
        boolean ta = (t & 1) != 0;
        boolean tb = (t & 2) != 0;
        double[][] ref = oracle(a, ta, b, tb, m, n, k);
        // the output starts at an offset, and so do the operands, as in a batch
        double[] a2 = new double[a.length + 3];
        System.arraycopy(a, 0, a2, 3, a.length);
        double[] b2 = new double[b.length + 5];
        System.arraycopy(b, 0, b2, 5, b.length);
        double[] c = new double[m * n + 2];
        kernel.gemm(a2, 3, ta, b2, 5, tb, c, 2, m, n, k, 0, m, 0, n);
        double[] cd = new double[m * n];
        System.arraycopy(c, 2, cd, 0, m * n);
        check(kernel.name() + " f64 ta=" + ta + " tb=" + tb, cd, ref, 1e-13, m, n, k);
        assertEquals(0.0, c[0]);
        assertEquals(0.0, c[1]);
        float[] cf = new float[m * n];
        kernel.gemm(toFloat(a2), 3, ta, toFloat(b2), 5, tb, cf, 0, m, n, k, 0, m, 0, n);
        // inputs rounded to float differ from the double ones by 2^-24 relative
        check(kernel.name() + " f32 ta=" + ta + " tb=" + tb, toDouble(cf), ref, 1e-5, m, n, k);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("kernels")
  void blocksComputedSeparatelyAreBitIdenticalToTheWhole(GemmKernel kernel) {
    // a system BLAS may pick other micro-kernels for edge blocks; CpuGemm gives it a split that
    // does not depend on the thread count instead (see resultsAreBitIdenticalForOneAndTwoThreads)
    Assumptions.assumeFalse(
        kernel.name().equals("native"), "the system BLAS is not block-invariant by design");
    Random r = new Random(11);
    int m = 101;
    int n = 203;
    int k = 300;
    float[] a = toFloat(random(r, m * k));
    float[] b = toFloat(random(r, k * n));
    float[] whole = new float[m * n];
    kernel.gemm(a, 0, false, b, 0, true, whole, 0, m, n, k, 0, m, 0, n);
    float[] parts = new float[m * n];
    int[] rows = {0, 17, 60, m};
    int[] cols = {0, 5, 64, 130, n};
    for (int i = 0; i + 1 < rows.length; i++) {
      for (int j = 0; j + 1 < cols.length; j++) {
        kernel.gemm(
            a, 0, false, b, 0, true, parts, 0, m, n, k, rows[i], rows[i + 1], cols[j], cols[j + 1]);
      }
    }
    assertArrayEquals(whole, parts);
  }

  @Test
  void resultsAreBitIdenticalForOneAndTwoThreads() {
    Random r = new Random(3);
    int saved = ComputePool.threads();
    try {
      // the last shape is large enough for the fixed split that a system BLAS gets
      for (int[] s :
          new int[][] {{300, 200, 100}, {100, 400, 150}, {64, 64, 1024}, {512, 256, 160}}) {
        int m = s[0];
        int n = s[1];
        int k = s[2];
        assertTrue((long) m * n * k >= CpuGemm.PARALLEL, "the shape must be large enough to split");
        Tensor a = Tensor.of(toFloat(random(r, m * k)), m, k);
        Tensor b = Tensor.of(toFloat(random(r, k * n)), k, n);
        Tensor ad = a.to(DType.FLOAT64);
        Tensor bd = b.to(DType.FLOAT64);
        ComputePool.setThreads(1);
        float[] one = a.matmul(b).toFloatArray();
        double[] oneD = ad.matmul(bd).toDoubleArray();
        ComputePool.setThreads(2);
        float[] two = a.matmul(b).toFloatArray();
        double[] twoD = ad.matmul(bd).toDoubleArray();
        ComputePool.setThreads(3);
        float[] three = a.matmul(b).toFloatArray();
        assertArrayEquals(one, two);
        assertArrayEquals(one, three);
        assertArrayEquals(oneD, twoD);
        check(
            "threads",
            toDouble(two),
            oracle(ad.toDoubleArray(), false, bd.toDoubleArray(), false, m, n, k),
            1e-5,
            m,
            n,
            k);
      }
    } finally {
      ComputePool.setThreads(saved);
    }
  }

  @Test
  void batchedAndBroadcastProductsMatchTheOraclePerBatch() {
    Random r = new Random(5);
    int saved = ComputePool.threads();
    try {
      for (int threads : new int[] {1, 2}) {
        ComputePool.setThreads(threads);
        // [4, 1, m, k] · [3, k, n] -> [4, 3, m, n]; many small products take the by-batch split
        int m = 33;
        int n = 40;
        int k = 50;
        double[] a = random(r, 4 * m * k);
        double[] b = random(r, 3 * k * n);
        for (DType dt : DType.values()) {
          Tensor ta = Tensor.of(a, 4, 1, m, k).to(dt);
          Tensor tb = Tensor.of(b, 3, n, k).to(dt);
          Tensor c = ta.matmul(tb, false, true);
          assertArrayEquals(new int[] {4, 3, m, n}, c.shape());
          double[] got = c.toDoubleArray();
          double[] aa = ta.toDoubleArray();
          double[] bb = tb.toDoubleArray();
          for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 3; j++) {
              double[] ai = java.util.Arrays.copyOfRange(aa, i * m * k, (i + 1) * m * k);
              double[] bj = java.util.Arrays.copyOfRange(bb, j * k * n, (j + 1) * k * n);
              double[] gij =
                  java.util.Arrays.copyOfRange(got, (i * 3 + j) * m * n, (i * 3 + j + 1) * m * n);
              check(
                  "batch " + dt,
                  gij,
                  oracle(ai, false, bj, true, m, n, k),
                  dt == DType.FLOAT32 ? 1e-5 : 1e-13,
                  m,
                  n,
                  k);
            }
          }
        }
        // 64 products of 40x40x40: enough work in total to go by batch on two threads
        Tensor x = Tensor.of(random(r, 64 * 40 * 40), 64, 40, 40);
        double[] got = x.matmul(x, true, false).toDoubleArray();
        double[] xx = x.toDoubleArray();
        for (int i = 0; i < 64; i += 21) {
          double[] xi = java.util.Arrays.copyOfRange(xx, i * 1600, (i + 1) * 1600);
          check(
              "by batch",
              java.util.Arrays.copyOfRange(got, i * 1600, (i + 1) * 1600),
              oracle(xi, true, xi, false, 40, 40, 40),
              1e-13,
              40,
              40,
              40);
        }
      }
    } finally {
      ComputePool.setThreads(saved);
    }
  }

  @Test
  void zeroSizedProductsGiveZerosOrEmpty() {
    Tensor a = Tensor.zeros(DType.FLOAT32, 3, 0);
    Tensor b = Tensor.zeros(DType.FLOAT32, 0, 4);
    assertArrayEquals(new float[12], a.matmul(b).toFloatArray());
    assertArrayEquals(new int[] {0, 4}, b.matmul(Tensor.zeros(DType.FLOAT32, 4, 4)).shape());
  }

  @Test
  void kernelSelectionHonoursThePropertyAndTheModule() {
    assertTrue(CpuGemm.vectorModulePresent(), "surefire's argLine adds jdk.incubator.vector");
    // auto prefers an optimized system BLAS (when OPENBLAS_NUM_THREADS=1), then the Vector API
    String best = nativeAuto() ? "native" : "vector";
    assertEquals(best, CpuGemm.kernel().name());
    assertEquals(best, ComputePool.gemmKernel(), "the public accessor reports the same kernel");
    assertEquals(best, CpuGemm.select(null, true).name());
    assertEquals(best, CpuGemm.select(" Auto ", true).name());
    assertEquals(nativeAuto() ? "native" : "java", CpuGemm.select(null, false).name());
    assertSame(JavaGemm.INSTANCE, CpuGemm.select("java", true));
    IllegalStateException noModule =
        assertThrows(IllegalStateException.class, () -> CpuGemm.select("vector", false));
    assertTrue(noModule.getMessage().contains("--add-modules jdk.incubator.vector"));
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> CpuGemm.select("blas", true));
    assertTrue(bad.getMessage().contains("gradgraph.gemm"), bad.getMessage());
    assertTrue(bad.getMessage().contains("'blas'"), bad.getMessage());
  }

  /** Without the module (no --add-modules), the fallback runs and never links the Vector API. */
  @Test
  void withoutTheVectorModuleTheFallbackRunsInAFreshJvm() throws Exception {
    String java =
        System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-Xshare:off",
                "-cp",
                System.getProperty("java.class.path"),
                GemmFallbackMain.class.getName())
            .redirectErrorStream(true);
    // without OPENBLAS_NUM_THREADS=1 the system BLAS is never picked, so this is the Java kernel
    pb.environment().remove("OPENBLAS_NUM_THREADS");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not finish");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("kernel=java module=false"), out);
    assertTrue(out.contains("c=[91.0, 112.0, 64.0, 64.0]"), out);
  }

  @Test
  void nativeBlasIsCheckedOrRejectedWithTheReason() {
    GemmKernel k = nativeBlas();
    if (k == null) {
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> CpuGemm.select("native", true));
      assertTrue(e.getMessage().startsWith("gemm: no native BLAS"), e.getMessage());
      return;
    }
    assertEquals("native", k.name());
    // auto takes it only when it is fast and single-threaded
    String env = System.getenv("OPENBLAS_NUM_THREADS");
    String auto = CpuGemm.select("auto", true).name();
    if (!"1".equals(env)) {
      assertTrue(!auto.equals("native"), "auto picked native with OPENBLAS_NUM_THREADS=" + env);
    }
  }
}
