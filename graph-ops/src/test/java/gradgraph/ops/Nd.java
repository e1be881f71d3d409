package gradgraph.ops;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A plain double array with a shape, and the reference implementations the op table compares
 * against: direct Java loops, independent of the kernels (no Tensor math inside).
 *
 * @param data the elements, row-major
 * @param shape the shape
 */
public record Nd(double[] data, int[] shape) {

  /**
   * Creates an array of zeros.
   *
   * @param shape the shape
   * @return the array
   */
  public static Nd zeros(int... shape) {
    return new Nd(new double[size(shape)], shape.clone());
  }

  /**
   * Creates a scalar.
   *
   * @param v the value
   * @return a rank-0 array
   */
  public static Nd scalar(double v) {
    return new Nd(new double[] {v}, new int[0]);
  }

  static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  int size() {
    return data.length;
  }

  static int[] strides(int[] shape) {
    int[] s = new int[shape.length];
    int acc = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= shape[i];
    }
    return s;
  }

  static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      if (shape[d] > 0) {
        idx[d] = flat % shape[d];
        flat /= shape[d];
      }
    }
    return idx;
  }

  static int ravel(int[] idx, int[] shape) {
    int f = 0;
    for (int d = 0; d < shape.length; d++) {
      f = f * shape[d] + idx[d];
    }
    return f;
  }

  /**
   * Reads an element.
   *
   * @param idx one index per dimension
   * @return the element
   */
  public double at(int... idx) {
    return data[ravel(idx, shape)];
  }

  // ---------------------------------------------------------------- elementwise

  /**
   * Applies a function to every element.
   *
   * @param f the function
   * @return the result
   */
  public Nd map(DoubleUnaryOperator f) {
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = f.applyAsDouble(data[i]);
    }
    return new Nd(out, shape.clone());
  }

  static int[] broadcastShape(int[] a, int[] b) {
    int r = Math.max(a.length, b.length);
    int[] out = new int[r];
    for (int i = 0; i < r; i++) {
      int da = i < r - a.length ? 1 : a[i - (r - a.length)];
      int db = i < r - b.length ? 1 : b[i - (r - b.length)];
      out[i] = da == 1 ? db : da;
    }
    return out;
  }

  /**
   * Reads the element of a broadcast operand at an index of the broadcast shape.
   *
   * @param outIdx the index in the broadcast shape
   * @return the element
   */
  double atBroadcast(int[] outIdx) {
    int off = outIdx.length - shape.length;
    int f = 0;
    for (int d = 0; d < shape.length; d++) {
      int i = shape[d] == 1 ? 0 : outIdx[d + off];
      f = f * shape[d] + i;
    }
    return data[f];
  }

  /**
   * Combines two arrays elementwise with NumPy broadcasting.
   *
   * @param a first operand
   * @param b second operand
   * @param f the function
   * @return the result
   */
  public static Nd zip(Nd a, Nd b, DoubleBinaryOperator f) {
    int[] s = broadcastShape(a.shape, b.shape);
    double[] out = new double[size(s)];
    for (int i = 0; i < out.length; i++) {
      int[] idx = unravel(i, s);
      out[i] = f.applyAsDouble(a.atBroadcast(idx), b.atBroadcast(idx));
    }
    return new Nd(out, s);
  }

  /**
   * Broadcasts to a shape.
   *
   * @param s the target shape
   * @return the result
   */
  public Nd broadcastTo(int... s) {
    double[] out = new double[size(s)];
    for (int i = 0; i < out.length; i++) {
      out[i] = atBroadcast(unravel(i, s));
    }
    return new Nd(out, s.clone());
  }

  /**
   * Sums down to a shape that broadcasts to this one.
   *
   * @param s the target shape
   * @return the result
   */
  public Nd sumTo(int... s) {
    double[] out = new double[size(s)];
    int off = shape.length - s.length;
    for (int i = 0; i < data.length; i++) {
      int[] idx = unravel(i, shape);
      int f = 0;
      for (int d = 0; d < s.length; d++) {
        f = f * s[d] + (s[d] == 1 ? 0 : idx[d + off]);
      }
      out[f] += data[i];
    }
    return new Nd(out, s.clone());
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Reduces over axes.
   *
   * @param axes the axes (normalized or negative); empty means all
   * @param keep whether to keep reduced axes as size 1
   * @param init the identity
   * @param f the combining function
   * @return the result
   */
  public Nd reduce(int[] axes, boolean keep, double init, DoubleBinaryOperator f) {
    boolean[] red = new boolean[shape.length];
    if (axes.length == 0) {
      Arrays.fill(red, true);
    }
    for (int a : axes) {
      red[a < 0 ? a + shape.length : a] = true;
    }
    int[] kept = shape.clone();
    int n = 0;
    for (int d = 0; d < shape.length; d++) {
      if (red[d]) {
        kept[d] = 1;
      } else {
        n++;
      }
    }
    double[] out = new double[size(kept)];
    Arrays.fill(out, init);
    for (int i = 0; i < data.length; i++) {
      int[] idx = unravel(i, shape);
      for (int d = 0; d < shape.length; d++) {
        if (red[d]) {
          idx[d] = 0;
        }
      }
      int o = ravel(idx, kept);
      out[o] = f.applyAsDouble(out[o], data[i]);
    }
    if (keep) {
      return new Nd(out, kept);
    }
    int[] s = new int[n];
    for (int d = 0, k = 0; d < shape.length; d++) {
      if (!red[d]) {
        s[k++] = shape[d];
      }
    }
    return new Nd(out, s);
  }

  /**
   * Sums over axes.
   *
   * @param keep whether to keep reduced axes
   * @param axes the axes; empty means all
   * @return the result
   */
  public Nd sum(boolean keep, int... axes) {
    return reduce(axes, keep, 0, Double::sum);
  }

  /**
   * The element count over some axes.
   *
   * @param axes the axes; empty means all
   * @return the product of their lengths
   */
  public int count(int... axes) {
    if (axes.length == 0) {
      return data.length;
    }
    int c = 1;
    for (int a : axes) {
      c *= shape[a < 0 ? a + shape.length : a];
    }
    return c;
  }

  // ---------------------------------------------------------------- movement

  /**
   * Reinterprets the shape.
   *
   * @param s the new shape (no -1)
   * @return the result
   */
  public Nd reshape(int... s) {
    return new Nd(data.clone(), s.clone());
  }

  /**
   * Permutes axes.
   *
   * @param axes output dimension {@code i} is input dimension {@code axes[i]}
   * @return the result
   */
  public Nd permute(int... axes) {
    int[] s = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      s[i] = shape[axes[i]];
    }
    double[] out = new double[data.length];
    for (int i = 0; i < out.length; i++) {
      int[] oi = unravel(i, s);
      int[] ii = new int[axes.length];
      for (int d = 0; d < axes.length; d++) {
        ii[axes[d]] = oi[d];
      }
      out[i] = data[ravel(ii, shape)];
    }
    return new Nd(out, s);
  }

  /**
   * Copies a box.
   *
   * @param begin first index per dimension
   * @param end last index per dimension, exclusive
   * @return the result
   */
  public Nd slice(int[] begin, int[] end) {
    int[] s = new int[shape.length];
    for (int d = 0; d < s.length; d++) {
      s[d] = end[d] - begin[d];
    }
    double[] out = new double[size(s)];
    for (int i = 0; i < out.length; i++) {
      int[] idx = unravel(i, s);
      for (int d = 0; d < s.length; d++) {
        idx[d] += begin[d];
      }
      out[i] = data[ravel(idx, shape)];
    }
    return new Nd(out, s);
  }

  /**
   * Selects entries along axis 0.
   *
   * @param rows the indices
   * @return the result
   */
  public Nd rows(int... rows) {
    int inner = shape.length == 0 ? 1 : data.length / Math.max(1, shape[0]);
    int[] s = shape.clone();
    s[0] = rows.length;
    double[] out = new double[rows.length * inner];
    for (int r = 0; r < rows.length; r++) {
      System.arraycopy(data, rows[r] * inner, out, r * inner, inner);
    }
    return new Nd(out, s);
  }

  /**
   * Concatenates along an axis.
   *
   * @param axis a normalized axis
   * @param xs the arrays
   * @return the result
   */
  public static Nd concat(int axis, Nd... xs) {
    int[] s = xs[0].shape.clone();
    s[axis] = 0;
    for (Nd x : xs) {
      s[axis] += x.shape[axis];
    }
    double[] out = new double[size(s)];
    int at = 0;
    for (Nd x : xs) {
      for (int i = 0; i < x.data.length; i++) {
        int[] idx = unravel(i, x.shape);
        idx[axis] += at;
        out[ravel(idx, s)] = x.data[i];
      }
      at += x.shape[axis];
    }
    return new Nd(out, s);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Matrix product of the last two dimensions, batch dimensions broadcast.
   *
   * @param a left
   * @param b right
   * @return the product
   */
  public static Nd matmul(Nd a, Nd b) {
    int ra = a.shape.length;
    int rb = b.shape.length;
    int m = a.shape[ra - 2];
    int k = a.shape[ra - 1];
    int n = b.shape[rb - 1];
    int[] ba = Arrays.copyOf(a.shape, ra - 2);
    int[] bb = Arrays.copyOf(b.shape, rb - 2);
    int[] batch = broadcastShape(ba, bb);
    int[] s = Arrays.copyOf(batch, batch.length + 2);
    s[batch.length] = m;
    s[batch.length + 1] = n;
    double[] out = new double[size(s)];
    int nb = size(batch);
    for (int t = 0; t < nb; t++) {
      int[] bi = unravel(t, batch);
      int offA = batchOffset(bi, ba) * m * k;
      int offB = batchOffset(bi, bb) * k * n;
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
          double acc = 0;
          for (int q = 0; q < k; q++) {
            acc += a.data[offA + i * k + q] * b.data[offB + q * n + j];
          }
          out[(t * m + i) * n + j] = acc;
        }
      }
    }
    return new Nd(out, s);
  }

  private static int batchOffset(int[] idx, int[] shape) {
    int off = idx.length - shape.length;
    int f = 0;
    for (int d = 0; d < shape.length; d++) {
      f = f * shape[d] + (shape[d] == 1 ? 0 : idx[d + off]);
    }
    return f;
  }

  // ---------------------------------------------------------------- softmax

  /**
   * Softmax (or log-softmax) along an axis, stabilized by the maximum.
   *
   * @param axis a normalized axis
   * @param log whether to return log-probabilities
   * @return the result
   */
  public Nd softmax(int axis, boolean log) {
    double[] out = new double[data.length];
    int len = shape[axis];
    int inner = 1;
    for (int d = axis + 1; d < shape.length; d++) {
      inner *= shape[d];
    }
    int outer = len * inner == 0 ? 0 : data.length / (len * inner);
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
          max = Math.max(max, data[(o * len + k) * inner + i]);
        }
        double sum = 0;
        for (int k = 0; k < len; k++) {
          sum += Math.exp(data[(o * len + k) * inner + i] - max);
        }
        for (int k = 0; k < len; k++) {
          int p = (o * len + k) * inner + i;
          out[p] = log ? data[p] - max - Math.log(sum) : Math.exp(data[p] - max) / sum;
        }
      }
    }
    return new Nd(out, shape.clone());
  }

  // ---------------------------------------------------------------- convolution and pooling

  /**
   * Direct convolution (cross-correlation), six nested loops over n, f, oy, ox, c, ky·kx.
   *
   * @param x {@code (N, C, H, W)}
   * @param w {@code (FN, C, FH, FW)}
   * @param b {@code (FN)} or null
   * @param stride the stride
   * @param pad zero padding
   * @return {@code (N, FN, OH, OW)}
   */
  public static Nd conv2d(Nd x, Nd w, Nd b, int stride, int pad) {
    int n = x.shape[0];
    int c = x.shape[1];
    int h = x.shape[2];
    int wd = x.shape[3];
    int fn = w.shape[0];
    int fh = w.shape[2];
    int fw = w.shape[3];
    int oh = (h + 2 * pad - fh) / stride + 1;
    int ow = (wd + 2 * pad - fw) / stride + 1;
    Nd out = zeros(n, fn, oh, ow);
    for (int i = 0; i < n; i++) {
      for (int f = 0; f < fn; f++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double acc = b == null ? 0 : b.data[f];
            for (int ch = 0; ch < c; ch++) {
              for (int ky = 0; ky < fh; ky++) {
                for (int kx = 0; kx < fw; kx++) {
                  int y = oy * stride + ky - pad;
                  int xx = ox * stride + kx - pad;
                  if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                    acc += x.at(i, ch, y, xx) * w.at(f, ch, ky, kx);
                  }
                }
              }
            }
            out.data[ravel(new int[] {i, f, oy, ox}, out.shape)] = acc;
          }
        }
      }
    }
    return out;
  }

  /**
   * Direct im2col: row {@code (n, oy, ox)}, column {@code (c, ky, kx)}.
   *
   * @param x {@code (N, C, H, W)}
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding
   * @return {@code (N·OH·OW, C·FH·FW)}
   */
  public static Nd im2col(Nd x, int fh, int fw, int stride, int pad) {
    int n = x.shape[0];
    int c = x.shape[1];
    int h = x.shape[2];
    int wd = x.shape[3];
    int oh = (h + 2 * pad - fh) / stride + 1;
    int ow = (wd + 2 * pad - fw) / stride + 1;
    Nd out = zeros(n * oh * ow, c * fh * fw);
    for (int i = 0; i < n; i++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < fh; ky++) {
              for (int kx = 0; kx < fw; kx++) {
                int y = oy * stride + ky - pad;
                int xx = ox * stride + kx - pad;
                if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                  int row = (i * oh + oy) * ow + ox;
                  int col = (ch * fh + ky) * fw + kx;
                  out.data[row * c * fh * fw + col] = x.at(i, ch, y, xx);
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Direct col2im, adding overlapping entries.
   *
   * @param col the columns
   * @param xs the image shape
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding
   * @return the images
   */
  public static Nd col2im(Nd col, int[] xs, int fh, int fw, int stride, int pad) {
    int n = xs[0];
    int c = xs[1];
    int h = xs[2];
    int wd = xs[3];
    int oh = (h + 2 * pad - fh) / stride + 1;
    int ow = (wd + 2 * pad - fw) / stride + 1;
    Nd out = zeros(xs);
    for (int i = 0; i < n; i++) {
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          for (int ch = 0; ch < c; ch++) {
            for (int ky = 0; ky < fh; ky++) {
              for (int kx = 0; kx < fw; kx++) {
                int y = oy * stride + ky - pad;
                int xx = ox * stride + kx - pad;
                if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                  int row = (i * oh + oy) * ow + ox;
                  int cc = (ch * fh + ky) * fw + kx;
                  out.data[ravel(new int[] {i, ch, y, xx}, xs)] += col.data[row * c * fh * fw + cc];
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Direct pooling; max ignores padded cells, average counts them as zeros.
   *
   * @param x {@code (N, C, H, W)}
   * @param k window size
   * @param stride the stride
   * @param pad padding
   * @param max max (true) or average (false)
   * @return {@code (N, C, OH, OW)}
   */
  public static Nd pool(Nd x, int k, int stride, int pad, boolean max) {
    int n = x.shape[0];
    int c = x.shape[1];
    int h = x.shape[2];
    int wd = x.shape[3];
    int oh = (h + 2 * pad - k) / stride + 1;
    int ow = (wd + 2 * pad - k) / stride + 1;
    Nd out = zeros(n, c, oh, ow);
    for (int i = 0; i < n; i++) {
      for (int ch = 0; ch < c; ch++) {
        for (int oy = 0; oy < oh; oy++) {
          for (int ox = 0; ox < ow; ox++) {
            double acc = max ? Double.NEGATIVE_INFINITY : 0;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int y = oy * stride + ky - pad;
                int xx = ox * stride + kx - pad;
                if (y >= 0 && y < h && xx >= 0 && xx < wd) {
                  double v = x.at(i, ch, y, xx);
                  acc = max ? Math.max(acc, v) : acc + v;
                }
              }
            }
            out.data[ravel(new int[] {i, ch, oy, ox}, out.shape)] = max ? acc : acc / (k * k);
          }
        }
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "Nd" + Arrays.toString(shape) + Arrays.toString(data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Nd n && Arrays.equals(data, n.data) && Arrays.equals(shape, n.shape);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
  }
}
