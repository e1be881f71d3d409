package gradgraph.models.data.text;

import gradgraph.core.tensor.Errors;
import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws negative samples for word2vec, the sequel's {@code UnigramSampler}: word {@code w} is drawn
 * with probability {@code P(w) = count(w)^power / Σ count^power} ({@code power = 0.75} lifts rare
 * words a little), {@code sampleSize} distinct words per target, never the target itself.
 *
 * <p>Each draw is a binary search in the cumulative distribution; a repeat or the target is drawn
 * again (the sequel's {@code np.random.choice(..., replace=False)} with {@code p[target] = 0}). The
 * generator is explicit, so a seed gives the same samples.
 */
public final class UnigramSampler {
  private final double power;
  private final int sampleSize;
  private final double[] cumulative;
  private final double[] probability;
  private final RandomGenerator rng;

  /**
   * Creates the sampler.
   *
   * @param counts how often each word occurs ({@link Corpus#counts()}), non-negative
   * @param power the exponent, in {@code (0, 1]} (the sequel: 0.75)
   * @param sampleSize the negatives per target, at least 1 and below the number of words seen
   * @param rng the seeded generator (advanced by every draw)
   */
  public UnigramSampler(int[] counts, double power, int sampleSize, RandomGenerator rng) {
    Errors.check(
        power > 0 && power <= 1, "UnigramSampler", "power", "must be in (0, 1], got " + power);
    int seen = 0;
    for (int i = 0; i < counts.length; i++) {
      Errors.check(
          counts[i] >= 0,
          "UnigramSampler",
          "counts",
          "counts[" + i + "] = " + counts[i] + " is negative");
      seen += counts[i] > 0 ? 1 : 0;
    }
    Errors.check(
        sampleSize >= 1 && sampleSize < seen,
        "UnigramSampler",
        "sampleSize",
        "must be in [1, "
            + seen
            + ") (distinct words other than the target among "
            + seen
            + " words seen), got "
            + sampleSize);
    this.power = power;
    this.sampleSize = sampleSize;
    this.rng = rng;
    this.probability = new double[counts.length];
    double total = 0;
    for (int i = 0; i < counts.length; i++) {
      probability[i] = Math.pow(counts[i], power);
      total += probability[i];
    }
    this.cumulative = new double[counts.length];
    double acc = 0;
    for (int i = 0; i < counts.length; i++) {
      probability[i] /= total;
      acc += probability[i];
      cumulative[i] = acc;
    }
  }

  /**
   * Returns the probability of drawing a word (before the target is excluded).
   *
   * @param id the word
   * @return {@code P(id)}
   */
  public double probability(int id) {
    Errors.check(
        id >= 0 && id < probability.length,
        "UnigramSampler",
        "id",
        id + " is out of range for a vocabulary of " + probability.length);
    return probability[id];
  }

  /**
   * Returns the negatives drawn per target.
   *
   * @return the sample size
   */
  public int sampleSize() {
    return sampleSize;
  }

  /**
   * Returns the exponent.
   *
   * @return the power
   */
  public double power() {
    return power;
  }

  /**
   * Draws the negatives of a batch.
   *
   * @param targets the batch's targets, each in the vocabulary
   * @return {@code [targets.length, sampleSize]} ids row-major: row {@code i} holds {@code
   *     sampleSize} distinct words, none equal to {@code targets[i]}
   */
  public int[] sample(int[] targets) {
    int k = sampleSize;
    int[] out = new int[targets.length * k];
    for (int i = 0; i < targets.length; i++) {
      int t = targets[i];
      Errors.check(
          t >= 0 && t < probability.length,
          "UnigramSampler",
          "targets",
          "targets["
              + i
              + "] = "
              + t
              + " is out of range for a vocabulary of "
              + probability.length);
      for (int j = 0; j < k; j++) {
        int w;
        do {
          w = draw();
        } while (w == t || contains(out, i * k, i * k + j, w));
        out[i * k + j] = w;
      }
    }
    return out;
  }

  private int draw() {
    double u = rng.nextDouble() * cumulative[cumulative.length - 1];
    int i = Arrays.binarySearch(cumulative, u);
    i = i >= 0 ? i + 1 : -i - 1;
    // skip zero-probability words a rounding tie could land on
    while (i < cumulative.length - 1 && probability[i] == 0) {
      i++;
    }
    return Math.min(i, cumulative.length - 1);
  }

  private static boolean contains(int[] a, int from, int to, int w) {
    for (int i = from; i < to; i++) {
      if (a[i] == w) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "UnigramSampler(power " + power + ", " + sampleSize + " per target)";
  }
}
