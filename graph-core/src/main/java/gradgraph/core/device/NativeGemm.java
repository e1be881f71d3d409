package gradgraph.core.device;

import dev.ludovic.netlib.blas.NativeBLAS;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The system BLAS through netlib's JNI binding ({@code dev.ludovic.netlib:blas}), which loads
 * {@code libblas.so.3}: OpenBLAS when the Debian package {@code libopenblas0} is installed. Used
 * only when it loads, when {@code OPENBLAS_NUM_THREADS=1} (so that Gradgraph's own pool, not
 * OpenBLAS's, decides the threads) and when a calibration product shows it fast (the reference BLAS
 * is some twenty times slower than the Java kernels and is never picked).
 *
 * <p>Row-major {@code C = op(A)·op(B)} is the column-major {@code Cᵀ = op(B)ᵀ·op(A)ᵀ}, so the
 * operands are passed swapped, and each block of {@code C} is one call with offsets into the
 * arrays: nothing is copied.
 */
final class NativeGemm extends GemmKernel {
  /** Below this speed (GFLOP/s, float32, 256³) the library is not an optimized BLAS. */
  static final double MIN_GFLOPS = 30;

  // netlib logs a warning for each implementation it cannot load; the fallback here is ours to
  // report. Held in a field: java.util.logging keeps loggers weakly.
  private static final Logger NETLIB_LOG = Logger.getLogger("dev.ludovic.netlib.blas");

  private final NativeBLAS blas;

  private NativeGemm(NativeBLAS blas) {
    this.blas = blas;
  }

  /**
   * Loads the binding and checks that it is usable and fast; throws with the reason otherwise.
   *
   * @param requireFast whether to reject a slow library
   */
  static NativeGemm load(boolean requireFast) {
    String threads = System.getenv("OPENBLAS_NUM_THREADS");
    if (requireFast && !"1".equals(threads)) {
      throw new IllegalStateException(
          "gemm: native BLAS needs OPENBLAS_NUM_THREADS=1 (got "
              + threads
              + ") so that it does not start threads of its own");
    }
    NETLIB_LOG.setLevel(Level.OFF);
    NativeBLAS blas;
    try {
      blas = NativeBLAS.getInstance();
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(
          "gemm: no native BLAS (install libopenblas0): " + e.getMessage(), e);
    }
    NativeGemm g = new NativeGemm(blas);
    double gflops = g.calibrate();
    if (requireFast && gflops < MIN_GFLOPS) {
      throw new IllegalStateException(
          String.format(
              java.util.Locale.ROOT,
              "gemm: the native BLAS runs at %.1f GFLOP/s, below %.0f: not an optimized library",
              gflops,
              MIN_GFLOPS));
    }
    return g;
  }

  /** Best GFLOP/s of a few 256³ float products. */
  private double calibrate() {
    int s = 256;
    float[] a = new float[s * s];
    float[] b = new float[s * s];
    float[] c = new float[s * s];
    for (int i = 0; i < a.length; i++) {
      a[i] = (i % 7) * 0.25f;
      b[i] = (i % 5) * 0.5f;
    }
    long best = Long.MAX_VALUE;
    for (int r = 0; r < 4; r++) {
      long t0 = System.nanoTime();
      gemm(a, 0, false, b, 0, false, c, 0, s, s, s, 0, s, 0, s);
      best = Math.min(best, System.nanoTime() - t0);
    }
    return 2.0 * s * s * s / Math.max(best, 1);
  }

  @Override
  String name() {
    return "native";
  }

  @Override
  boolean blockInvariant() {
    return false;
  }

  @Override
  void gemm(
      float[] a,
      int ao,
      boolean ta,
      float[] b,
      int bo,
      boolean tb,
      float[] c,
      int co,
      int m,
      int n,
      int k,
      int i0,
      int i1,
      int j0,
      int j1) {
    if (i1 <= i0 || j1 <= j0) {
      return;
    }
    blas.sgemm(
        tb ? "T" : "N",
        ta ? "T" : "N",
        j1 - j0,
        i1 - i0,
        k,
        1f,
        b,
        tb ? bo + j0 * k : bo + j0,
        tb ? k : n,
        a,
        ta ? ao + i0 : ao + i0 * k,
        ta ? m : k,
        1f,
        c,
        co + i0 * n + j0,
        n);
  }

  @Override
  void gemm(
      double[] a,
      int ao,
      boolean ta,
      double[] b,
      int bo,
      boolean tb,
      double[] c,
      int co,
      int m,
      int n,
      int k,
      int i0,
      int i1,
      int j0,
      int j1) {
    if (i1 <= i0 || j1 <= j0) {
      return;
    }
    blas.dgemm(
        tb ? "T" : "N",
        ta ? "T" : "N",
        j1 - j0,
        i1 - i0,
        k,
        1.0,
        b,
        tb ? bo + j0 * k : bo + j0,
        tb ? k : n,
        a,
        ta ? ao + i0 : ao + i0 * k,
        ta ? m : k,
        1.0,
        c,
        co + i0 * n + j0,
        n);
  }
}
