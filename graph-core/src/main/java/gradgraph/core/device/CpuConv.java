package gradgraph.core.device;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;

/**
 * Convolution lowering and pooling on the CPU, on NCHW images, with typed loops for FLOAT32 and
 * FLOAT64 (no conversion copies). im2col writes each output row once, left to right; col2im and the
 * pooling kernels hoist the window bounds out of the inner loops. Large batches are split over
 * {@link ComputePool} by images (or planes), so parts never write the same element and results do
 * not depend on the thread count.
 */
final class CpuConv {
  /** From this many elements touched on, a kernel is split over the compute pool. */
  static final long PARALLEL = 1L << 17;

  private CpuConv() {}

  static int outSize(int in, int k, int stride, int pad) {
    return (in + 2 * pad - k) / stride + 1;
  }

  /** Splits {@code [0, count)} over the pool when {@code work} is large enough. */
  private static void forRanges(int count, long work, Range body) {
    int threads = Math.min(ComputePool.threads(), count);
    if (threads <= 1 || work < PARALLEL) {
      body.run(0, count);
      return;
    }
    int[] at = ComputePool.split(count, threads, 1);
    ComputePool.run(threads, t -> body.run(at[t], at[t + 1]));
  }

  @FunctionalInterface
  private interface Range {
    void run(int from, int to);
  }

  static Tensor im2col(Tensor x, int fh, int fw, int stride, int pad) {
    int[] s = x.shape();
    int n = s[0];
    int c = s[1];
    int h = s[2];
    int w = s[3];
    int oh = outSize(h, fh, stride, pad);
    int ow = outSize(w, fw, stride, pad);
    int cols = c * fh * fw;
    int[] shape = {n * oh * ow, cols};
    long work = (long) n * oh * ow * cols;
    if (x.dtype() == DType.FLOAT32) {
      float[] a = CpuKernels.f(x);
      float[] out = new float[n * oh * ow * cols];
      forRanges(n, work, (b0, b1) -> im2col(a, out, b0, b1, c, h, w, fh, fw, stride, pad, oh, ow));
      return CpuKernels.wrap(out, shape);
    }
    double[] a = CpuKernels.d(x);
    double[] out = new double[n * oh * ow * cols];
    forRanges(n, work, (b0, b1) -> im2col(a, out, b0, b1, c, h, w, fh, fw, stride, pad, oh, ow));
    return CpuKernels.wrap(out, shape);
  }

  static Tensor col2im(Tensor col, int[] xShape, int fh, int fw, int stride, int pad) {
    int n = xShape[0];
    int c = xShape[1];
    int h = xShape[2];
    int w = xShape[3];
    int oh = outSize(h, fh, stride, pad);
    int ow = outSize(w, fw, stride, pad);
    long work = (long) col.size();
    if (col.dtype() == DType.FLOAT32) {
      float[] a = CpuKernels.f(col);
      float[] out = new float[n * c * h * w];
      forRanges(n, work, (b0, b1) -> col2im(a, out, b0, b1, c, h, w, fh, fw, stride, pad, oh, ow));
      return CpuKernels.wrap(out, xShape.clone());
    }
    double[] a = CpuKernels.d(col);
    double[] out = new double[n * c * h * w];
    forRanges(n, work, (b0, b1) -> col2im(a, out, b0, b1, c, h, w, fh, fw, stride, pad, oh, ow));
    return CpuKernels.wrap(out, xShape.clone());
  }

  /** Tells whether the fused convolution kernels take these operands: all FLOAT32. */
  static boolean fused(Tensor x, Tensor w, Tensor bias, Tensor gy) {
    return x.dtype() == DType.FLOAT32
        && w.dtype() == DType.FLOAT32
        && (bias == null || bias.dtype() == DType.FLOAT32)
        && (gy == null || gy.dtype() == DType.FLOAT32);
  }

  /**
   * Images per block of the fused convolution's backward: the weight and bias gradients are summed
   * per block, in image order, and the blocks' sums added in block order, so the result does not
   * depend on the thread count.
   */
  static final int CONV_BLOCKS = 8;

  /**
   * One convolution's sizes: x {@code (N, C, H, W)}, W {@code (FN, C, FH, FW)}, stride, padding.
   */
  private record Geometry(
      int n, int c, int h, int w, int fn, int fh, int fw, int stride, int pad, int oh, int ow) {
    static Geometry of(Tensor x, Tensor filters, int stride, int pad) {
      int[] s = x.shape();
      int[] ws = filters.shape();
      return new Geometry(
          s[0],
          s[1],
          s[2],
          s[3],
          ws[0],
          ws[2],
          ws[3],
          stride,
          pad,
          outSize(s[2], ws[2], stride, pad),
          outSize(s[3], ws[3], stride, pad));
    }

    /** Output pixels per plane. */
    int plane() {
      return oh * ow;
    }

    /** Rows of an image's column matrix: {@code C·FH·FW}. */
    int ck() {
      return c * fh * fw;
    }

    /** Multiply-adds of the whole batch's product. */
    long work() {
      return (long) n * plane() * ck() * fn;
    }

    /** The first output column whose input column {@code ox·S + kx − P} is inside the image. */
    int lo(int kx) {
      return Math.min(ow, Math.max(0, -Math.floorDiv(kx - pad, stride)));
    }

    /** One past the last such output column. */
    int hi(int kx) {
      return Math.max(lo(kx), Math.min(ow, Math.floorDiv(w - 1 + pad - kx, stride) + 1));
    }
  }

