package gradgraph.core.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast im2col, col2im and pooling kernels against their naive twins (the simple loops below, in
 * double) over a sweep of shapes, filters, strides and paddings, in both dtypes and on one and two
 * threads.
 */
class ConvKernelsTest {
  private static final Kernels K = CpuKernels.INSTANCE;

  // {N, C, H, W, FH, FW, stride, pad}
  private static final int[][] CASES = {
    {1, 1, 1, 1, 1, 1, 1, 0},
    {2, 3, 7, 7, 3, 3, 1, 0},
    {2, 3, 7, 7, 3, 3, 1, 1},
    {3, 2, 13, 9, 3, 2, 2, 1},
    {1, 4, 8, 8, 2, 2, 2, 0},
    {2, 1, 5, 6, 5, 6, 1, 2},
    {2, 2, 9, 9, 4, 4, 3, 2},
    {100, 1, 28, 28, 5, 5, 1, 0}, // SimpleConvNet: large enough to split over threads
    {4, 30, 24, 24, 2, 2, 2, 0},
    {2, 3, 7, 9, 2, 2, 2, 0}, // the 2×2 fast path with an odd last row and column left out
  };

  static int out(int in, int k, int s, int p) {
    return (in + 2 * p - k) / s + 1;
  }

  static double[] naiveIm2col(double[] a, int[] c) {
    int n = c[0], ch = c[1], h = c[2], w = c[3], fh = c[4], fw = c[5], s = c[6], p = c[7];
    int oh = out(h, fh, s, p), ow = out(w, fw, s, p), cols = ch * fh * fw;
    double[] o = new double[n * oh * ow * cols];
    for (int b = 0; b < n; b++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
          for (int q = 0; q < ch; q++)
            for (int ky = 0; ky < fh; ky++)
              for (int kx = 0; kx < fw; kx++) {
                int y = oy * s + ky - p, x = ox * s + kx - p;
                if (y >= 0 && y < h && x >= 0 && x < w) {
                  o[((b * oh + oy) * ow + ox) * cols + (q * fh + ky) * fw + kx] =
                      a[((b * ch + q) * h + y) * w + x];
                }
              }
    return o;
  }

  static double[] naiveCol2im(double[] col, int[] c) {
    int n = c[0], ch = c[1], h = c[2], w = c[3], fh = c[4], fw = c[5], s = c[6], p = c[7];
    int oh = out(h, fh, s, p), ow = out(w, fw, s, p), cols = ch * fh * fw;
    double[] o = new double[n * ch * h * w];
    for (int b = 0; b < n; b++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++)
          for (int q = 0; q < ch; q++)
            for (int ky = 0; ky < fh; ky++)
              for (int kx = 0; kx < fw; kx++) {
                int y = oy * s + ky - p, x = ox * s + kx - p;
                if (y >= 0 && y < h && x >= 0 && x < w) {
                  o[((b * ch + q) * h + y) * w + x] +=
                      col[((b * oh + oy) * ow + ox) * cols + (q * fh + ky) * fw + kx];
                }
              }
    return o;
  }

  /** Max pooling forward (g null) or backward, average pooling forward or backward (avg true). */
  static double[] naivePool(double[] a, double[] g, boolean avg, int[] c) {
    int n = c[0], ch = c[1], h = c[2], w = c[3], kh = c[4], kw = c[5], s = c[6], p = c[7];
    int oh = out(h, kh, s, p), ow = out(w, kw, s, p);
    double[] o = g == null ? new double[n * ch * oh * ow] : new double[n * ch * h * w];
    for (int pl = 0; pl < n * ch; pl++)
      for (int oy = 0; oy < oh; oy++)
        for (int ox = 0; ox < ow; ox++) {
          int oi = (pl * oh + oy) * ow + ox;
          double best = Double.NEGATIVE_INFINITY, sum = 0;
          int arg = -1;
          for (int ky = 0; ky < kh; ky++)
            for (int kx = 0; kx < kw; kx++) {
              int y = oy * s + ky - p, x = ox * s + kx - p;
              if (y < 0 || y >= h || x < 0 || x >= w) continue;
              int i = (pl * h + y) * w + x;
              if (avg && g != null) {
                o[i] += g[oi] / (kh * kw);
              } else if (avg) {
                sum += a[i];
              } else if (arg < 0 || a[i] > best) {
                best = a[i];
                arg = i;
              }
            }
          if (g == null) {
            o[oi] = avg ? sum / (kh * kw) : best;
          } else if (!avg && arg >= 0) {
            o[arg] += g[oi];
          }
        }
    return o;
  }

  private static double[] random(Random r, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.round((r.nextDouble() * 2 - 1) * 1e6) / 1e6; // distinct values, no ties
    }
    return d;
  }

