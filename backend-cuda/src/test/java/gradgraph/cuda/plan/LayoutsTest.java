package gradgraph.cuda.plan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.Shapes;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LayoutsTest {
  @Test
  void contiguousShapesMergeToRankOne() {
    var c = Layouts.coalesce(new int[] {2, 3, 4}, Shapes.strides(new int[] {2, 3, 4}));
    assertArrayEquals(new int[] {24}, c.shape());
    assertArrayEquals(new int[] {1}, c.strides()[0]);
  }

  @Test
  void scalarsAndOnesBecomeOneElement() {
    var c = Layouts.coalesce(new int[] {}, new int[] {});
    assertArrayEquals(new int[] {1}, c.shape());
    var d = Layouts.coalesce(new int[] {1, 1}, new int[] {1, 1});
    assertArrayEquals(new int[] {1}, d.shape());
  }

  @Test
  void transposeDoesNotMerge() {
    // A [3, 4] read transposed: shape [4, 3], strides [1, 4].
    var c = Layouts.coalesce(new int[] {4, 3}, new int[] {1, 4}, new int[] {3, 1});
    assertArrayEquals(new int[] {4, 3}, c.shape());
    assertArrayEquals(new int[] {1, 4}, c.strides()[0]);
  }

  @Test
  void broadcastRowsMergeWithinEachOperand() {
    // [2, 3, 4] + [4]: b's strides [0, 0, 1]; the first two dims merge, the last stays apart.
    int[] packed =
        Layouts.broadcast2("add", new int[] {2, 3, 4}, new int[] {2, 3, 4}, new int[] {4});
    assertEquals(2, packed[0]);
    assertArrayEquals(new int[] {6, 4}, Arrays.copyOfRange(packed, 1, 3));
    assertArrayEquals(new int[] {4, 1}, Arrays.copyOfRange(packed, 9, 11));
    assertArrayEquals(new int[] {0, 1}, Arrays.copyOfRange(packed, 17, 19));
    assertEquals(1 + 3 * Layouts.MAX_RANK, packed.length);
  }

  @Test
  void offsetsAreThoseOfTheOriginalLayout() {
    // A permutation of a [2, 3, 4, 5] tensor: every offset must survive coalescing.
    int[] in = {2, 3, 4, 5};
    int[] st = Shapes.strides(in);
    int[] axes = {0, 2, 3, 1};
    int[] shape = new int[4];
    int[] strides = new int[4];
    for (int i = 0; i < 4; i++) {
      shape[i] = in[axes[i]];
      strides[i] = st[axes[i]];
    }
    int[] packed = Layouts.strided("permute", shape, strides);
    int rank = packed[0];
    int n = Shapes.size(shape);
    for (int i = 0; i < n; i++) {
      assertEquals(
          offset(i, shape, strides, shape.length), offsetPacked(i, packed, rank), "i=" + i);
    }
    assertTrue(rank < 4, "the trailing (4, 5) pair merges");
  }

  private static long offset(long i, int[] shape, int[] strides, int rank) {
    long off = 0;
    for (int d = rank - 1; d >= 0; d--) {
      off += (i % shape[d]) * strides[d];
      i /= shape[d];
    }
    return off;
  }

  private static long offsetPacked(long i, int[] p, int rank) {
    return offset(
        i,
        Arrays.copyOfRange(p, 1, 1 + rank),
        Arrays.copyOfRange(p, 1 + Layouts.MAX_RANK, 1 + Layouts.MAX_RANK + rank),
        rank);
  }

  @Test
  void irregularRankAboveEightIsRejectedWithTheShape() {
    int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
    int[] reversed = new int[9];
    int[] st = Shapes.strides(shape);
    for (int i = 0; i < 9; i++) {
      reversed[i] = st[8 - i];
    }
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> Layouts.strided("permute", shape, reversed));
    assertTrue(e.getMessage().startsWith("permute: shape [2, 2, 2, 2, 2, 2, 2, 2, 2] needs 9"));
    // A contiguous rank-9 tensor is fine: it merges to rank 1.
    assertEquals(1, Layouts.strided("copy", shape, st)[0]);
  }

  @Test
  void reduceLayoutSplitsKeptAndReducedAxes() {
    // [2, 3, 4] summed over axis 1: kept (2, 4) strides (12, 1); reduced (3) stride 4.
    int[] p = Layouts.reduce("sum", new int[] {2, 3, 4}, new int[] {1});
    int m = Layouts.MAX_RANK;
    assertEquals(2, p[0]);
    assertArrayEquals(new int[] {2, 4}, Arrays.copyOfRange(p, 1, 3));
    assertArrayEquals(new int[] {12, 1}, Arrays.copyOfRange(p, 1 + m, 3 + m));
    assertEquals(1, p[1 + 2 * m]);
    assertEquals(3, p[2 + 2 * m]);
    assertEquals(4, p[2 + 3 * m]);
    // Full reduction: kept is one element, reduced merges to one run.
    int[] all = Layouts.reduce("sum", new int[] {2, 3}, new int[] {0, 1});
    assertEquals(1, all[0]);
    assertEquals(1, all[1]);
    assertEquals(6, all[2 + 2 * m]);
    // A size-0 reduced axis keeps its 0 so the kernel sums nothing.
    int[] empty = Layouts.reduce("sum", new int[] {0, 3}, new int[] {0});
    assertEquals(0, empty[2 + 2 * m]);
  }

  @Test
  void convGeometry() {
    assertArrayEquals(
        new int[] {2, 3, 28, 28, 5, 5, 1, 0, 24, 24},
        Layouts.conv(new int[] {2, 3, 28, 28}, 5, 5, 1, 0));
    assertArrayEquals(
        new int[] {1, 1, 5, 5, 2, 2, 2, 1, 3, 3}, Layouts.conv(new int[] {1, 1, 5, 5}, 2, 2, 2, 1));
  }
}
