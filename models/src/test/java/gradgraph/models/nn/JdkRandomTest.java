package gradgraph.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Randoms;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.DataLoader;
import gradgraph.models.init.Init;
import gradgraph.ops.Ops;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Layers and shuffles accept {@link java.util.random.RandomGenerator}; dropout (whose generator may
 * be null in evaluation) takes one through {@link Randoms#of}.
 */
class JdkRandomTest {
  @Test
  void layersDrawTheSameWeightsAsTheAdapterOnTheSameSeed() {
    Linear a = new Linear(4, 3, Init.he(), new SplittableRandom(5));
    Linear b = new Linear(4, 3, Init.he(), Randoms.of(new SplittableRandom(5)));
    assertArrayEquals(a.weight().value().toDoubleArray(), b.weight().value().toDoubleArray());
    Linear c = new Linear(4, 3, Init.he(), new SplittableRandom(6));
    assertFalse(
        Arrays.equals(a.weight().value().toDoubleArray(), c.weight().value().toDoubleArray()));
    Conv2d k1 = new Conv2d(1, 2, 3, 1, 0, Init.he(), new SplittableRandom(9));
    Conv2d k2 = new Conv2d(1, 2, 3, 1, 0, Init.he(), new SplittableRandom(9));
    assertArrayEquals(
        k1.parameters().get(0).value().toDoubleArray(),
        k2.parameters().get(0).value().toDoubleArray());
    assertArrayEquals(new int[] {2, 1, 3, 3}, k1.parameters().get(0).shape());
  }

  @Test
  void dropoutThroughTheAdapterAndPermutationTakeAJdkGenerator() {
    Variable x = Variable.constant(Tensor.ones(DType.FLOAT64, 1000));
    double[] y =
        Ops.dropout(x, 0.5, true, Randoms.of(new SplittableRandom(3))).value().toDoubleArray();
    double[] z =
        Ops.dropout(x, 0.5, true, Randoms.of(new SplittableRandom(3))).value().toDoubleArray();
    assertArrayEquals(y, z);
    long kept = Arrays.stream(y).filter(v -> v != 0).count();
    assertEquals(500, kept, 60);
    for (double v : y) {
      assertEquals(v == 0 ? 0 : 2.0, v, 1e-12, "inverted dropout scales the kept by 1/(1-p)");
    }
    int[] p = DataLoader.permutation(10, new SplittableRandom(1));
    int[] sorted = p.clone();
    Arrays.sort(sorted);
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted);
    assertArrayEquals(p, DataLoader.permutation(10, new SplittableRandom(1)));
  }
}