  private static void close(String what, double[] want, Tensor got, double tol) {
    double[] g = got.toDoubleArray();
    assertEquals(want.length, g.length, what);
    for (int i = 0; i < g.length; i++) {
      if (Math.abs(g[i] - want[i]) > tol * (1 + Math.abs(want[i]))) {
        throw new AssertionError(what + ": element " + i + " is " + g[i] + ", expected " + want[i]);
      }
    }
  }

  @Test
  void fastKernelsMatchNaiveTwinsOverTheSweepBothDtypesOneAndTwoThreads() {
    Random r = new Random(9);
    int saved = ComputePool.threads();
    try {
      for (int[] c : CASES) {
        int oh = out(c[2], c[4], c[6], c[7]);
        int ow = out(c[3], c[5], c[6], c[7]);
        int[] xs = {c[0], c[1], c[2], c[3]};
        double[] x = random(r, c[0] * c[1] * c[2] * c[3]);
        double[] col = random(r, c[0] * oh * ow * c[1] * c[4] * c[5]);
        double[] gPool = random(r, c[0] * c[1] * oh * ow);
        for (DType dt : DType.values()) {
          double tol = dt == DType.FLOAT32 ? 1e-6 : 1e-12;
          Tensor tx = Tensor.of(x, xs).to(dt);
          Tensor tcol = Tensor.of(col, c[0] * oh * ow, c[1] * c[4] * c[5]).to(dt);
          Tensor tg = Tensor.of(gPool, c[0], c[1], oh, ow).to(dt);
          double[] xd = tx.toDoubleArray();
          double[] cd = tcol.toDoubleArray();
          double[] gd = tg.toDoubleArray();
          Tensor[] first = null;
          for (int threads : new int[] {1, 2}) {
            ComputePool.setThreads(threads);
            String at = dt + " " + java.util.Arrays.toString(c) + " threads=" + threads;
            Tensor[] got = {
              K.im2col(tx, c[4], c[5], c[6], c[7]),
              K.col2im(tcol, xs, c[4], c[5], c[6], c[7]),
              K.maxPool2d(tx, c[4], c[5], c[6], c[7]),
              K.maxPool2dBackward(tx, tg, c[4], c[5], c[6], c[7]),
              K.avgPool2d(tx, c[4], c[5], c[6], c[7]),
              K.avgPool2dBackward(tg, xs, c[4], c[5], c[6], c[7]),
            };
            // the recording forward and the backward from its winners: the same bits
            Pooled rec = K.maxPool2dRecording(tx, c[4], c[5], c[6], c[7]);
            assertArrayEquals(got[2].toDoubleArray(), rec.output().toDoubleArray(), at);
            assertEquals(
                dt == DType.FLOAT32 && c[4] == 2 && c[5] == 2 && c[6] == 2 && c[7] == 0,
                rec.recorded(),
                at);
            assertArrayEquals(
                got[3].toDoubleArray(),
                K.maxPool2dBackward(tx, tg, c[4], c[5], c[6], c[7], rec).toDoubleArray(),
                at);
            close("im2col " + at, naiveIm2col(xd, c), got[0], 0);
            assertArrayEquals(new int[] {c[0] * oh * ow, c[1] * c[4] * c[5]}, got[0].shape());
            close("col2im " + at, naiveCol2im(cd, c), got[1], tol);
            close("maxPool " + at, naivePool(xd, null, false, c), got[2], 0);
            assertArrayEquals(new int[] {c[0], c[1], oh, ow}, got[2].shape());
            close("maxPoolBackward " + at, naivePool(xd, gd, false, c), got[3], tol);
            close("avgPool " + at, naivePool(xd, null, true, c), got[4], tol);
            close("avgPoolBackward " + at, naivePool(xd, gd, true, c), got[5], tol);
            for (Tensor t : got) {
              assertEquals(dt, t.dtype(), at);
            }
            if (first == null) {
              first = got;
            } else {
              for (int i = 0; i < got.length; i++) {
                assertArrayEquals(first[i].toDoubleArray(), got[i].toDoubleArray(), "threads " + i);
              }
            }
          }
        }
      }
    } finally {
      ComputePool.setThreads(saved);
    }
  }

