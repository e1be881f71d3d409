package gradgraph.models.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricsTest {
  static final int[] LABELS = {0, 0, 0, 1, 1, 2};
  static final int[] PREDICTED = {0, 0, 1, 1, 2, 2};

  @Test
  void accuracyFromClassesAndScores() {
    assertEquals(4.0 / 6, Metrics.accuracy(PREDICTED, LABELS), 1e-12);
    Tensor scores = Tensor.matrix(new double[][] {{0.1, 0.9}, {2, 1}, {0.5, 0.5}});
    assertArrayEquals(new int[] {1, 0, 0}, Metrics.predict(scores));
    assertEquals(2.0 / 3, Metrics.accuracy(scores, new int[] {1, 1, 0}), 1e-12);
    assertEquals(0.0, Metrics.accuracy(new int[0], new int[0]), 0.0);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Metrics.accuracy(new int[] {1}, new int[] {1, 2}));
    assertEquals("accuracy: predicted: 1 predictions for 2 labels", e.getMessage());
  }

  @Test
  void perClassPrecisionRecallF1ByHand() {
    ConfusionMatrix m = new ConfusionMatrix(4).add(PREDICTED, LABELS);
    assertEquals(2, m.count(0, 0));
    assertEquals(1, m.count(0, 1));
    assertEquals(1, m.count(1, 2));
    assertEquals(6, m.total());
    assertEquals(1.0, m.precision(0), 1e-12);
    assertEquals(2.0 / 3, m.recall(0), 1e-12);
    assertEquals(0.8, m.f1(0), 1e-12);
    assertEquals(0.5, m.precision(1), 1e-12);
    assertEquals(0.5, m.recall(1), 1e-12);
    assertEquals(0.5, m.precision(2), 1e-12);
    assertEquals(1.0, m.recall(2), 1e-12);
    assertEquals(2.0 / 3, m.f1(2), 1e-12);
    // class 3 never occurs: every ratio is 0 (not NaN) and it stays out of the macro averages
    assertEquals(0.0, m.precision(3), 0.0);
    assertEquals(0.0, m.recall(3), 0.0);
    assertEquals(0.0, m.f1(3), 0.0);
    assertEquals((0.8 + 0.5 + 2.0 / 3) / 3, m.macroF1(), 1e-12);
    assertEquals((1 + 0.5 + 0.5) / 3, m.macroPrecision(), 1e-12);
    assertEquals(4.0 / 6, m.accuracy(), 1e-12);
  }

  @Test
  void accumulatesBatchesAndFormatsText() {
    ConfusionMatrix m = new ConfusionMatrix(3, List.of("cat", "dog", "bird"));
    m.add(new int[] {0, 0, 1}, new int[] {0, 0, 0});
    m.add(new int[] {1, 2, 2}, new int[] {1, 1, 2});
    assertEquals(ConfusionMatrix.of(PREDICTED, LABELS, 3).total(), m.total());
    String t = m.toText();
    assertTrue(t.contains("cat        2     1     0"), t);
    assertTrue(t.contains("cat        1.0000  0.6667  0.8000        3"), t);
    assertTrue(t.contains("accuracy 0.6667 (4 of 6)"), t);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> m.add(new int[] {3}, new int[] {0}));
    assertEquals(
        "ConfusionMatrix.add: predicted: class 3 at index 0 is outside [0, 3)", e.getMessage());
  }

  @Test
  void emptyMatrixHasNoNaN() {
    ConfusionMatrix m = new ConfusionMatrix(2);
    assertEquals(0.0, m.accuracy(), 0.0);
    assertEquals(0.0, m.macroF1(), 0.0);
    assertTrue(!m.toText().contains("NaN"));
  }
}
