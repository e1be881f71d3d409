package gradgraph.models.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradgraph.core.Variable;
import gradgraph.core.check.GradAssertions;
import gradgraph.core.check.GradCheck;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.text.UnigramSampler;
import gradgraph.models.init.Init;
import gradgraph.models.zoo.Cbow;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** EmbeddingDot, the negative-sampling loss and CBOW: values against loops, float64 checks. */
class Word2VecLayersTest {
  private static final int[] COUNTS = {5, 4, 3, 2, 2, 1, 1};

  @Test
  void embeddingDotScoresChosenWordsAndEveryWord() {
    EmbeddingDot d = new EmbeddingDot(7, 3, Init.std(1), new Well19937c(2), DType.FLOAT64);
    Tensor w = d.embedding().weight().value();
    Tensor h = Tensor.randn(new Well19937c(4), DType.FLOAT64, 0, 1, 2, 3);
    Tensor ids = Tensor.of(new double[] {6, 0, 0, 3}, 2, 2);
    Variable s = d.apply(Variable.constant(h), ids);
    assertArrayEquals(new int[] {2, 2}, s.shape());
    Variable all = d.apply(Variable.constant(h));
    assertArrayEquals(new int[] {2, 7}, all.shape());
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        int id = (int) ids.get(i, j);
        double dot = 0;
        for (int k = 0; k < 3; k++) {
          dot += w.get(id, k) * h.get(i, k);
        }
        assertEquals(dot, s.value().get(i, j), 1e-12);
        assertEquals(dot, all.value().get(i, id), 1e-12);
      }
    }
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> d.apply(Variable.constant(h), Tensor.of(new double[] {1, 2, 3}, 3)));
    assertEquals(
        "EmbeddingDot: h/ids: expected h [N, 3] and ids [N, ...], got h [2, 3] and ids [3]",
        e.getMessage());
  }

  @Test
  void negativeSamplingLossIsTheSequelsSumOfSigmoidLosses() {
    UnigramSampler sampler = new UnigramSampler(COUNTS, 0.75, 2, new Well19937c(1));
    NegativeSamplingLoss ns =
        new NegativeSamplingLoss(7, 3, sampler, Init.std(1), new Well19937c(2), DType.FLOAT64);
    Tensor h = Tensor.randn(new Well19937c(4), DType.FLOAT64, 0, 1, 2, 3);
    int[] targets = {1, 4};
    int[] negatives = {0, 6, 2, 3};
    double got = ns.loss(Variable.constant(h), targets, negatives).item();
    Tensor w = ns.dot().embedding().weight().value();
    double expected = 0;
    for (int i = 0; i < 2; i++) {
      int[] words = {targets[i], negatives[2 * i], negatives[2 * i + 1]};
      for (int j = 0; j < 3; j++) {
        double z = 0;
        for (int k = 0; k < 3; k++) {
          z += w.get(words[j], k) * h.get(i, k);
        }
        double p = 1 / (1 + Math.exp(-z));
        // the sequel: each of the 1 + k losses is a mean over the batch, and they are added
        expected += -(j == 0 ? Math.log(p) : Math.log(1 - p)) / 2;
      }
    }
    assertEquals(expected, got, 1e-12);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ns.loss(Variable.constant(h), targets, new int[] {1, 2, 3}));
    assertEquals(
        "NegativeSamplingLoss: negatives: 3 negatives do not make k >= 1 per target for 2 targets",
        e.getMessage());
  }

  @Test
  void cbowGradientsInFloat64() {
    Cbow model = new Cbow(7, 4, 2, COUNTS, 3, 5);
    model.to(DType.FLOAT64);
    // larger vectors than the sequel's 0.01, so every term of the loss matters numerically
    for (Parameter p : model.parameters()) {
      p.setValue(Tensor.randn(new Well19937c(9), DType.FLOAT64, 0, 0.5, p.shape()));
    }
    Tensor contexts = Tensor.of(new double[] {0, 1, 3, 3, 6, 5, 4, 2}, 2, 4);
    int[] targets = {2, 0};
    int[] negatives = model.output().sampler().sample(targets);
    assertArrayEquals(new int[] {2, 4}, model.apply(contexts).shape());
    GradAssertions.assertPassed(
        GradCheck.defaults()
            .checkLoss(
                () -> model.loss(contexts, targets, negatives),
                model.parameters().toArray(new Parameter[0])));
    // second order through the lookup, the mean and the dot products
    Parameter in = model.input().weight();
    GradAssertions.assertPassed(
        GradCheck.defaults()
            .checkSecondOrder(
                v -> Ops.square(Ops.mean(Ops.embedding(v[0], contexts), false, 1)), in));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> model.apply(Tensor.zeros(DType.FLOAT64, 2, 3)));
    assertEquals(
        "Cbow: contexts: expected [N, 4] ids (2 on each side), got [2, 3]", e.getMessage());
  }
}
