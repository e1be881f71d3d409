package gradgraph.core.device;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Matrix products on the CPU: batching and broadcasting of leading dimensions here, the per-matrix
 * product in {@link #gemm}. Operands may be used transposed without copying.
 */
final class CpuGemm {
  private CpuGemm() {}

  static Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
    DType dt = DType.promote(a.dtype(), b.dtype());
    a = CpuKernels.INSTANCE.cast(a, dt);
    b = CpuKernels.INSTANCE.cast(b, dt);
    int[] as = a.shape();
    int[] bs = b.shape();
    int[] out = Tensor.matmulShape(as, bs, transA, transB);
    int m = out[out.length - 2];
    int n = out[out.length - 1];
    int k = transA ? as[as.length - 2] : as[as.length - 1];
    int[] batch = Arrays.copyOf(out, out.length - 2);
    int batches = Shapes.size(batch);
    int[] offA =
        CpuKernels.offsets(
            batch, Shapes.broadcastStrides(Arrays.copyOf(as, as.length - 2), batch), batches);
    int[] offB =
        CpuKernels.offsets(
            batch, Shapes.broadcastStrides(Arrays.copyOf(bs, bs.length - 2), batch), batches);
    int mk = m * k;
    int kn = k * n;
    int mn = m * n;
    if (dt == DType.FLOAT32) {
      float[] c = new float[batches * mn];
      float[] x = CpuKernels.f(a);
      float[] y = CpuKernels.f(b);
      for (int i = 0; i < batches; i++) {
        gemm(x, offA[i] * mk, transA, y, offB[i] * kn, transB, c, i * mn, m, n, k);
      }
      return CpuKernels.wrap(c, out);
    }
    double[] c = new double[batches * mn];
    double[] x = CpuKernels.d(a);
    double[] y = CpuKernels.d(b);
    for (int i = 0; i < batches; i++) {
      gemm(x, offA[i] * mk, transA, y, offB[i] * kn, transB, c, i * mn, m, n, k);
    }
    return CpuKernels.wrap(c, out);
  }

  /**
   * {@code C[m×n] = op(A)[m×k] · op(B)[k×n]}, row-major; A is stored {@code [m, k]} or, when
   * transposed, {@code [k, m]}; B is {@code [k, n]} or {@code [n, k]}.
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
      int k) {
    if (!tb) {
      // C[i, j] += A[i, p] * B[p, j]: the innermost loop runs along rows of B and C.
      for (int i = 0; i < m; i++) {
        int ci = co + i * n;
        for (int p = 0; p < k; p++) {
          float aip = ta ? a[ao + p * m + i] : a[ao + i * k + p];
          int bp = bo + p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[bp + j];
          }
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          float s = 0;
          int bj = bo + j * k;
          for (int p = 0; p < k; p++) {
            s += (ta ? a[ao + p * m + i] : a[ao + i * k + p]) * b[bj + p];
          }
          c[co + i * n + j] = s;
        }
      }
    }
  }

  /**
   * The FLOAT64 twin of {@link #gemm(float[], int, boolean, float[], int, boolean, float[], int,
   * int, int, int)}.
   */
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
      int k) {
    if (!tb) {
      for (int i = 0; i < m; i++) {
        int ci = co + i * n;
        for (int p = 0; p < k; p++) {
          double aip = ta ? a[ao + p * m + i] : a[ao + i * k + p];
          int bp = bo + p * n;
          for (int j = 0; j < n; j++) {
            c[ci + j] += aip * b[bp + j];
          }
        }
      }
    } else {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double s = 0;
          int bj = bo + j * k;
          for (int p = 0; p < k; p++) {
            s += (ta ? a[ao + p * m + i] : a[ao + i * k + p]) * b[bj + p];
          }
          c[co + i * n + j] = s;
        }
      }
    }
  }
}
