package gradgraph.cuda.emu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import gradgraph.cuda.driver.CudaApi;
import gradgraph.cuda.driver.KernelArgs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@code gemm.cu}, the GEMM used when cuBLAS does not load, against a float64 reference on the CPU
 * emulator: every transpose combination, sizes that leave partial 64x64 tiles and partial 16-deep
 * slices, two products in a batch with their own strides, {@code alpha}, {@code beta} and the rule
 * that C is not read when {@code beta == 0}.
 */
class PtxGemmEmulatedTest {
  private static boolean gpp() {
    try {
      return new ProcessBuilder("g++", "--version").start().waitFor() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static String ptx() throws IOException {
    try (InputStream in =
        PtxGemmEmulatedTest.class.getResourceAsStream("/gradgraph/cuda/ptx/gemm.ptx")) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  @Test
  void everyLayoutMatchesTheReferenceWithPartialTiles() throws IOException {
    assumeTrue(gpp(), "g++ is needed to build the emulator");
    EmulatedCudaApi api = new EmulatedCudaApi();
    CudaApi.Module mod = api.loadModule("gemm", ptx());
    int m = 70;
    int n = 65;
    int k = 33;
    int batch = 2;
    Random r = new Random(3);
    for (boolean f64 : new boolean[] {false, true}) {
      CudaApi.Function fn = api.function(mod, f64 ? "gemm_f64" : "gemm_f32");
      for (int ta = 0; ta < 2; ta++) {
        for (int tb = 0; tb < 2; tb++) {
          // column-major storage: op(A) is m x k, so A is m x k (lda m) or k x m (lda k)
          int lda = ta == 0 ? m + 3 : k + 1;
          int ldb = tb == 0 ? k + 2 : n + 1;
          int ldc = m + 5;
          long strideA = (long) lda * (ta == 0 ? k : m) + 7;
          long strideB = (long) ldb * (tb == 0 ? n : k) + 5;
          long strideC = (long) ldc * n + 3;
          double[] a = random(r, (int) strideA * batch);
          double[] b = random(r, (int) strideB * batch);
          double[] c = random(r, (int) strideC * batch);
          for (double beta : new double[] {0.5, 0.0}) {
            double alpha = 1.5;
            double[] expected = c.clone();
            for (int p = 0; p < batch; p++) {
              for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                  double s = 0;
                  for (int l = 0; l < k; l++) {
                    double av =
                        ta == 0
                            ? a[(int) (p * strideA) + i + l * lda]
                            : a[(int) (p * strideA) + l + i * lda];
                    double bv =
                        tb == 0
                            ? b[(int) (p * strideB) + l + j * ldb]
                            : b[(int) (p * strideB) + j + l * ldb];
                    s += av * bv;
                  }
                  int at = (int) (p * strideC) + i + j * ldc;
                  expected[at] = alpha * s + (beta == 0 ? 0 : beta * c[at]);
                }
              }
            }
            double[] cIn = c.clone();
            if (beta == 0) {
              // C is not read when beta is 0: NaNs there must not leak into the result
              for (int p = 0; p < batch; p++) {
                for (int j = 0; j < n; j++) {
                  for (int i = 0; i < m; i++) {
                    cIn[(int) (p * strideC) + i + j * ldc] = Double.NaN;
                  }
                }
              }
            }
            CudaApi.Ptr pa = upload(api, a, f64);
            CudaApi.Ptr pb = upload(api, b, f64);
            CudaApi.Ptr pc = upload(api, cIn, f64);
            long tilesM = (m + 63) / 64;
            long tilesN = (n + 63) / 64;
            long tiles = tilesM * tilesN * batch;
            // fewer blocks than tiles: the grid-stride loop covers the rest
            api.launch(
                fn,
                3,
                256,
                0,
                null,
                new KernelArgs()
                    .i32(ta)
                    .i32(tb)
                    .i32(m)
                    .i32(n)
                    .i32(k)
                    .f64(alpha)
                    .ptr(pa)
                    .i32(lda)
                    .i64(strideA)
                    .ptr(pb)
                    .i32(ldb)
                    .i64(strideB)
                    .f64(beta)
                    .ptr(pc)
                    .i32(ldc)
                    .i64(strideC)
                    .i64(tilesM)
                    .i64(tilesN)
                    .i64(tiles));
            double[] got = download(api, pc, cIn.length, f64);
            double tol = f64 ? 1e-12 : 1e-4;
            for (int i = 0; i < got.length; i++) {
              double want = isInC(i, m, n, ldc, strideC, batch) ? expected[i] : cIn[i];
              if (Double.isNaN(want)) {
                assertEquals(Double.doubleToLongBits(want), Double.doubleToLongBits(got[i]));
              } else {
                assertEquals(
                    want,
                    got[i],
                    tol * Math.max(1, Math.abs(want)),
                    "f64 "
                        + f64
                        + " transA "
                        + ta
                        + " transB "
                        + tb
                        + " beta "
                        + beta
                        + " at "
                        + i);
              }
            }
          }
        }
      }
    }
  }

  private static boolean isInC(int idx, int m, int n, int ldc, long strideC, int batch) {
    long p = idx / strideC;
    long rest = idx % strideC;
    return p < batch && rest % ldc < m && rest / ldc < n;
  }

  private static double[] random(Random r, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextInt(9) - 4 + r.nextInt(4) * 0.25; // exact in float32: sums are exact too
    }
    return v;
  }

  private static CudaApi.Ptr upload(EmulatedCudaApi api, double[] v, boolean f64) {
    CudaApi.Ptr p = api.memAlloc((long) v.length * (f64 ? 8 : 4));
    if (f64) {
      api.copyHtoD(p, v, v.length, null);
    } else {
      float[] f = new float[v.length];
      for (int i = 0; i < v.length; i++) {
        f[i] = (float) v[i];
      }
      api.copyHtoD(p, f, f.length, null);
    }
    return p;
  }

  private static double[] download(EmulatedCudaApi api, CudaApi.Ptr p, int n, boolean f64) {
    double[] out = new double[n];
    if (f64) {
      api.copyDtoH(out, p, n, null);
    } else {
      float[] f = new float[n];
      api.copyDtoH(f, p, n, null);
      for (int i = 0; i < n; i++) {
        out[i] = f[i];
      }
    }
    return out;
  }
}
