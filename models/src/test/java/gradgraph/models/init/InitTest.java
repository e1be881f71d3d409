package gradgraph.models.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class InitTest {
  private static double[] meanStd(Tensor t) {
    double[] v = t.toDoubleArray();
    double s = 0;
    for (double x : v) {
      s += x;
    }
    double mean = s / v.length;
    double q = 0;
    for (double x : v) {
      q += (x - mean) * (x - mean);
    }
    return new double[] {mean, Math.sqrt(q / v.length)};
  }

  @Test
  void standardDeviationsFollowTheBook() {
    int n = 400;
    Well19937c rng = new Well19937c(1);
    double[] he = meanStd(Init.he().draw(rng, DType.FLOAT64, n, n, 100));
    double[] xa = meanStd(Init.xavier().draw(rng, DType.FLOAT64, n, n, 100));
    double[] st = meanStd(Init.std(0.01).draw(rng, DType.FLOAT64, n, n, 100));
    // 40 000 draws: the sample std is within ~1 % of the true one
    assertEquals(Math.sqrt(2.0 / n), he[1], 0.02 * Math.sqrt(2.0 / n));
    assertEquals(Math.sqrt(1.0 / n), xa[1], 0.02 * Math.sqrt(1.0 / n));
    assertEquals(0.01, st[1], 0.0002);
    assertEquals(0, he[0], 0.003);
    assertEquals(0, st[0], 0.0002);
  }

  @Test
  void sameSeedSameWeights() {
    Tensor a = Init.he().draw(new Well19937c(5), DType.FLOAT32, 10, 10, 3);
    Tensor b = Init.he().draw(new Well19937c(5), DType.FLOAT32, 10, 10, 3);
    Tensor c = Init.he().draw(new Well19937c(6), DType.FLOAT32, 10, 10, 3);
    assertArrayEquals(a.toFloatArray(), b.toFloatArray());
    assertEquals(DType.FLOAT32, a.dtype());
    assertEquals(false, java.util.Arrays.equals(a.toFloatArray(), c.toFloatArray()));
  }

  @Test
  void parseAndErrors() {
    assertEquals("he", Init.parse("He").toString());
    assertEquals("xavier", Init.parse("xavier").toString());
    assertEquals("std(0.01)", Init.parse("0.01").toString());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Init.parse("kaiming"));
    assertEquals(
        "Init.parse: name: 'kaiming' is not he, xavier or a standard deviation", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Init.std(-1));
    assertThrows(
        IllegalArgumentException.class,
        () -> Init.he().draw(new Well19937c(1), DType.FLOAT32, 0, 2));
  }
}
