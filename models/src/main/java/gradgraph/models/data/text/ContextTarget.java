package gradgraph.models.data.text;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;

/**
 * CBOW training pairs, the sequel's {@code create_contexts_target}: for every position {@code t}
 * with {@code window} tokens on each side, the target {@code ids[t]} and its contexts {@code
 * ids[t−window .. t−1], ids[t+1 .. t+window]}, in that order.
 *
 * <ul>
 *   <li>{@link #size()} pairs: {@code ids.length − 2·window}
 *   <li>{@link #contexts(int[])}: {@code [B, 2·window]} ids, ready for {@code Embedding}
 *   <li>{@link #targets(int[])}: {@code B} ids
 * </ul>
 */
public final class ContextTarget {
  private final int[] ids;
  private final int window;

  private ContextTarget(int[] ids, int window) {
    this.ids = ids;
    this.window = window;
  }

  /**
   * Builds the pairs of a token sequence.
   *
   * @param ids the token ids, in text order (not modified)
   * @param window the number of context tokens on each side, at least 1
   * @return the pairs
   * @throws IllegalArgumentException when the window is below 1 or the text has no full window
   */
  public static ContextTarget of(int[] ids, int window) {
    Errors.check(window >= 1, "ContextTarget", "window", "must be >= 1, got " + window);
    Errors.check(
        ids.length > 2 * window,
        "ContextTarget",
        "ids",
        ids.length + " tokens leave no target with " + window + " context tokens on each side");
    return new ContextTarget(ids.clone(), window);
  }

  /**
   * Builds the pairs of a corpus.
   *
   * @param corpus the corpus
   * @param window the context tokens on each side
   * @return the pairs
   */
  public static ContextTarget of(Corpus corpus, int window) {
    return of(corpus.ids(), window);
  }

  /**
   * Returns the number of pairs.
   *
   * @return {@code ids.length − 2·window}
   */
  public int size() {
    return ids.length - 2 * window;
  }

  /**
   * Returns the window.
   *
   * @return context tokens on each side
   */
  public int window() {
    return window;
  }

  /**
   * Returns one pair's target.
   *
   * @param pair the pair, in {@code [0, size())}
   * @return the id of token {@code pair + window}
   */
  public int target(int pair) {
    check(pair);
    return ids[pair + window];
  }

  /**
   * Returns one pair's contexts.
   *
   * @param pair the pair, in {@code [0, size())}
   * @return {@code 2·window} ids, left then right
   */
  public int[] context(int pair) {
    check(pair);
    int[] c = new int[2 * window];
    for (int j = 0; j < window; j++) {
      c[j] = ids[pair + j];
      c[window + j] = ids[pair + window + 1 + j];
    }
    return c;
  }

  /**
   * Gathers the targets of some pairs.
   *
   * @param pairs the pairs
   * @return their targets
   */
  public int[] targets(int[] pairs) {
    int[] t = new int[pairs.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = target(pairs[i]);
    }
    return t;
  }

  /**
   * Gathers the contexts of some pairs as an id tensor.
   *
   * @param pairs the pairs
   * @return {@code [pairs.length, 2·window]} (FLOAT32, whole numbers)
   */
  public Tensor contexts(int[] pairs) {
    int w2 = 2 * window;
    float[] d = new float[pairs.length * w2];
    for (int i = 0; i < pairs.length; i++) {
      int[] c = context(pairs[i]);
      for (int j = 0; j < w2; j++) {
        d[i * w2 + j] = c[j];
      }
    }
    return Tensor.of(d, pairs.length, w2);
  }

  private void check(int pair) {
    Errors.check(
        pair >= 0 && pair < size(),
        "ContextTarget",
        "pair",
        pair + " is out of range [0, " + size() + ")");
  }
}
