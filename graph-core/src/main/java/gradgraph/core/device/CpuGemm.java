package gradgraph.core.device;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;

/**
 * Matrix products on the CPU: batching and broadcasting of leading dimensions here, the per-matrix
 * product in {@link #gemm}, which picks a path by size. Tiny products run a plain loop; the others
 * the system BLAS ({@link NativeGemm}) when an optimized one is installed and {@code
 * OPENBLAS_NUM_THREADS=1}, else a packed, register-blocked kernel: {@code VectorGemm} on the Vector
 * API when the {@code jdk.incubator.vector} module is present, {@link JavaGemm} otherwise. The
 * system property {@code gradgraph.gemm} forces one ({@code native}, {@code vector}, {@code java};
 * {@code auto} by default). Large products are split by output blocks over {@link ComputePool}, so
 * results do not depend on the thread count. Operands may be used transposed without copying.
 */
final class CpuGemm {
  /**
   * The system property that picks the kernel: {@code auto}, {@code native}, {@code vector} or
   * {@code java}.
   */
  static final String KERNEL_PROPERTY = "gradgraph.gemm";

  /** Below this many multiply-adds the plain loop wins: packing costs more than it saves. */
  static final long SMALL = 4096;

  /** From this many multiply-adds on, a product is split over the compute pool. */
  static final long PARALLEL = 1L << 21;

  /**
   * From this many multiply-adds on, a kernel that is not block-invariant gets {@link #FIXED_PARTS}
   * blocks (smaller products run whole: a system BLAS is fast on them in one piece).
   */
  static final long FIXED_PARALLEL = 1L << 24;

  /** How many blocks a large product is cut into for a kernel that is not block-invariant. */
  static final int FIXED_PARTS = 4;

  // split boundaries are multiples of every kernel's tile (rows: 6 and 4; columns: 32 and 16)
  private static final int ROW_ALIGN = 24;
  private static final int COL_ALIGN = 64;

  private static final GemmKernel KERNEL =
      select(System.getProperty(KERNEL_PROPERTY), vectorModulePresent());

  private CpuGemm() {}

  /** Tells whether the Vector API module was resolved at startup. */
  static boolean vectorModulePresent() {
    return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
  }

  /**
   * Picks the kernel for a setting of {@link #KERNEL_PROPERTY}.
   *
   * @param setting {@code auto} (or null), {@code native}, {@code vector} or {@code java}
   * @param vectorPresent whether the Vector API module is present
   */
  static GemmKernel select(String setting, boolean vectorPresent) {
    String s = setting == null ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
    switch (s) {
      case "java":
        return JavaGemm.INSTANCE;
      case "vector":
        if (!vectorPresent) {
          throw new IllegalStateException(
              "gemm: "
                  + KERNEL_PROPERTY
                  + "=vector needs the Vector API: run java with --add-modules"
                  + " jdk.incubator.vector");
        }
        return loadVector();
      case "native":
        return NativeGemm.load(false);
      case "auto":
      case "":
        try {
          return NativeGemm.load(true);
        } catch (RuntimeException | LinkageError e) {
          // no optimized system BLAS: the Java kernels
        }
        if (vectorPresent) {
          try {
            return loadVector();
          } catch (RuntimeException | LinkageError e) {
            return JavaGemm.INSTANCE;
          }
        }
        return JavaGemm.INSTANCE;
      default:
        throw new IllegalArgumentException(
            "gemm: system property "
                + KERNEL_PROPERTY
                + ": unknown kernel '"
                + setting
                + "'; use auto, native, vector or java");
    }
  }

  // by name, so that nothing links the incubator classes unless the module is there
  private static GemmKernel loadVector() {
    try {
      return (GemmKernel)
          Class.forName("gradgraph.core.device.VectorGemm").getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("gemm: cannot load the Vector API kernel", e);
    }
  }

  /** Returns the kernel in use. */
  static GemmKernel kernel() {
    return KERNEL;
  }

