package gradgraph.models.data.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import gradgraph.core.tensor.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** CBOW pairs, the unigram sampler of negatives, and the word-vector queries. */
class Word2VecDataTest {
  @Test
  void contextsAndTargetsAsTheSequelsCreateContextsTarget() {
    // "you say goodbye and i say hello ." has ids 0 1 2 3 4 1 5 6
    Corpus c = Corpus.words("You say goodbye and I say hello.");
    ContextTarget p = ContextTarget.of(c, 1);
    assertEquals(6, p.size());
    assertArrayEquals(new int[] {1, 2, 3, 4, 1, 5}, p.targets(new int[] {0, 1, 2, 3, 4, 5}));
    Tensor ctx = p.contexts(new int[] {0, 5});
    assertArrayEquals(new int[] {2, 2}, ctx.shape());
    assertArrayEquals(new double[] {0, 2, 1, 6}, ctx.toDoubleArray(), 0);
    ContextTarget p2 = ContextTarget.of(c, 2);
    assertArrayEquals(new int[] {0, 1, 3, 4}, p2.context(0));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ContextTarget.of(new int[] {1, 2}, 1));
    assertEquals(
        "ContextTarget: ids: 2 tokens leave no target with 1 context tokens on each side",
        e.getMessage());
  }

  @Test
  void samplerDrawsDistinctNegativesNeverTheTargetWithThePoweredFrequencies() {
    int[] counts = {100, 10, 1, 0, 50};
    UnigramSampler s = new UnigramSampler(counts, 0.75, 2, new Well19937c(1));
    double z = Math.pow(100, 0.75) + Math.pow(10, 0.75) + 1 + Math.pow(50, 0.75);
    assertEquals(Math.pow(10, 0.75) / z, s.probability(1), 1e-12);
    assertEquals(0, s.probability(3));
    int[] targets = new int[20_000];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = i % 2 == 0 ? 0 : 4;
    }
    int[] neg = s.sample(targets);
    assertEquals(2 * targets.length, neg.length);
    int[] seen = new int[5];
    for (int i = 0; i < targets.length; i++) {
      assertNotEquals(targets[i], neg[2 * i], "the target is excluded");
      assertNotEquals(targets[i], neg[2 * i + 1], "the target is excluded");
      assertNotEquals(neg[2 * i], neg[2 * i + 1], "distinct in a row");
      seen[neg[2 * i]]++;
      seen[neg[2 * i + 1]]++;
    }
    assertEquals(0, seen[3], "a word never seen is never drawn");
    // drawing again on a repeat or the target is sampling without replacement from the powered
    // counts less the target's: P(w in a row) = P(first = w) + P(first = u != w, second = w)
    for (int w = 0; w < 5; w++) {
      double expected = 0;
      for (int t : new int[] {0, 4}) {
        expected += inclusion(counts, t, w) / 2; // targets 0 and 4, half of the rows each
      }
      double got = seen[w] / (double) targets.length;
      assertEquals(expected, got, 4 * Math.sqrt(expected / targets.length) + 1e-12, "word " + w);
    }
    int[] again = new UnigramSampler(counts, 0.75, 2, new Well19937c(1)).sample(targets);
    assertArrayEquals(neg, again, "the seed fixes the draws");
  }

  /** The chance that word w is one of the 2 drawn for target t. */
  private static double inclusion(int[] counts, int t, int w) {
    if (w == t || counts[w] == 0) {
      return 0;
    }
    double[] p = new double[counts.length];
    double z = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = i == t ? 0 : Math.pow(counts[i], 0.75);
      z += p[i];
    }
    double q = p[w] / z;
    for (int u = 0; u < p.length; u++) {
      if (u != w && p[u] > 0) {
        q += p[u] / z * p[w] / (z - p[u]);
      }
    }
    return q;
  }

  @Test
  void samplerFrequenciesFollowCountToThePower() {
    int[] counts = new int[50];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = (i + 1) * (i + 1);
    }
    UnigramSampler s = new UnigramSampler(counts, 0.75, 1, new Well19937c(3));
    int n = 200_000;
    int[] neg = s.sample(new int[n]); // target 0 excluded
    int[] seen = new int[50];
    for (int w : neg) {
      seen[w]++;
    }
    double rest = 1 - s.probability(0);
    for (int w : new int[] {1, 10, 49}) {
      double expected = s.probability(w) / rest;
      double got = (double) seen[w] / n;
      assertEquals(expected, got, 4 * Math.sqrt(expected / n), "word " + w);
    }
  }

  @Test
  void samplerRejectsImpossibleSettings() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new UnigramSampler(new int[] {3, 0, 2}, 0.75, 2, new Well19937c(1)));
    assertEquals(
        "UnigramSampler: sampleSize: must be in [1, 2) (distinct words other than the target"
            + " among 2 words seen), got 2",
        e.getMessage());
    IllegalArgumentException p =
        assertThrows(
            IllegalArgumentException.class,
            () -> new UnigramSampler(new int[] {3, 1, 2}, 1.5, 1, new Well19937c(1)));
    assertEquals("UnigramSampler: power: must be in (0, 1], got 1.5", p.getMessage());
  }

  @Test
  void mostSimilarAndAnalogyByCosine() {
    List<String> words = List.of("man", "king", "woman", "queen", "apple");
    Tensor v =
        Tensor.of(
            new double[] {
              1, 0, 0, // man
              1, 1, 0, // king = man + royal
              0, 0, 1, // woman
              0, 1, 1, // queen = woman + royal
              -1, 0, 0.1 // apple
            },
            5,
            3);
    WordVectors w = new WordVectors(words, v);
    assertEquals(1 / Math.sqrt(2), w.similarity("man", "king"), 1e-7);
    List<WordVectors.Neighbour> near = w.mostSimilar("king", 2);
    assertEquals(List.of("man", "queen"), near.stream().map(WordVectors.Neighbour::word).toList());
    assertEquals(0.5, near.get(1).similarity(), 1e-7);
    assertEquals("queen", w.analogy("man", "king", "woman", 1).get(0).word());
    Set<String> all = new HashSet<>();
    w.mostSimilar("apple", 10).forEach(n -> all.add(n.word()));
    assertEquals(Set.of("man", "king", "woman", "queen"), all, "every other word, not itself");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> w.mostSimilar("pear", 3));
    assertEquals("WordVectors: word: 'pear' is not in the vocabulary of 5 words", e.getMessage());
  }
}
