package gradgraph.cuda.plan;

import gradgraph.core.tensor.Shapes;
import java.util.Arrays;

/**
 * Strided views packed as the kernels' by-value structs ({@code src/main/cuda/common.cuh}). Before
 * packing, adjacent dimensions that are contiguous in every operand are merged, so most tensors
 * become rank 1 or 2 and any rank fits {@link #MAX_RANK} unless the layout is truly irregular.
 */
public final class Layouts {
  /** The largest rank a kernel struct holds, as {@code MAX_RANK} in common.cuh. */
  public static final int MAX_RANK = 8;

  private Layouts() {}

  /**
   * A shape with one stride array per operand.
   *
   * @param shape the iteration shape
   * @param strides per operand, strides in elements for each dimension of {@code shape}
   */
  public record Coalesced(int[] shape, int[][] strides) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Coalesced c
          && Arrays.equals(c.shape, shape)
          && Arrays.deepEquals(c.strides, strides);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(shape) * 31 + Arrays.deepHashCode(strides);
    }

    @Override
    public String toString() {
      return Arrays.toString(shape) + " " + Arrays.deepToString(strides);
    }
  }

  /**
   * Drops size-1 dimensions and merges dimension {@code d} into {@code d+1} when, for every
   * operand, {@code stride[d] == stride[d+1] * shape[d+1]}. The walk order (row-major) and every
   * offset stay the same. A scalar or an all-ones shape becomes rank 1 of size 1.
   *
   * @param shape the iteration shape
   * @param strides one stride array per operand, each of {@code shape.length}
   * @return the merged layout
   */
  public static Coalesced coalesce(int[] shape, int[]... strides) {
    int ops = strides.length;
    int[] s = new int[shape.length];
    int[][] st = new int[ops][shape.length];
    int r = 0;
    for (int d = 0; d < shape.length; d++) {
      if (shape[d] == 1) {
        continue;
      }
      if (r > 0) {
        boolean merge = true;
        for (int o = 0; o < ops; o++) {
          if (st[o][r - 1] != strides[o][d] * (long) shape[d]) {
            merge = false;
            break;
          }
        }
        if (merge) {
          s[r - 1] *= shape[d];
          for (int o = 0; o < ops; o++) {
            st[o][r - 1] = strides[o][d];
          }
          continue;
        }
      }
      s[r] = shape[d];
      for (int o = 0; o < ops; o++) {
        st[o][r] = strides[o][d];
      }
      r++;
    }
    if (r == 0) {
      int[][] one = new int[ops][];
      for (int o = 0; o < ops; o++) {
        one[o] = new int[] {1};
      }
      return new Coalesced(new int[] {Shapes.size(shape) == 0 ? 0 : 1}, one);
    }
    int[][] outStrides = new int[ops][];
    for (int o = 0; o < ops; o++) {
      outStrides[o] = Arrays.copyOf(st[o], r);
    }
    return new Coalesced(Arrays.copyOf(s, r), outStrides);
  }

  private static void checkRank(String op, int[] shape, int rank) {
    if (rank > MAX_RANK) {
      throw new IllegalArgumentException(
          op
              + ": shape "
              + Arrays.toString(shape)
              + " needs "
              + rank
              + " dimensions after merging contiguous ones; CUDA kernels take at most "
              + MAX_RANK);
    }
  }

  /**
   * Packs {@code struct Strided} for a gather or scatter through strides.
   *
   * @param op the op name, for errors
   * @param shape the walked shape
   * @param strides the strides of the strided side
   * @return 1 + 2·MAX_RANK ints
   */
  public static int[] strided(String op, int[] shape, int[] strides) {
    Coalesced c = coalesce(shape, strides, Shapes.strides(shape));
    int rank = c.shape().length;
    checkRank(op, shape, rank);
    int[] out = new int[1 + 2 * MAX_RANK];
    out[0] = rank;
    System.arraycopy(c.shape(), 0, out, 1, rank);
    System.arraycopy(c.strides()[0], 0, out, 1 + MAX_RANK, rank);
    return out;
  }

  /**
   * Packs {@code struct Strided2} for a broadcasting binary op.
   *
   * @param op the op name, for errors
   * @param outShape the broadcast shape
   * @param a the first operand's shape
   * @param b the second operand's shape
   * @return 1 + 3·MAX_RANK ints
   */
  public static int[] broadcast2(String op, int[] outShape, int[] a, int[] b) {
    Coalesced c =
        coalesce(
            outShape,
            Shapes.broadcastStrides(a, outShape),
            Shapes.broadcastStrides(b, outShape),
            Shapes.strides(outShape));
    int rank = c.shape().length;
    checkRank(op, outShape, rank);
    int[] out = new int[1 + 3 * MAX_RANK];
    out[0] = rank;
    System.arraycopy(c.shape(), 0, out, 1, rank);
    System.arraycopy(c.strides()[0], 0, out, 1 + MAX_RANK, rank);
    System.arraycopy(c.strides()[1], 0, out, 1 + 2 * MAX_RANK, rank);
    return out;
  }

  /**
   * Packs {@code struct ReduceLayout}: the input split into kept and reduced dimensions, each
   * coalesced on its own.
   *
   * @param op the op name, for errors
   * @param shape the input shape
   * @param axes the reduced axes, sorted and distinct
   * @return 2 + 4·MAX_RANK ints
   */
  public static int[] reduce(String op, int[] shape, int[] axes) {
    int[] strides = Shapes.strides(shape);
    boolean[] red = new boolean[shape.length];
    for (int a : axes) {
      red[a] = true;
    }
    int nk = shape.length - axes.length;
    int[] ks = new int[nk];
    int[] kst = new int[nk];
    int[] rs = new int[axes.length];
    int[] rst = new int[axes.length];
    int ki = 0;
    int ri = 0;
    for (int d = 0; d < shape.length; d++) {
      if (red[d]) {
        rs[ri] = shape[d];
        rst[ri++] = strides[d];
      } else {
        ks[ki] = shape[d];
        kst[ki++] = strides[d];
      }
    }
    Coalesced kept = coalesce(ks, kst);
    Coalesced reduced = coalesce(rs, rst);
    checkRank(op, shape, kept.shape().length);
    checkRank(op, shape, reduced.shape().length);
    int[] out = new int[2 + 4 * MAX_RANK];
    int kr = kept.shape().length;
    out[0] = kr;
    System.arraycopy(kept.shape(), 0, out, 1, kr);
    System.arraycopy(kept.strides()[0], 0, out, 1 + MAX_RANK, kr);
    int rr = reduced.shape().length;
    out[1 + 2 * MAX_RANK] = rr;
    System.arraycopy(reduced.shape(), 0, out, 2 + 2 * MAX_RANK, rr);
    System.arraycopy(reduced.strides()[0], 0, out, 2 + 3 * MAX_RANK, rr);
    return out;
  }

  /**
   * Packs {@code struct ConvGeom} for NCHW convolution lowering and pooling.
   *
   * @param xShape {@code (N, C, H, W)}
   * @param kh window height
   * @param kw window width
   * @param stride the stride
   * @param pad the padding
   * @return 10 ints: n, c, h, w, kh, kw, stride, pad, oh, ow
   */
  public static int[] conv(int[] xShape, int kh, int kw, int stride, int pad) {
    int oh = (xShape[2] + 2 * pad - kh) / stride + 1;
    int ow = (xShape[3] + 2 * pad - kw) / stride + 1;
    return new int[] {xShape[0], xShape[1], xShape[2], xShape[3], kh, kw, stride, pad, oh, ow};
  }
}