  /**
   * {@code op(a) · op(b)}, plus {@code addend} (broadcast to the product's shape) when it is not
   * null: each product block starts from the addend, written just before its product runs.
   */
  static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB, Tensor addend) {
    DType dt = DType.promote(a.dtype(), b.dtype());
    if (addend != null) {
      dt = DType.promote(dt, addend.dtype());
      addend = CpuKernels.INSTANCE.cast(addend, dt);
    }
    a = CpuKernels.INSTANCE.cast(a, dt);
    b = CpuKernels.INSTANCE.cast(b, dt);
    int[] as = a.shape();
    int[] bs = b.shape();
    int[] out = Tensor.matmulShape(as, bs, transA, transB);
    int m = out[out.length - 2];
    int n = out[out.length - 1];
    int k = transA ? as[as.length - 2] : as[as.length - 1];
    int batches;
    int[] offA;
    int[] offB;
    if (out.length == 2) {
      batches = 1;
      offA = new int[1];
      offB = offA;
    } else {
      int[] batch = Arrays.copyOf(out, out.length - 2);
      batches = Shapes.size(batch);
      offA =
          CpuKernels.offsets(
              batch, Shapes.broadcastStrides(Arrays.copyOf(as, as.length - 2), batch), batches);
      offB =
          CpuKernels.offsets(
              batch, Shapes.broadcastStrides(Arrays.copyOf(bs, bs.length - 2), batch), batches);
    }
    int mk = m * k;
    int kn = k * n;
    int mn = m * n;
    Addend add = addend == null ? null : new Addend(addend, out, batches);
    long work = (long) m * n * k;
    int threads = ComputePool.threads();
    // many independent products, each too small to split: one batch range per thread
    boolean byBatch =
        threads > 1 && batches >= threads && work < PARALLEL && work * batches >= PARALLEL;
    if (dt == DType.FLOAT32) {
      float[] c = new float[batches * mn];
      float[] x = CpuKernels.f(a);
      float[] y = CpuKernels.f(b);
      if (byBatch) {
        int[] at = ComputePool.split(batches, threads, 1);
        ComputePool.run(
            threads,
            t -> {
              for (int i = at[t]; i < at[t + 1]; i++) {
                if (add != null) {
                  add.fill(c, i);
                }
                gemm(x, offA[i] * mk, transA, y, offB[i] * kn, transB, c, i * mn, m, n, k, 1);
              }
            });
      } else {
        for (int i = 0; i < batches; i++) {
          if (add != null) {
            add.fill(c, i);
          }
          gemm(x, offA[i] * mk, transA, y, offB[i] * kn, transB, c, i * mn, m, n, k, threads);
        }
      }
      return CpuKernels.wrap(c, out);
    }
    double[] c = new double[batches * mn];
    double[] x = CpuKernels.d(a);
    double[] y = CpuKernels.d(b);
    if (byBatch) {
      int[] at = ComputePool.split(batches, threads, 1);
      ComputePool.run(
          threads,
          t -> {
            for (int i = at[t]; i < at[t + 1]; i++) {
              if (add != null) {
                add.fill(c, i);
              }
              gemm(x, offA[i] * mk, transA, y, offB[i] * kn, transB, c, i * mn, m, n, k, 1);
            }
          });
    } else {
      for (int i = 0; i < batches; i++) {
        if (add != null) {
          add.fill(c, i);
        }
        gemm(x, offA[i] * mk, transA, y, offB[i] * kn, transB, c, i * mn, m, n, k, threads);
      }
    }
    return CpuKernels.wrap(c, out);
  }

  /** An addend read as if broadcast to the product's shape, copied block by block into C. */
  private static final class Addend {
    private final float[] f;
    private final double[] d;
    private final int[] batchOff;
    private final int rowStride;
    // 0 when the addend is broadcast along a row, else 1 (a contiguous last dimension)
    private final int colStride;
    private final int m;
    private final int n;

    Addend(Tensor addend, int[] out, int batches) {
      int r = out.length;
      int[] st = Shapes.broadcastStrides(addend.shape(), out);
      m = out[r - 2];
      n = out[r - 1];
      rowStride = st[r - 2];
      colStride = st[r - 1];
      batchOff =
          r == 2
              ? new int[1]
              : CpuKernels.offsets(Arrays.copyOf(out, r - 2), Arrays.copyOf(st, r - 2), batches);
      f = addend.dtype() == DType.FLOAT32 ? CpuKernels.f(addend) : null;
      d = f == null ? CpuKernels.d(addend) : null;
    }

    /** Writes the addend's block for product {@code i} into {@code c}. */
    void fill(float[] c, int i) {
      int src = batchOff[i];
      int dst = i * m * n;
      for (int row = 0; row < m; row++, src += rowStride, dst += n) {
        if (colStride == 0) {
          Arrays.fill(c, dst, dst + n, f[src]);
        } else {
          System.arraycopy(f, src, c, dst, n);
        }
      }
    }

    /** The FLOAT64 twin of the method above. */
    void fill(double[] c, int i) {
      int src = batchOff[i];
      int dst = i * m * n;
      for (int row = 0; row < m; row++, src += rowStride, dst += n) {
        if (colStride == 0) {
          Arrays.fill(c, dst, dst + n, d[src]);
        } else {
          System.arraycopy(d, src, c, dst, n);
        }
      }
    }
  }

  /**
   * {@code C[m×n] += op(A)[m×k] · op(B)[k×n]}, row-major; A is stored {@code [m, k]} or, when
   * transposed, {@code [k, m]}; B is {@code [k, n]} or {@code [n, k]}; C starts at {@code co}. Uses
   * up to {@code threads} threads.
   */
  static void gemm(
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
      int threads) {
    long work = (long) m * n * k;
    if (work == 0) {
      return;
    }
    if (work < SMALL) {
      naive(a, ao, ta, b, bo, tb, c, co, m, n, k);
      return;
    }
    GemmKernel kern = KERNEL;
    if (!kern.blockInvariant()) {
      if (work < FIXED_PARALLEL) {
        kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, 0, m, 0, n);
      } else {
        fixedParts(
            m,
            n,
            threads,
            (i0, i1, j0, j1) -> kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, i0, i1, j0, j1));
      }
    } else if (threads <= 1 || work < PARALLEL) {
      kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, 0, m, 0, n);
    } else if (n >= m) {
      int[] at = ComputePool.split(n, threads, COL_ALIGN);
      ComputePool.run(
          threads, t -> kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, 0, m, at[t], at[t + 1]));
    } else {
      int[] at = ComputePool.split(m, threads, ROW_ALIGN);
      ComputePool.run(
          threads, t -> kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, at[t], at[t + 1], 0, n));
    }
  }

  /** The FLOAT64 twin of the method above. */
  static void gemm(
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
      int threads) {
    long work = (long) m * n * k;
    if (work == 0) {
      return;
    }
    if (work < SMALL) {
      naive(a, ao, ta, b, bo, tb, c, co, m, n, k);
      return;
    }
    GemmKernel kern = KERNEL;
    if (!kern.blockInvariant()) {
      if (work < FIXED_PARALLEL) {
        kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, 0, m, 0, n);
      } else {
        fixedParts(
            m,
            n,
            threads,
            (i0, i1, j0, j1) -> kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, i0, i1, j0, j1));
      }
    } else if (threads <= 1 || work < PARALLEL) {
      kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, 0, m, 0, n);
    } else if (n >= m) {
      int[] at = ComputePool.split(n, threads, COL_ALIGN);
      ComputePool.run(
          threads, t -> kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, 0, m, at[t], at[t + 1]));
    } else {
      int[] at = ComputePool.split(m, threads, ROW_ALIGN);
      ComputePool.run(
          threads, t -> kern.gemm(a, ao, ta, b, bo, tb, c, co, m, n, k, at[t], at[t + 1], 0, n));
    }
  }

  /** Computes the block {@code [i0, i1) × [j0, j1)} of C. */
  private interface Block {
    void run(int i0, int i1, int j0, int j1);
  }

  /**
   * For a kernel whose result for a block depends on how C was cut: always the same {@link
   * #FIXED_PARTS} blocks of an {@code m × n} product, whatever the thread count, shared out over
   * the threads.
   */
  private static void fixedParts(int m, int n, int threads, Block block) {
    boolean cols = n >= m;
    int[] at = ComputePool.split(cols ? n : m, FIXED_PARTS, cols ? COL_ALIGN : ROW_ALIGN);
    int parts = at.length - 1;
    int t = Math.max(1, Math.min(threads, parts));
    ComputePool.run(
        t,
        w -> {
          for (int p = w; p < parts; p += t) {
            if (cols) {
              block.run(0, m, at[p], at[p + 1]);
            } else {
              block.run(at[p], at[p + 1], 0, n);
            }
          }
        });
  }

  // C[i, j] += A[i, p] * B[p, j]: the innermost loop runs along rows of B and C.
  private static void naive(
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
      int k) {
    for (int i = 0; i < m; i++) {
      int ci = co + i * n;
      for (int p = 0; p < k; p++) {
        float aip = ta ? a[ao + p * m + i] : a[ao + i * k + p];
        if (tb) {
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[bo + j * k + p];
          }
        } else {
          int bp = bo + p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[bp + j];
          }
        }
      }
    }
  }

  private static void naive(
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
      int k) {
    for (int i = 0; i < m; i++) {
      int ci = co + i * n;
      for (int p = 0; p < k; p++) {
        double aip = ta ? a[ao + p * m + i] : a[ao + i * k + p];
        if (tb) {
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[bo + j * k + p];
          }
        } else {
          int bp = bo + p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[bp + j];
          }
        }
      }
    }
  }
}
