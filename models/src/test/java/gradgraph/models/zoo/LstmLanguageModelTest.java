package gradgraph.models.zoo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import gradgraph.core.Variable;
import gradgraph.core.check.GradAssertions;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.optim.Optimizer;
import gradgraph.models.train.ModelGradCheck;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** The LSTM language model: shapes, a whole-model gradient check, learning, sampling. */
class LstmLanguageModelTest {
  private static LstmLanguageModel tiny(double dropout) {
    return new LstmLanguageModel(new LstmLanguageModel.Config(7, 3, 4, 2, dropout, 5));
  }

  @Test
  void logitsCoverEveryPositionAndParametersAreNamed() {
    LstmLanguageModel m = tiny(0);
    Variable y = m.logits(new int[] {0, 1, 2, 3, 4, 5}, 2, 3);
    assertArrayEquals(new int[] {6, 7}, y.shape());
    assertEquals(
        List.of(
            "embed.weight",
            "lstm.layer0.Wx",
            "lstm.layer0.Wh",
            "lstm.layer0.b",
            "lstm.layer1.Wx",
            "lstm.layer1.Wh",
            "lstm.layer1.b",
            "out.weight",
            "out.bias"),
        List.copyOf(m.namedParameters().keySet()));
    assertTrue(m.lstm().isStateful());
    // the same ids as a Variable of numbers [N, T]
    m.resetState();
    Variable z = m.apply(Tensor.of(new double[] {0, 1, 2, 3, 4, 5}, 2, 3));
    m.resetState();
    assertArrayEquals(
        m.logits(new int[] {0, 1, 2, 3, 4, 5}, 2, 3).value().toDoubleArray(),
        z.value().toDoubleArray(),
        1e-6);
  }

  @Test
  void gradientOfTheLossMatchesCentralDifferences() {
    LstmLanguageModel m = tiny(0);
    m.to(DType.FLOAT64);
    int[] xs = {0, 3, 6, 2, 2, 5};
    int[] ts = {3, 6, 2, 1, 5, 4};
    GradAssertions.assertPassed(
        ModelGradCheck.checkLoss(
            m,
            () -> {
              m.resetState(); // each evaluation starts from zeros
              return m.loss(xs, ts, 2, 3);
            }));
  }

  @Test
  void learnsARepeatingSequenceThroughTheCarriedState() {
    // 0 1 2 3 4 5 6 0 1 ...: each next token is determined by the current one
    LstmLanguageModel m = new LstmLanguageModel(new LstmLanguageModel.Config(7, 8, 16, 2, 0, 1));
    Optimizer opt = Optimizer.create("adam", m, 0.02).clipGradNorm(1.0);
    int[] xs = new int[2 * 5];
    int[] ts = new int[xs.length];
    double first = 0;
    double last = 0;
    for (int step = 0; step < 120; step++) {
      for (int i = 0; i < 2; i++) {
        for (int k = 0; k < 5; k++) {
          xs[i * 5 + k] = (step * 5 + k + 3 * i) % 7;
          ts[i * 5 + k] = (step * 5 + k + 3 * i + 1) % 7;
        }
      }
      opt.clearGrads();
      Variable loss = m.loss(xs, ts, 2, 5);
      loss.backward();
      opt.step();
      if (step == 0) {
        first = loss.item();
      }
      last = loss.item();
    }
    assertEquals(Math.log(7), first, 0.3);
    assertTrue(last < 0.1, first + " -> " + last);
    // a prompt long enough to set the state up as training did, then the sequence continues
    int[] gen = m.generate(new int[] {5, 6, 0, 1, 2}, 10, 0.5, new int[0], new Well19937c(1));
    assertArrayEquals(new int[] {3, 4, 5, 6, 0, 1, 2, 3, 4, 5}, gen);
    assertNull(m.lstm().carriedState(), "generate leaves the state reset");
  }

  @Test
  void generationIsSeededAndSkipsIds() {
    LstmLanguageModel m = tiny(0.5);
    int[] a = m.generate(new int[] {1, 2}, 30, 1.0, new int[] {0, 3}, new Well19937c(9));
    int[] b = m.generate(new int[] {1, 2}, 30, 1.0, new int[] {0, 3}, new Well19937c(9));
    assertArrayEquals(a, b);
    assertEquals(30, a.length);
    assertFalse(Arrays.stream(a).anyMatch(i -> i == 0 || i == 3), Arrays.toString(a));
    assertTrue(Arrays.stream(a).allMatch(i -> i >= 0 && i < 7));
    // a near-zero temperature always picks the most likely token
    int[] greedy = m.generate(new int[] {1}, 5, 1e-6, new int[0], new Well19937c(1));
    int[] greedy2 = m.generate(new int[] {1}, 5, 1e-6, new int[0], new Well19937c(2));
    assertArrayEquals(greedy, greedy2);
  }

  @Test
  void badArgumentsAreNamed() {
    LstmLanguageModel m = tiny(0);
    assertEquals(
        "generate: temperature: must be > 0, got 0.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> m.generate(new int[] {1}, 3, 0, new int[0], new Well19937c(1)))
            .getMessage());
    assertEquals(
        "generate: start: id 7 is out of range [0, 7)",
        assertThrows(
                IllegalArgumentException.class,
                () -> m.generate(new int[] {7}, 3, 1, new int[0], new Well19937c(1)))
            .getMessage());
    assertEquals(
        "LstmLanguageModel: ids: 5 ids do not fill [2, 3]",
        assertThrows(IllegalArgumentException.class, () -> m.logits(new int[5], 2, 3))
            .getMessage());
    assertEquals(
        "LstmLanguageModel: dropout: must be in [0, 1), got 1.0",
        assertThrows(
                IllegalArgumentException.class,
                () -> new LstmLanguageModel.Config(7, 3, 4, 2, 1.0, 5))
            .getMessage());
  }
}