  @Test
  void recordedWinnersRouteExactlyAsTheSearchOverTiesNaNsAndSignedZeros() {
    // values from a small set, so that most windows hold ties, NaNs or both zeros
    float[] pool = {Float.NaN, -0f, 0f, 1f, 1f, -1f, 2f, Float.NEGATIVE_INFINITY};
    Random r = new Random(5);
    float[] x = new float[3 * 2 * 8 * 10];
    for (int i = 0; i < x.length; i++) {
      x[i] = pool[r.nextInt(pool.length)];
    }
    float[] gy = new float[3 * 2 * 4 * 5];
    for (int i = 0; i < gy.length; i++) {
      gy[i] = i % 7 == 0 ? -0f : r.nextFloat() - 0.5f;
    }
    Tensor tx = Tensor.of(x, 3, 2, 8, 10);
    Tensor tg = Tensor.of(gy, 3, 2, 4, 5);
    Pooled rec = K.maxPool2dRecording(tx, 2, 2, 2, 0);
    assertTrue(rec.recorded());
    float[] want = K.maxPool2dBackward(tx, tg, 2, 2, 2, 0).toFloatArray();
    float[] got = K.maxPool2dBackward(tx, tg, 2, 2, 2, 0, rec).toFloatArray();
    for (int i = 0; i < want.length; i++) {
      assertEquals(Float.floatToRawIntBits(want[i]), Float.floatToRawIntBits(got[i]), "at " + i);
    }
    float[] y = K.maxPool2d(tx, 2, 2, 2, 0).toFloatArray();
    float[] yr = rec.output().toFloatArray();
    for (int i = 0; i < y.length; i++) {
      assertEquals(Float.floatToRawIntBits(y[i]), Float.floatToRawIntBits(yr[i]), "y at " + i);
    }
    // a record of another geometry is not used: the backward searches and stays right
    Pooled other = K.maxPool2dRecording(Tensor.of(new float[16], 1, 1, 4, 4), 2, 2, 2, 0);
    assertArrayEquals(want, K.maxPool2dBackward(tx, tg, 2, 2, 2, 0, other).toFloatArray());
    assertArrayEquals(
        want, K.maxPool2dBackward(tx, tg, 2, 2, 2, 0, Pooled.of(rec.output())).toFloatArray());
  }

  @Test
  void maxPoolPropagatesNaNAndPicksTheFirstMaximumOnTies() {
    Tensor x = Tensor.of(new float[] {1, 3, 3, 2, Float.NaN, 0, 5, 5}, 1, 2, 2, 2);
    float[] y = K.maxPool2d(x, 2, 2, 2, 0).toFloatArray();
    assertEquals(3f, y[0]);
    assertTrue(Float.isNaN(y[1]));
    float[] g =
        K.maxPool2dBackward(x, Tensor.of(new float[] {10, 20}, 1, 2, 1, 1), 2, 2, 2, 0)
            .toFloatArray();
    assertArrayEquals(new float[] {0, 10, 0, 0, 20, 0, 0, 0}, g);
  }

  @Test
  void twoByTwoPoolRoutesToTheFirstNaNOrTheFirstMaximumInEveryPosition() {
    // windows (row-major a, b / c, d): a NaN last; ties at b and d; max at c; NaN second; all equal
    Tensor x =
        Tensor.of(
            new double[] {
              1,
              2,
              4,
              5,
              1,
              1,
              0,
              7, //
              3,
              Double.NaN,
              4,
              5,
              9,
              1,
              7,
              7
            },
            1,
            1,
            2,
            8);
    double[] y = K.maxPool2d(x, 2, 2, 2, 0).toDoubleArray();
    assertTrue(Double.isNaN(y[0]));
    assertEquals(5.0, y[1]);
    assertEquals(9.0, y[2]);
    assertEquals(7.0, y[3]);
    double[] g =
        K.maxPool2dBackward(x, Tensor.of(new double[] {10, 20, 30, 40}, 1, 1, 1, 4), 2, 2, 2, 0)
            .toDoubleArray();
    assertArrayEquals(new double[] {0, 0, 0, 20, 0, 0, 0, 40, 0, 10, 0, 0, 30, 0, 0, 0}, g, 0.0);
  }
}