  /**
   * The convolution one image at a time, for FLOAT32 operands ({@link #fused}): that image's
   * columns, laid out {@code (C·FH·FW, OH·OW)} (Caffe's order: each row a contiguous run of output
   * pixels, copied from a row of the image), are built in a buffer of a few hundred KB that stays
   * in cache and multiplied at once, {@code W' · colₙ}, starting from the bias: the output comes
   * out NCHW and the batch's column matrix never exists.
   */
  static Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int pad) {
    Geometry g = Geometry.of(x, w, stride, pad);
    int fn = g.fn();
    int plane = g.plane();
    int ck = g.ck();
    float[] a = CpuKernels.f(x);
    float[] wa = CpuKernels.f(w);
    float[] ba = bias == null ? null : CpuKernels.f(bias);
    float[] out = new float[g.n() * fn * plane];
    forRanges(
        g.n(),
        g.work(),
        (b0, b1) -> {
          float[] col = new float[ck * plane];
          for (int b = b0; b < b1; b++) {
            columns(a, b, col, g);
            int o = b * fn * plane;
            if (ba != null) {
              for (int f = 0; f < fn; f++) {
                java.util.Arrays.fill(out, o + f * plane, o + (f + 1) * plane, ba[f]);
              }
            }
            CpuGemm.gemm(wa, 0, false, col, 0, false, out, o, fn, plane, ck, 1);
          }
        });
    return CpuKernels.wrap(out, new int[] {g.n(), fn, g.oh(), g.ow()});
  }

  /**
   * The fused convolution's gradients, one image at a time (FLOAT32 operands): the image's columns
   * are rebuilt in a cached buffer for {@code dW += gyₙ · colₙᵀ}, and {@code dcolₙ = W'ᵀ · gyₙ} is
   * folded back into {@code dx} while it is still in cache. Returns {@code {dx, dW, db}}, null
   * where not asked for.
   */
  static Tensor[] conv2dBackward(
      Tensor x,
      Tensor w,
      Tensor gy,
      int stride,
      int pad,
      boolean needX,
      boolean needW,
      boolean needB) {
    Geometry geo = Geometry.of(x, w, stride, pad);
    int n = geo.n();
    int fn = geo.fn();
    int plane = geo.plane();
    int ck = geo.ck();
    int[] at = ComputePool.split(n, Math.max(1, Math.min(n, CONV_BLOCKS)), 1);
    int blocks = at.length - 1;
    int threads = geo.work() < PARALLEL ? 1 : Math.max(1, Math.min(ComputePool.threads(), blocks));
    float[] a = CpuKernels.f(x);
    float[] wa = CpuKernels.f(w);
    float[] g = CpuKernels.f(gy);
    float[] dx = needX ? new float[a.length] : null;
    float[][] dw = new float[blocks][needW ? fn * ck : 0];
    double[][] db = new double[blocks][needB ? fn : 0]; // bias sums in double
    ComputePool.run(
        threads,
        t -> {
          float[] col = needW ? new float[plane * ck] : null;
          float[] dcol = needX ? new float[plane * ck] : null;
          for (int blk = t; blk < blocks; blk += threads) {
            for (int b = at[blk]; b < at[blk + 1]; b++) {
              int o = b * fn * plane;
              if (needW) {
                columns(a, b, col, geo);
                CpuGemm.gemm(g, o, false, col, 0, true, dw[blk], 0, fn, ck, plane, 1);
              }
              if (needB) {
                for (int f = 0; f < fn; f++) {
                  db[blk][f] += CpuKernels.sumRun(g, o + f * plane, plane);
                }
              }
              if (needX) {
                java.util.Arrays.fill(dcol, 0f);
                CpuGemm.gemm(wa, 0, true, g, o, false, dcol, 0, ck, plane, fn, 1);
                uncolumns(dcol, b, dx, geo);
              }
            }
          }
        });
    return new Tensor[] {
      needX ? CpuKernels.wrap(dx, x.shape()) : null,
      needW ? CpuKernels.wrap(sumBlocks(dw), w.shape()) : null,
      needB ? CpuKernels.wrap(sumBlocks(db), new int[] {fn}, DType.FLOAT32) : null
    };
  }

  /**
   * Image {@code b}'s columns in Caffe's layout: {@code col[(ch·FH + ky)·FW + kx, oy·OW + ox] =
   * x[b, ch, oy·S + ky − P, ox·S + kx − P]}, 0 outside the image; every element written.
   */
  private static void columns(float[] a, int b, float[] col, Geometry g) {
    int plane = g.plane();
    int ow = g.ow();
    int stride = g.stride();
    int r = 0;
    for (int ch = 0; ch < g.c(); ch++) {
      int src = (b * g.c() + ch) * g.h() * g.w();
      for (int ky = 0; ky < g.fh(); ky++) {
        for (int kx = 0; kx < g.fw(); kx++, r++) {
          int lo = g.lo(kx);
          int hi = g.hi(kx);
          for (int oy = 0; oy < g.oh(); oy++) {
            int dst = r * plane + oy * ow;
            int y = oy * stride + ky - g.pad();
            if (y < 0 || y >= g.h()) {
              java.util.Arrays.fill(col, dst, dst + ow, 0f);
              continue;
            }
            java.util.Arrays.fill(col, dst, dst + lo, 0f);
            int row = src + y * g.w() + kx - g.pad();
            if (stride == 1) {
              System.arraycopy(a, row + lo, col, dst + lo, hi - lo);
            } else {
              for (int ox = lo; ox < hi; ox++) {
                col[dst + ox] = a[row + ox * stride];
              }
            }
            java.util.Arrays.fill(col, dst + hi, dst + ow, 0f);
          }
        }
      }
    }
  }

  /** The adjoint of {@link #columns}: adds image {@code b}'s column gradients into {@code dx}. */
  private static void uncolumns(float[] col, int b, float[] dx, Geometry g) {
    int plane = g.plane();
    int stride = g.stride();
    int r = 0;
    for (int ch = 0; ch < g.c(); ch++) {
      int dstPlane = (b * g.c() + ch) * g.h() * g.w();
      for (int ky = 0; ky < g.fh(); ky++) {
        for (int kx = 0; kx < g.fw(); kx++, r++) {
          int lo = g.lo(kx);
          int hi = g.hi(kx);
          for (int oy = 0; oy < g.oh(); oy++) {
            int y = oy * stride + ky - g.pad();
            if (y < 0 || y >= g.h()) {
              continue;
            }
            int src = r * plane + oy * g.ow();
            int row = dstPlane + y * g.w() + kx - g.pad();
            for (int ox = lo; ox < hi; ox++) {
              dx[row + ox * stride] += col[src + ox];
            }
          }
        }
      }
    }
  }

  /** The blocks' partial sums added in block order (the bias sums are kept in double). */
  private static double[] sumBlocks(double[][] parts) {
    double[] sum = parts[0].clone();
    for (int p = 1; p < parts.length; p++) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += parts[p][i];
      }
    }
    return sum;
  }

  /** The blocks' partial sums added in block order. */
  private static float[] sumBlocks(float[][] parts) {
    float[] sum = parts[0].clone();
    for (int p = 1; p < parts.length; p++) {
      for (int i = 0; i < sum.length; i++) {
        sum[i] += parts[p][i];
      }
    }
    return sum;
  }

  /** Forward when {@code gy} is null; otherwise routes {@code gy} to each window's first max. */
  static Tensor maxPool(Tensor x, Tensor gy, int kh, int kw, int stride, int pad) {
    int[] s = x.shape();
    int n = s[0];
    int c = s[1];
    int h = s[2];
    int w = s[3];
    int oh = outSize(h, kh, stride, pad);
    int ow = outSize(w, kw, stride, pad);
    int[] shape = gy == null ? new int[] {n, c, oh, ow} : s;
    long work = (long) x.size();
    if (x.dtype() == DType.FLOAT32) {
      float[] a = CpuKernels.f(x);
      float[] g = gy == null ? null : CpuKernels.f(CpuKernels.INSTANCE.cast(gy, DType.FLOAT32));
      float[] out = gy == null ? new float[n * c * oh * ow] : new float[a.length];
      if (kh == 2 && kw == 2 && stride == 2 && pad == 0) {
        // the CNNs' 2×2 pool: no separable pass, four loads per window
        forRanges(n * c, work, (p0, p1) -> maxPool2x2(a, g, out, null, p0, p1, h, w, oh, ow));
      } else if (g == null) {
        forRanges(
            n * c,
            work,
            (p0, p1) -> maxPoolForward(a, out, p0, p1, h, w, kh, kw, stride, pad, oh, ow));
      } else {
        forRanges(
            n * c,
            work,
            (p0, p1) -> maxPoolBackward(a, g, out, p0, p1, h, w, kh, kw, stride, pad, oh, ow));
      }
      return CpuKernels.wrap(out, shape);
    }
    double[] a = CpuKernels.d(x);
    double[] g = gy == null ? null : CpuKernels.d(CpuKernels.INSTANCE.cast(gy, DType.FLOAT64));
    double[] out = gy == null ? new double[n * c * oh * ow] : new double[a.length];
    if (kh == 2 && kw == 2 && stride == 2 && pad == 0) {
      forRanges(n * c, work, (p0, p1) -> maxPool2x2(a, g, out, p0, p1, h, w, oh, ow));
    } else if (g == null) {
      forRanges(
          n * c,
          work,
          (p0, p1) -> maxPoolForward(a, out, p0, p1, h, w, kh, kw, stride, pad, oh, ow));
    } else {
      forRanges(
          n * c,
          work,
          (p0, p1) -> maxPoolBackward(a, g, out, p0, p1, h, w, kh, kw, stride, pad, oh, ow));
    }
    return CpuKernels.wrap(out, shape);
  }

  /** Tells whether the 2×2 float kernel, which records winners, applies. */
  private static boolean records(Tensor x, int kh, int kw, int stride, int pad) {
    return x.dtype() == DType.FLOAT32 && kh == 2 && kw == 2 && stride == 2 && pad == 0;
  }

  /**
   * Forward that also records each window's winner (the element its backward would pick) for the
   * 2×2 FLOAT32 pool, so the backward writes gradients without reading {@code x} again.
   */
  static Pooled maxPoolRecording(Tensor x, int kh, int kw, int stride, int pad) {
    if (!records(x, kh, kw, stride, pad)) {
      return Pooled.of(maxPool(x, null, kh, kw, stride, pad));
    }
    int[] s = x.shape();
    int n = s[0];
    int c = s[1];
    int h = s[2];
    int w = s[3];
    int oh = outSize(h, kh, stride, pad);
    int ow = outSize(w, kw, stride, pad);
    float[] a = CpuKernels.f(x);
    float[] out = new float[n * c * oh * ow];
    byte[] win = new byte[out.length];
    forRanges(n * c, x.size(), (p0, p1) -> maxPool2x2(a, null, out, win, p0, p1, h, w, oh, ow));
    return new Pooled(CpuKernels.wrap(out, new int[] {n, c, oh, ow}), win);
  }

  /** The backward, from the recorded winners when {@code pooled} has them for this geometry. */
  static Tensor maxPoolBackward(
      Tensor x, Tensor gy, int kh, int kw, int stride, int pad, Pooled pooled) {
    if (pooled == null
        || pooled.winners == null
        || !records(x, kh, kw, stride, pad)
        || pooled.winners.length != gy.size()) {
      return maxPool(x, gy, kh, kw, stride, pad);
    }
    int[] s = x.shape();
    int h = s[2];
    int w = s[3];
    int oh = outSize(h, kh, stride, pad);
    int ow = outSize(w, kw, stride, pad);
    byte[] win = pooled.winners;
    float[] g = CpuKernels.f(CpuKernels.INSTANCE.cast(gy, DType.FLOAT32));
    float[] out = new float[x.size()];
    forRanges(
        s[0] * s[1], x.size(), (p0, p1) -> maxPool2x2(null, g, out, win, p0, p1, h, w, oh, ow));
    return CpuKernels.wrap(out, s);
  }

  static Tensor avgPool(Tensor x, int kh, int kw, int stride, int pad) {
    int[] s = x.shape();
    int n = s[0];
    int c = s[1];
    int h = s[2];
    int w = s[3];
    int oh = outSize(h, kh, stride, pad);
    int ow = outSize(w, kw, stride, pad);
    int[] shape = {n, c, oh, ow};
    long work = (long) x.size();
    if (x.dtype() == DType.FLOAT32) {
      float[] a = CpuKernels.f(x);
      float[] out = new float[n * c * oh * ow];
      forRanges(
          n * c, work, (p0, p1) -> avgPool(a, out, p0, p1, h, w, kh, kw, stride, pad, oh, ow));
      return CpuKernels.wrap(out, shape);
    }
    double[] a = CpuKernels.d(x);
    double[] out = new double[n * c * oh * ow];
    forRanges(n * c, work, (p0, p1) -> avgPool(a, out, p0, p1, h, w, kh, kw, stride, pad, oh, ow));
    return CpuKernels.wrap(out, shape);
  }

  static Tensor avgPoolBackward(Tensor gy, int[] xShape, int kh, int kw, int stride, int pad) {
    int n = xShape[0];
    int c = xShape[1];
    int h = xShape[2];
    int w = xShape[3];
    int oh = outSize(h, kh, stride, pad);
    int ow = outSize(w, kw, stride, pad);
    long work = (long) n * c * h * w;
    if (gy.dtype() == DType.FLOAT32) {
      float[] g = CpuKernels.f(gy);
      float[] out = new float[n * c * h * w];
      forRanges(
          n * c,
          work,
          (p0, p1) -> avgPoolBackward(g, out, p0, p1, h, w, kh, kw, stride, pad, oh, ow));
      return CpuKernels.wrap(out, xShape.clone());
    }
    double[] g = CpuKernels.d(gy);
    double[] out = new double[n * c * h * w];
    forRanges(
        n * c,
        work,
        (p0, p1) -> avgPoolBackward(g, out, p0, p1, h, w, kh, kw, stride, pad, oh, ow));
    return CpuKernels.wrap(out, xShape.clone());
  }

  // col[(n·OH + oy)·OW + ox, (c·FH + ky)·FW + kx] = x[n, c, oy·S + ky − P, ox·S + kx − P]: each
  // output row is written once, left to right; the kx run is contiguous in x when stride is 1
  private static void im2col(
      float[] a,
      float[] out,
      int b0,
      int b1,
      int c,
      int h,
      int w,
      int fh,
      int fw,
      int stride,
      int pad,
      int oh,
      int ow) {
    int cols = c * fh * fw;
    for (int b = b0; b < b1; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int row = ((b * oh + oy) * ow + ox) * cols;
          int x0 = ox * stride - pad;
          boolean inside = x0 >= 0 && x0 + fw <= w;
          for (int ch = 0; ch < c; ch++) {
            int plane = (b * c + ch) * h * w;
            for (int ky = 0; ky < fh; ky++) {
              int y = oy * stride + ky - pad;
              if (y < 0 || y >= h) {
                continue; // zeros already
              }
              int o = row + (ch * fh + ky) * fw;
              int src = plane + y * w + x0;
              if (inside) {
                for (int kx = 0; kx < fw; kx++) {
                  out[o + kx] = a[src + kx];
                }
              } else {
                for (int kx = 0; kx < fw; kx++) {
                  int xx = x0 + kx;
                  if (xx >= 0 && xx < w) {
                    out[o + kx] = a[src + kx];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  // the adjoint of im2col; images b0..b1 only, so parts never write the same element
  private static void col2im(
      float[] col,
      float[] out,
      int b0,
      int b1,
      int c,
      int h,
      int w,
      int fh,
      int fw,
      int stride,
      int pad,
      int oh,
      int ow) {
    int cols = c * fh * fw;
    for (int b = b0; b < b1; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int row = ((b * oh + oy) * ow + ox) * cols;
          int x0 = ox * stride - pad;
          boolean inside = x0 >= 0 && x0 + fw <= w;
          for (int ch = 0; ch < c; ch++) {
            int plane = (b * c + ch) * h * w;
            for (int ky = 0; ky < fh; ky++) {
              int y = oy * stride + ky - pad;
              if (y < 0 || y >= h) {
                continue;
              }
              int o = row + (ch * fh + ky) * fw;
              int dst = plane + y * w + x0;
              if (inside) {
                for (int kx = 0; kx < fw; kx++) {
                  out[dst + kx] += col[o + kx];
                }
              } else {
                for (int kx = 0; kx < fw; kx++) {
                  int xx = x0 + kx;
                  if (xx >= 0 && xx < w) {
                    out[dst + kx] += col[o + kx];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  // planes p0..p1 of (N·C, H, W): each window's maximum (NaN wins). Separable: the maximum over
  // the window's rows first, a whole row at a time into a scratch row (a loop C2 vectorizes), then
  // over its columns; the window-by-window loop with a compare per element ran at 20-30 ns per
  // window
  private static void maxPoolForward(
      float[] a,
      float[] out,
      int p0,
      int p1,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow) {
    float[] rowMax = new float[w];
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * stride - pad;
        int ya = Math.max(0, y0);
        int yb = Math.min(h, y0 + kh);
        int o = (p * oh + oy) * ow;
        if (ya >= yb) {
          java.util.Arrays.fill(out, o, o + ow, Float.NEGATIVE_INFINITY); // padding only
          continue;
        }
        System.arraycopy(a, plane + ya * w, rowMax, 0, w);
        for (int y = ya + 1; y < yb; y++) {
          int r = plane + y * w;
          for (int x = 0; x < w; x++) {
            rowMax[x] = Math.max(rowMax[x], a[r + x]);
          }
        }
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * stride - pad;
          int xa = Math.max(0, x0);
          int xb = Math.min(w, x0 + kw);
          float best = Float.NEGATIVE_INFINITY;
          for (int xx = xa; xx < xb; xx++) {
            best = Math.max(best, rowMax[xx]);
          }
          out[o + ox] = best;
        }
      }
    }
  }

  // the gradient: g to each window's first max (row-major; the first NaN when there is one). The
  // maximum comes from the separable pass of the forward kernel; the window is then scanned
  // backwards with a branch-free select, so the last hit, which is the first in row-major order,
  // wins
  private static void maxPoolBackward(
      float[] a,
      float[] g,
      float[] out,
      int p0,
      int p1,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow) {
    float[] rowMax = new float[w];
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * stride - pad;
        int ya = Math.max(0, y0);
        int yb = Math.min(h, y0 + kh);
        if (ya >= yb) {
          continue;
        }
        System.arraycopy(a, plane + ya * w, rowMax, 0, w);
        for (int y = ya + 1; y < yb; y++) {
          int r = plane + y * w;
          for (int x = 0; x < w; x++) {
            rowMax[x] = Math.max(rowMax[x], a[r + x]);
          }
        }
        int o = (p * oh + oy) * ow;
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * stride - pad;
          int xa = Math.max(0, x0);
          int xb = Math.min(w, x0 + kw);
          if (xa >= xb) {
            continue;
          }
          float best = Float.NEGATIVE_INFINITY;
          for (int xx = xa; xx < xb; xx++) {
            best = Math.max(best, rowMax[xx]);
          }
          boolean nan = best != best;
          int arg = -1;
          for (int y = yb - 1; y >= ya; y--) {
            int r = plane + y * w;
            for (int xx = xb - 1; xx >= xa; xx--) {
              float v = a[r + xx];
              arg = v == best || (nan && v != v) ? r + xx : arg;
            }
          }
          out[arg] += g[o + ox];
        }
      }
    }
  }

  /**
   * An int that orders as the float does under {@code >}, with every NaN above +∞ and −0 equal to
   * +0 (so ties between them go to the first, as in the general kernel).
   */
  private static int orderKey(float f) {
    int b = Float.floatToIntBits(f + 0f); // one NaN pattern, positive; −0 + 0 = +0
    return b ^ ((b >> 31) & 0x7fffffff);
  }

  // 2×2 windows, stride 2, no padding: the forward takes the max of four values (NaN wins, as
  // Math.max does); the backward sends g to the window's first maximum in row-major order, or to
  // its first NaN, exactly as the general kernels do. With win, the forward also records each
  // window's winner (as a position 0–3) and the backward reads it instead of searching a.
  private static void maxPool2x2(
      float[] a, float[] g, float[] out, byte[] win, int p0, int p1, int h, int w, int oh, int ow) {
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int r0 = plane + 2 * oy * w;
        int r1 = r0 + w;
        int o = (p * oh + oy) * ow;
        if (g == null && win == null) {
          for (int ox = 0; ox < ow; ox++) {
            int i = 2 * ox;
            out[o + ox] =
                Math.max(Math.max(a[r0 + i], a[r0 + i + 1]), Math.max(a[r1 + i], a[r1 + i + 1]));
          }
        } else if (g == null) {
          for (int ox = 0; ox < ow; ox++) {
            int i = 2 * ox;
            float v0 = a[r0 + i];
            float v1 = a[r0 + i + 1];
            float v2 = a[r1 + i];
            float v3 = a[r1 + i + 1];
            float m = Math.max(Math.max(v0, v1), Math.max(v2, v3));
            out[o + ox] = m;
            // the first element equal to the max (−0 == +0), or the first NaN when the max is NaN
            // (then no element equals it): a bit per candidate, the lowest set bit wins
            int hit =
                (v0 == m | v0 != v0 ? 1 : 0)
                    | (v1 == m | v1 != v1 ? 2 : 0)
                    | (v2 == m | v2 != v2 ? 4 : 0)
                    | 8;
            win[o + ox] = (byte) Integer.numberOfTrailingZeros(hit);
          }
        } else if (win != null) {
          for (int ox = 0; ox < ow; ox++) {
            int k = win[o + ox];
            out[r0 + 2 * ox + (k & 1) + (k >> 1) * w] += g[o + ox];
          }
        } else {
          for (int ox = 0; ox < ow; ox++) {
            int i = 2 * ox;
            // each value as an int that orders like the float (NaN above everything), shifted
            // left to carry 3 − position: the largest key is the first maximum (or first NaN),
            // found with max instructions instead of branches whose outcomes are random
            long c0 = ((long) orderKey(a[r0 + i]) << 2) | 3;
            long c1 = ((long) orderKey(a[r0 + i + 1]) << 2) | 2;
            long c2 = ((long) orderKey(a[r1 + i]) << 2) | 1;
            long c3 = (long) orderKey(a[r1 + i + 1]) << 2;
            int k = 3 - (int) (Math.max(Math.max(c0, c1), Math.max(c2, c3)) & 3);
            out[r0 + i + (k & 1) + (k >> 1) * w] += g[o + ox];
          }
        }
      }
    }
  }

  // the float64 twin of the 2×2 kernel above
  private static void maxPool2x2(
      double[] a, double[] g, double[] out, int p0, int p1, int h, int w, int oh, int ow) {
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int r0 = plane + 2 * oy * w;
        int r1 = r0 + w;
        int o = (p * oh + oy) * ow;
        if (g == null) {
          for (int ox = 0; ox < ow; ox++) {
            int i = 2 * ox;
            out[o + ox] =
                Math.max(Math.max(a[r0 + i], a[r0 + i + 1]), Math.max(a[r1 + i], a[r1 + i + 1]));
          }
        } else {
          for (int ox = 0; ox < ow; ox++) {
            int i = 2 * ox;
            double v0 = a[r0 + i];
            double v1 = a[r0 + i + 1];
            double v2 = a[r1 + i];
            double v3 = a[r1 + i + 1];
            int k;
            if (v0 != v0 || v1 != v1 || v2 != v2 || v3 != v3) {
              k = v0 != v0 ? 0 : v1 != v1 ? 1 : v2 != v2 ? 2 : 3; // the first NaN
            } else {
              // the first maximum, as selects rather than branches (the outcomes are random)
              int k01 = v1 > v0 ? 1 : 0;
              double m01 = v1 > v0 ? v1 : v0;
              int k23 = v3 > v2 ? 3 : 2;
              double m23 = v3 > v2 ? v3 : v2;
              k = m23 > m01 ? k23 : k01;
            }
            out[r0 + i + (k & 1) + (k >> 1) * w] += g[o + ox];
          }
        }
      }
    }
  }

  private static void avgPool(
      float[] a,
      float[] out,
      int p0,
      int p1,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow) {
    double scale = 1.0 / (kh * kw);
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * stride - pad;
        int ya = Math.max(0, y0);
        int yb = Math.min(h, y0 + kh);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * stride - pad;
          int xa = Math.max(0, x0);
          int xb = Math.min(w, x0 + kw);
          double sum = 0;
          for (int y = ya; y < yb; y++) {
            int r = plane + y * w;
            for (int xx = xa; xx < xb; xx++) {
              sum += a[r + xx];
            }
          }
          out[(p * oh + oy) * ow + ox] = (float) (sum * scale);
        }
      }
    }
  }

  private static void avgPoolBackward(
      float[] g,
      float[] out,
      int p0,
      int p1,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow) {
    double scale = 1.0 / (kh * kw);
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * stride - pad;
        int ya = Math.max(0, y0);
        int yb = Math.min(h, y0 + kh);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * stride - pad;
          int xa = Math.max(0, x0);
          int xb = Math.min(w, x0 + kw);
          float v = (float) (g[(p * oh + oy) * ow + ox] * scale);
          for (int y = ya; y < yb; y++) {
            int r = plane + y * w;
            for (int xx = xa; xx < xb; xx++) {
              out[r + xx] += v;
            }
          }
        }
      }
    }
  }

  // col[(n·OH + oy)·OW + ox, (c·FH + ky)·FW + kx] = x[n, c, oy·S + ky − P, ox·S + kx − P]: each
  // output row is written once, left to right; the kx run is contiguous in x when stride is 1
  private static void im2col(
      double[] a,
      double[] out,
      int b0,
      int b1,
      int c,
      int h,
      int w,
      int fh,
      int fw,
      int stride,
      int pad,
      int oh,
      int ow) {
    int cols = c * fh * fw;
    for (int b = b0; b < b1; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int row = ((b * oh + oy) * ow + ox) * cols;
          int x0 = ox * stride - pad;
          boolean inside = x0 >= 0 && x0 + fw <= w;
          for (int ch = 0; ch < c; ch++) {
            int plane = (b * c + ch) * h * w;
            for (int ky = 0; ky < fh; ky++) {
              int y = oy * stride + ky - pad;
              if (y < 0 || y >= h) {
                continue; // zeros already
              }
              int o = row + (ch * fh + ky) * fw;
              int src = plane + y * w + x0;
              if (inside) {
                for (int kx = 0; kx < fw; kx++) {
                  out[o + kx] = a[src + kx];
                }
              } else {
                for (int kx = 0; kx < fw; kx++) {
                  int xx = x0 + kx;
                  if (xx >= 0 && xx < w) {
                    out[o + kx] = a[src + kx];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  // the adjoint of im2col; images b0..b1 only, so parts never write the same element
  private static void col2im(
      double[] col,
      double[] out,
      int b0,
      int b1,
      int c,
      int h,
      int w,
      int fh,
      int fw,
      int stride,
      int pad,
      int oh,
      int ow) {
    int cols = c * fh * fw;
    for (int b = b0; b < b1; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int row = ((b * oh + oy) * ow + ox) * cols;
          int x0 = ox * stride - pad;
          boolean inside = x0 >= 0 && x0 + fw <= w;
          for (int ch = 0; ch < c; ch++) {
            int plane = (b * c + ch) * h * w;
            for (int ky = 0; ky < fh; ky++) {
              int y = oy * stride + ky - pad;
              if (y < 0 || y >= h) {
                continue;
              }
              int o = row + (ch * fh + ky) * fw;
              int dst = plane + y * w + x0;
              if (inside) {
                for (int kx = 0; kx < fw; kx++) {
                  out[dst + kx] += col[o + kx];
                }
              } else {
                for (int kx = 0; kx < fw; kx++) {
                  int xx = x0 + kx;
                  if (xx >= 0 && xx < w) {
                    out[dst + kx] += col[o + kx];
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  // planes p0..p1 of (N·C, H, W): each window's maximum (NaN wins). Separable: the maximum over
  // the window's rows first, a whole row at a time into a scratch row (a loop C2 vectorizes), then
  // over its columns; the window-by-window loop with a compare per element ran at 20-30 ns per
  // window
  private static void maxPoolForward(
      double[] a,
      double[] out,
      int p0,
      int p1,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow) {
    double[] rowMax = new double[w];
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * stride - pad;
        int ya = Math.max(0, y0);
        int yb = Math.min(h, y0 + kh);
        int o = (p * oh + oy) * ow;
        if (ya >= yb) {
          java.util.Arrays.fill(out, o, o + ow, Double.NEGATIVE_INFINITY); // padding only
          continue;
        }
        System.arraycopy(a, plane + ya * w, rowMax, 0, w);
        for (int y = ya + 1; y < yb; y++) {
          int r = plane + y * w;
          for (int x = 0; x < w; x++) {
            rowMax[x] = Math.max(rowMax[x], a[r + x]);
          }
        }
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * stride - pad;
          int xa = Math.max(0, x0);
          int xb = Math.min(w, x0 + kw);
          double best = Double.NEGATIVE_INFINITY;
          for (int xx = xa; xx < xb; xx++) {
            best = Math.max(best, rowMax[xx]);
          }
          out[o + ox] = best;
        }
      }
    }
  }

  // the gradient: g to each window's first max (row-major; the first NaN when there is one). The
  // maximum comes from the separable pass of the forward kernel; the window is then scanned
  // backwards with a branch-free select, so the last hit, which is the first in row-major order,
  // wins
  private static void maxPoolBackward(
      double[] a,
      double[] g,
      double[] out,
      int p0,
      int p1,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow) {
    double[] rowMax = new double[w];
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * stride - pad;
        int ya = Math.max(0, y0);
        int yb = Math.min(h, y0 + kh);
        if (ya >= yb) {
          continue;
        }
        System.arraycopy(a, plane + ya * w, rowMax, 0, w);
        for (int y = ya + 1; y < yb; y++) {
          int r = plane + y * w;
          for (int x = 0; x < w; x++) {
            rowMax[x] = Math.max(rowMax[x], a[r + x]);
          }
        }
        int o = (p * oh + oy) * ow;
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * stride - pad;
          int xa = Math.max(0, x0);
          int xb = Math.min(w, x0 + kw);
          if (xa >= xb) {
            continue;
          }
          double best = Double.NEGATIVE_INFINITY;
          for (int xx = xa; xx < xb; xx++) {
            best = Math.max(best, rowMax[xx]);
          }
          boolean nan = best != best;
          int arg = -1;
          for (int y = yb - 1; y >= ya; y--) {
            int r = plane + y * w;
            for (int xx = xb - 1; xx >= xa; xx--) {
              double v = a[r + xx];
              arg = v == best || (nan && v != v) ? r + xx : arg;
            }
          }
          out[arg] += g[o + ox];
        }
      }
    }
  }

  private static void avgPool(
      double[] a,
      double[] out,
      int p0,
      int p1,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow) {
    double scale = 1.0 / (kh * kw);
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * stride - pad;
        int ya = Math.max(0, y0);
        int yb = Math.min(h, y0 + kh);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * stride - pad;
          int xa = Math.max(0, x0);
          int xb = Math.min(w, x0 + kw);
          double sum = 0;
          for (int y = ya; y < yb; y++) {
            int r = plane + y * w;
            for (int xx = xa; xx < xb; xx++) {
              sum += a[r + xx];
            }
          }
          out[(p * oh + oy) * ow + ox] = (sum * scale);
        }
      }
    }
  }

  private static void avgPoolBackward(
      double[] g,
      double[] out,
      int p0,
      int p1,
      int h,
      int w,
      int kh,
      int kw,
      int stride,
      int pad,
      int oh,
      int ow) {
    double scale = 1.0 / (kh * kw);
    for (int p = p0; p < p1; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        int y0 = oy * stride - pad;
        int ya = Math.max(0, y0);
        int yb = Math.min(h, y0 + kh);
        for (int ox = 0; ox < ow; ox++) {
          int x0 = ox * stride - pad;
          int xa = Math.max(0, x0);
          int xb = Math.min(w, x0 + kw);
          double v = (g[(p * oh + oy) * ow + ox] * scale);
          for (int y = ya; y < yb; y++) {
            int r = plane + y * w;
            for (int xx = xa; xx < xb; xx++) {
              out[r + xx] += v;
            }
          }
        }
      }
    }
  }
}
