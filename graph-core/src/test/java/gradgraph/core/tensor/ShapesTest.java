package gradgraph.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Shapes#size} counts exactly: no shape can overflow into a small or negative size. */
class ShapesTest {
  @Test
  void sizesOfOrdinaryShapes() {
    assertEquals(1, Shapes.size(new int[] {}));
    assertEquals(0, Shapes.size(new int[] {3, 0, 5}));
    assertEquals(2 * 3 * 4, Shapes.size(new int[] {2, 3, 4}));
    assertEquals(Integer.MAX_VALUE, Shapes.size(new int[] {Integer.MAX_VALUE, 1}));
  }

  @Test
  void productsThatWrapAroundAreRefused() {
    // 65536 * 65536 is 2^32, which a 32-bit product wraps to 0; three dims of 2^31-1 wrap a long
    int[][] huge = {
      {65536, 65536},
      {Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE},
      {1 << 16, 1 << 16, 1 << 16, 1 << 16},
      {46341, 46341}
    };
    for (int[] s : huge) {
      ShapeException e = assertThrows(ShapeException.class, () -> Shapes.size(s));
      assertTrue(e.getMessage().contains("more than 2^31-1 elements"), e.getMessage());
    }
    ShapeException exact =
        assertThrows(
            ShapeException.class, () -> Shapes.size(new int[] {1 << 16, 1 << 16, 1 << 16}));
    assertTrue(exact.getMessage().contains("(281474976710656)"), exact.getMessage());
  }

  @Test
  void aZeroDoesNotHideANegativeDimension() {
    ShapeException e = assertThrows(ShapeException.class, () -> Shapes.size(new int[] {0, -3}));
    assertTrue(e.getMessage().contains("negative dimension in shape [0, -3]"), e.getMessage());
  }

  @Test
  void tensorsOfHugeShapesFailBeforeAllocating() {
    ShapeException e =
        assertThrows(ShapeException.class, () -> Tensor.zeros(DType.FLOAT32, 1 << 20, 1 << 20, 4));
    assertTrue(e.getMessage().contains("[1048576, 1048576, 4]"), e.getMessage());
  }
}
