package gradgraph.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradgraph.core.Variable;
import gradgraph.core.check.GradAssertions;
import gradgraph.core.check.GradCheck;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The embedding layer: lookups, shapes, the index-add gradient, dtype conversion, bad ids. */
class EmbeddingTest {
  @Test
  void looksUpRowsForIdsOfAnyShape() {
    Embedding e = new Embedding(5, 3, Init.std(1), new Well19937c(3), DType.FLOAT64);
    assertArrayEquals(new int[] {5, 3}, e.weight().shape());
    Tensor w = e.weight().value();
    Variable y = e.apply(Tensor.of(new double[] {4, 0, 4, 1, 2, 3}, 2, 3));
    assertArrayEquals(new int[] {2, 3, 3}, y.shape());
    int[] ids = {4, 0, 4, 1, 2, 3};
    for (int i = 0; i < ids.length; i++) {
      for (int j = 0; j < 3; j++) {
        assertEquals(w.get(ids[i], j), y.value().get(i / 3, i % 3, j), "row of id " + ids[i]);
      }
    }
    assertArrayEquals(new int[] {3}, e.apply(Tensor.scalar(2)).shape());
    assertArrayEquals(new int[] {4, 3}, e.apply(new int[] {0, 1, 1, 4}).shape());
    assertArrayEquals(new int[] {2, 2, 3}, e.apply(new int[] {0, 1, 1, 4}, 2, 2).shape());
  }

  @Test
  void gradientAddsIntoTheRowsOfTheIdsSeenAndRepeatsAccumulate() {
    Embedding e = new Embedding(6, 2, Init.std(1), new Well19937c(5), DType.FLOAT64);
    Variable y = e.apply(new int[] {1, 3, 1, 1});
    Ops.sum(y).backward();
    double[] g = e.weight().grad().value().toDoubleArray();
    double[] expected = {0, 0, 3, 3, 0, 0, 1, 1, 0, 0, 0, 0};
    assertArrayEquals(expected, g, 0);
  }

  @Test
  void gradientChecksInFloat64FirstAndSecondOrder() {
    Embedding e = new Embedding(7, 4, Init.std(1), new Well19937c(11), DType.FLOAT64);
    Tensor ids = Tensor.of(new double[] {6, 0, 2, 2, 5, 6}, 3, 2);
    Tensor t = Tensor.randn(new Well19937c(2), DType.FLOAT64, 0, 1, 3, 2, 4);
    GradAssertions.assertPassed(
        GradCheck.defaults()
            .checkLoss(
                () -> Ops.sum(Ops.square(e.apply(ids)).mul(Variable.constant(t))), e.weight()));
    GradAssertions.assertPassed(
        GradCheck.defaults()
            .checkSecondOrder(v -> Ops.square(Ops.embedding(v[0], ids)), e.weight()));
  }

  @Test
  void convertsDtypeThroughModuleTo() {
    Embedding e = new Embedding(10, 4, 42);
    assertEquals(DType.FLOAT32, e.weight().dtype());
    double before = e.weight().value().get(3, 2);
    e.to(DType.FLOAT64);
    assertEquals(DType.FLOAT64, e.weight().dtype());
    assertEquals(DType.FLOAT64, e.apply(new int[] {3}).dtype());
    assertEquals(before, e.apply(new int[] {3}).value().get(0, 2), 0);
    assertEquals(
        new Embedding(10, 4, 42).weight().value().get(3, 2), before, 0, "the seed fixes the draw");
  }

  @Test
  void badIdsNameTheLayerTheIdAndTheVocabularySize() {
    Embedding e = new Embedding(10, 4);
    IllegalArgumentException out =
        assertThrows(IllegalArgumentException.class, () -> e.apply(new int[] {3, 10}));
    assertEquals(
        "Embedding: ids: id 10 at flat position 1 of [2] is out of range for a vocabulary of 10"
            + " (ids must be in [0, 10))",
        out.getMessage());
    IllegalArgumentException neg =
        assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.scalar(-2)));
    assertEquals(
        "Embedding: ids: id -2 at flat position 0 of [] is out of range for a vocabulary of 10"
            + " (ids must be in [0, 10))",
        neg.getMessage());
    IllegalArgumentException frac =
        assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.vector(1, 0.5)));
    assertEquals(
        "Embedding: ids: id 0.5 at flat position 1 of [2] is not a whole number for a vocabulary"
            + " of 10 (ids must be in [0, 10))",
        frac.getMessage());
    IllegalArgumentException size =
        assertThrows(IllegalArgumentException.class, () -> new Embedding(0, 4));
    assertEquals("Embedding: vocab/dim: must be > 0, got 0, 4", size.getMessage());
    IllegalArgumentException fill =
        assertThrows(IllegalArgumentException.class, () -> e.apply(new int[] {1, 2, 3}, 2, 2));
    assertEquals("Embedding: shape: 3 ids do not fill [2, 2] (4 entries)", fill.getMessage());
  }
}
