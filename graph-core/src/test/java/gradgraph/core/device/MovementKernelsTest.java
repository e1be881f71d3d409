package gradgraph.core.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The odometer-based permute, broadcast, slice and reduce kernels against naive twins that build a
 * full index map (as the first version of these kernels did), in both dtypes.
 */
class MovementKernelsTest {
  private static final Kernels K = CpuKernels.INSTANCE;

  // the naive twin: out[i] = x[map[i]] with map[i] = base + Σ idx[d]·strides[d]
  private static double[] naiveGather(double[] x, int[] shape, int[] strides, int base) {
    int n = Shapes.size(shape);
    double[] out = new double[n];
    int[] idx = new int[shape.length];
    for (int i = 0; i < n; i++) {
      int off = base;
      for (int d = 0; d < shape.length; d++) {
        off += idx[d] * strides[d];
      }
      out[i] = x[off];
      for (int d = shape.length - 1; d >= 0; d--) {
        if (++idx[d] < shape[d]) {
          break;
        }
        idx[d] = 0;
      }
    }
    return out;
  }

  private static double[] random(Random r, int n) {
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = Math.round(r.nextGaussian() * 1000) / 8.0; // exact in float, sums exact
    }
    return d;
  }

  @Test
  void permuteBroadcastAndSliceMatchTheIndexMapTwin() {
    Random r = new Random(4);
    int[][] shapes = {
      {}, {5}, {3, 4}, {2, 3, 4}, {2, 1, 3, 5}, {40, 70}, {70, 80}, {3, 50, 60}, {2, 0, 3}
    };
    for (int[] s : shapes) {
      double[] x = random(r, Shapes.size(s));
      int[] strides = Shapes.strides(s);
      for (DType dt : DType.values()) {
        Tensor t = Tensor.of(x, s).to(dt);
        // every rotation and the reversal of the axes
        for (int shift = 0; shift <= s.length; shift++) {
          int[] axes = new int[s.length];
          int[] ps = new int[s.length];
          int[] pst = new int[s.length];
          for (int i = 0; i < s.length; i++) {
            axes[i] = shift == s.length ? s.length - 1 - i : (i + shift) % s.length;
            ps[i] = s[axes[i]];
            pst[i] = strides[axes[i]];
          }
          assertArrayEquals(
              naiveGather(x, ps, pst, 0), K.permute(t, axes).toDoubleArray(), "permute");
          assertArrayEquals(ps, K.permute(t, axes).shape());
        }
        if (s.length == 3) {
          // the blocked transpose of the last two axes under a batch axis
          int[] axes = {0, 2, 1};
          assertArrayEquals(
              naiveGather(x, new int[] {s[0], s[2], s[1]}, new int[] {strides[0], 1, s[2]}, 0),
              K.permute(t, axes).toDoubleArray(),
              "batched transpose");
        }
        // broadcast with a new leading dimension and every size-1 dimension stretched
        int[] target = new int[s.length + 1];
        target[0] = 2;
        for (int i = 0; i < s.length; i++) {
          target[i + 1] = s[i] == 1 ? 3 : s[i];
        }
        assertArrayEquals(
            naiveGather(x, target, Shapes.broadcastStrides(s, target), 0),
            K.broadcastTo(t, target).toDoubleArray(),
            "broadcastTo");
        // a box in the middle
        if (s.length > 0 && Shapes.size(s) > 0) {
          int[] begin = new int[s.length];
          int[] end = new int[s.length];
          int[] box = new int[s.length];
          int base = 0;
          for (int i = 0; i < s.length; i++) {
            begin[i] = s[i] / 3;
            end[i] = Math.max(begin[i] + 1, s[i] - s[i] / 4);
            box[i] = end[i] - begin[i];
            base += begin[i] * strides[i];
          }
          assertArrayEquals(
              naiveGather(x, box, strides, base), K.slice(t, begin, end).toDoubleArray(), "slice");
        }
      }
    }
  }

  @Test
  void reductionsOverEveryAxisSubsetMatchTheNaiveTwin() {
    Random r = new Random(8);
    int[] s = {3, 4, 5};
    double[] x = random(r, 60);
    for (DType dt : DType.values()) {
      Tensor t = Tensor.of(x, s).to(dt);
      for (int m = 1; m < 8; m++) {
        int mask = m;
        int[] axes =
            java.util.stream.IntStream.range(0, 3).filter(a -> (mask >> a & 1) != 0).toArray();
        int[] kept = Shapes.reduced(s, axes, true);
        for (ReduceOp op : ReduceOp.values()) {
          double[] want = new double[Shapes.size(kept)];
          java.util.Arrays.fill(
              want,
              op == ReduceOp.SUM
                  ? 0
                  : op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY);
          int[] ks = Shapes.broadcastStrides(kept, s);
          int[] all = {5 * 4, 5, 1};
          for (int i = 0; i < 60; i++) {
            int o = (i / all[0]) * ks[0] + (i / all[1] % 4) * ks[1] + (i % 5) * ks[2];
            want[o] =
                switch (op) {
                  case SUM -> want[o] + x[i];
                  case MAX -> Math.max(want[o], x[i]);
                  case MIN -> Math.min(want[o], x[i]);
                };
          }
          Tensor got = K.reduce(op, t, axes, false);
          assertArrayEquals(want, got.toDoubleArray(), op + " " + java.util.Arrays.toString(axes));
          assertArrayEquals(Shapes.reduced(s, axes, false), got.shape());
        }
      }
    }
  }

  @Test
  void everyPermutationOfALargeFourDTensorMatchesTheTwin() {
    // large enough for the merged batched-transpose path, e.g. a convolution's (N, OH, OW, FN)
    int[] s = {4, 6, 7, 30};
    int[] strides = Shapes.strides(s);
    double[] x = random(new Random(8), Shapes.size(s));
    for (DType dt : DType.values()) {
      Tensor t = Tensor.of(x, s).to(dt);
      for (int code = 0; code < 256; code++) {
        int[] axes = {code & 3, (code >> 2) & 3, (code >> 4) & 3, (code >> 6) & 3};
        if (java.util.Arrays.stream(axes).distinct().count() != 4) {
          continue;
        }
        int[] ps = new int[4];
        int[] pst = new int[4];
        for (int i = 0; i < 4; i++) {
          ps[i] = s[axes[i]];
          pst[i] = strides[axes[i]];
        }
        Tensor p = K.permute(t, axes);
        assertArrayEquals(
            naiveGather(x, ps, pst, 0),
            p.toDoubleArray(),
            "permute " + java.util.Arrays.toString(axes));
        assertArrayEquals(ps, p.shape());
      }
    }
  }
}
