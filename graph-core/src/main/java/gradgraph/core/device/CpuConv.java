package gradgraph.core.device;

import gradgraph.core.tensor.Tensor;

/**
 * Convolution lowering and pooling on the CPU, on NCHW images. Every method works on double copies
 * and returns the input's dtype.
 */
final class CpuConv {
  private CpuConv() {}

  static int outSize(int in, int k, int stride, int pad) {
    return (in + 2 * pad - k) / stride + 1;
  }

  // col[(n·OH + oy)·OW + ox, (c·FH + ky)·FW + kx] = x[n, c, oy·S + ky − P, ox·S + kx − P]
  static Tensor im2col(Tensor x, int fh, int fw, int stride, int pad) {
    int[] s = x.shape();
    int n = s[0];
    int c = s[1];
    int h = s[2];
    int w = s[3];
    int oh = outSize(h, fh, stride, pad);
    int ow = outSize(w, fw, stride, pad);
    double[] a = CpuKernels.doubles(x);
    int cols = c * fh * fw;
    double[] out = new double[n * oh * ow * cols];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int row = ((b * oh + oy) * ow + ox) * cols;
          for (int ch = 0; ch < c; ch++) {
            int plane = (b * c + ch) * h * w;
            for (int ky = 0; ky < fh; ky++) {
              int y = oy * stride + ky - pad;
              for (int kx = 0; kx < fw; kx++) {
                int xx = ox * stride + kx - pad;
                if (y >= 0 && y < h && xx >= 0 && xx < w) {
                  out[row + (ch * fh + ky) * fw + kx] = a[plane + y * w + xx];
                }
              }
            }
          }
        }
      }
    }
    return CpuKernels.wrap(out, new int[] {n * oh * ow, cols}, x.dtype());
  }

  static Tensor col2im(Tensor col, int[] xShape, int fh, int fw, int stride, int pad) {
    int n = xShape[0];
    int c = xShape[1];
    int h = xShape[2];
    int w = xShape[3];
    int oh = outSize(h, fh, stride, pad);
    int ow = outSize(w, fw, stride, pad);
    double[] a = CpuKernels.doubles(col);
    int cols = c * fh * fw;
    double[] out = new double[n * c * h * w];
    for (int b = 0; b < n; b++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          int row = ((b * oh + oy) * ow + ox) * cols;
          for (int ch = 0; ch < c; ch++) {
            int plane = (b * c + ch) * h * w;
            for (int ky = 0; ky < fh; ky++) {
              int y = oy * stride + ky - pad;
              for (int kx = 0; kx < fw; kx++) {
                int xx = ox * stride + kx - pad;
                if (y >= 0 && y < h && xx >= 0 && xx < w) {
                  out[plane + y * w + xx] += a[row + (ch * fh + ky) * fw + kx];
                }
              }
            }
          }
        }
      }
    }
    return CpuKernels.wrap(out, xShape.clone(), col.dtype());
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
    double[] a = CpuKernels.doubles(x);
    double[] g = gy == null ? null : CpuKernels.doubles(gy);
    double[] out = gy == null ? new double[n * c * oh * ow] : new double[a.length];
    for (int p = 0; p < n * c; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          double best = Double.NEGATIVE_INFINITY;
          int arg = -1;
          for (int ky = 0; ky < kh; ky++) {
            int y = oy * stride + ky - pad;
            if (y < 0 || y >= h) {
              continue;
            }
            for (int kx = 0; kx < kw; kx++) {
              int xx = ox * stride + kx - pad;
              if (xx < 0 || xx >= w) {
                continue;
              }
              double v = a[plane + y * w + xx];
              if (arg < 0 || v > best || Double.isNaN(v)) {
                best = v;
                arg = plane + y * w + xx;
              }
            }
          }
          int o = (p * oh + oy) * ow + ox;
          if (g == null) {
            out[o] = best;
          } else if (arg >= 0) {
            out[arg] += g[o];
          }
        }
      }
    }
    int[] shape = gy == null ? new int[] {n, c, oh, ow} : s;
    return CpuKernels.wrap(out, shape, x.dtype());
  }

  static Tensor avgPool(Tensor x, int kh, int kw, int stride, int pad) {
    int[] s = x.shape();
    int n = s[0];
    int c = s[1];
    int h = s[2];
    int w = s[3];
    int oh = outSize(h, kh, stride, pad);
    int ow = outSize(w, kw, stride, pad);
    double[] a = CpuKernels.doubles(x);
    double[] out = new double[n * c * oh * ow];
    double scale = 1.0 / (kh * kw);
    for (int p = 0; p < n * c; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          double sum = 0;
          for (int ky = 0; ky < kh; ky++) {
            int y = oy * stride + ky - pad;
            for (int kx = 0; kx < kw; kx++) {
              int xx = ox * stride + kx - pad;
              if (y >= 0 && y < h && xx >= 0 && xx < w) {
                sum += a[plane + y * w + xx];
              }
            }
          }
          out[(p * oh + oy) * ow + ox] = sum * scale;
        }
      }
    }
    return CpuKernels.wrap(out, new int[] {n, c, oh, ow}, x.dtype());
  }

  static Tensor avgPoolBackward(Tensor gy, int[] xShape, int kh, int kw, int stride, int pad) {
    int n = xShape[0];
    int c = xShape[1];
    int h = xShape[2];
    int w = xShape[3];
    int oh = outSize(h, kh, stride, pad);
    int ow = outSize(w, kw, stride, pad);
    double[] g = CpuKernels.doubles(gy);
    double[] out = new double[n * c * h * w];
    double scale = 1.0 / (kh * kw);
    for (int p = 0; p < n * c; p++) {
      int plane = p * h * w;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          double v = g[(p * oh + oy) * ow + ox] * scale;
          for (int ky = 0; ky < kh; ky++) {
            int y = oy * stride + ky - pad;
            for (int kx = 0; kx < kw; kx++) {
              int xx = ox * stride + kx - pad;
              if (y >= 0 && y < h && xx >= 0 && xx < w) {
                out[plane + y * w + xx] += v;
              }
            }
          }
        }
      }
    }
    return CpuKernels.wrap(out, xShape.clone(), gy.dtype());
  }
}
