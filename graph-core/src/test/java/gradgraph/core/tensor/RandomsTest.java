package gradgraph.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

class RandomsTest {
  @Test
  void aJdkGeneratorDrawsTheSameTensorsForTheSameSeed() {
    Tensor a = Tensor.randn(new SplittableRandom(42), DType.FLOAT64, 0, 1, 3, 4);
    Tensor b = Tensor.randn(new SplittableRandom(42), DType.FLOAT64, 0, 1, 3, 4);
    Tensor c = Tensor.randn(new SplittableRandom(43), DType.FLOAT64, 0, 1, 3, 4);
    assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
    assertFalse(java.util.Arrays.equals(a.toDoubleArray(), c.toDoubleArray()));
    assertArrayEquals(new int[] {3, 4}, a.shape());
  }

  @Test
  void drawsComeFromTheJdkGeneratorItself() {
    // uniform [low, high) is low + (high - low) * nextDouble(): the same numbers as the generator
    SplittableRandom mirror = new SplittableRandom(7);
    double[] u = Tensor.rand(new SplittableRandom(7), DType.FLOAT64, 2, 5, 5).toDoubleArray();
    for (double v : u) {
      assertEquals(2 + 3 * mirror.nextDouble(), v, 1e-12);
    }
  }

  @Test
  void normalDrawsHaveTheAskedForMoments() {
    var rng = RandomGeneratorFactory.of("L64X128MixRandom").create(1);
    double[] v = Tensor.randn(rng, DType.FLOAT64, 3, 2, 20_000).toDoubleArray();
    double mean = 0;
    for (double x : v) {
      mean += x / v.length;
    }
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean) / v.length;
    }
    assertEquals(3, mean, 0.05);
    assertEquals(2, Math.sqrt(var), 0.05);
  }

  @Test
  void theAdapterRefusesReseedingAndBadBounds() {
    var g = Randoms.of(new SplittableRandom(1));
    UnsupportedOperationException e =
        assertThrows(UnsupportedOperationException.class, () -> g.setSeed(3L));
    assertTrue(e.getMessage().contains("cannot be reseeded"), e.getMessage());
    IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> g.nextInt(0));
    assertTrue(bad.getMessage().contains("n") && bad.getMessage().contains("0"), bad.getMessage());
    int k = g.nextInt(5);
    assertTrue(k >= 0 && k < 5);
    assertThrows(NullPointerException.class, () -> Randoms.of(null));
  }
}
