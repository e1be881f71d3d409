package gradgraph.models.data.text;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Word vectors with their vocabulary, and the sequel's queries on them: {@link #mostSimilar} (its
 * {@code most_similar}, by cosine similarity) and {@link #analogy} ({@code a : b = c : ?}).
 *
 * <p>The vectors are copied once into rows normalized to unit length (with the sequel's {@code eps
 * = 1e-8}), so a query is one pass of dot products.
 */
public final class WordVectors {
  private static final double EPS = 1e-8;

  private final List<String> words;
  private final Map<String, Integer> ids = new HashMap<>();
  private final int dim;
  private final double[][] unit;

  /**
   * A word and its cosine similarity to the query.
   *
   * @param word the word
   * @param similarity its cosine similarity, in {@code [-1, 1]}
   */
  public record Neighbour(String word, double similarity) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%s %.3f", word, similarity);
    }
  }

  /**
   * Wraps vectors.
   *
   * @param words the vocabulary, by id ({@link Corpus#vocabulary()})
   * @param vectors {@code [words.size(), dim]} (not modified)
   */
  public WordVectors(List<String> words, Tensor vectors) {
    Errors.check(
        vectors.rank() == 2 && vectors.shape()[0] == words.size(),
        "WordVectors",
        "vectors",
        "expected [" + words.size() + ", dim], got " + Errors.shape(vectors.shape()));
    this.words = List.copyOf(words);
    this.dim = vectors.shape()[1];
    double[] d = vectors.toDoubleArray();
    this.unit = new double[words.size()][dim];
    for (int i = 0; i < unit.length; i++) {
      double norm = 0;
      for (int j = 0; j < dim; j++) {
        norm += d[i * dim + j] * d[i * dim + j];
      }
      norm = Math.sqrt(norm) + EPS;
      for (int j = 0; j < dim; j++) {
        unit[i][j] = d[i * dim + j] / norm;
      }
      ids.put(this.words.get(i), i);
    }
  }

  /**
   * Returns the vocabulary size.
   *
   * @return the number of words
   */
  public int size() {
    return words.size();
  }

  /**
   * Returns the vector size.
   *
   * @return the number of components
   */
  public int dim() {
    return dim;
  }

  /**
   * Tells whether a word has a vector.
   *
   * @param word the word
   * @return true when it is in the vocabulary
   */
  public boolean contains(String word) {
    return ids.containsKey(word);
  }

  /**
   * Returns a word's vector scaled to unit length.
   *
   * @param word the word
   * @return a copy, {@code dim} components
   */
  public double[] unitVector(String word) {
    return unit[id(word)].clone();
  }

  /**
   * Returns the cosine similarity of two words.
   *
   * @param a a word
   * @param b another word
   * @return {@code a·b / (|a| |b|)}, in {@code [-1, 1]}
   * @throws IllegalArgumentException naming a word that is not in the vocabulary
   */
  public double similarity(String a, String b) {
    return dot(unit[id(a)], unit[id(b)]);
  }

  /**
   * Finds the words nearest to a word by cosine similarity, the sequel's {@code most_similar}.
   *
   * @param word the query
   * @param k how many, at least 1
   * @return up to {@code k} other words, most similar first
   */
  public List<Neighbour> mostSimilar(String word, int k) {
    return nearest(unit[id(word)], k, Set.of(word));
  }

  /**
   * Solves {@code a : b = c : ?} by the vector {@code b − a + c}, normalized, the sequel's {@code
   * analogy} ({@code man : king = woman : queen}).
   *
   * @param a the first word
   * @param b its counterpart
   * @param c the third word
   * @param k how many answers
   * @return up to {@code k} words other than {@code a}, {@code b} and {@code c}, best first
   */
  public List<Neighbour> analogy(String a, String b, String c, int k) {
    double[] q = new double[dim];
    double[] va = unit[id(a)];
    double[] vb = unit[id(b)];
    double[] vc = unit[id(c)];
    double norm = 0;
    for (int j = 0; j < dim; j++) {
      q[j] = vb[j] - va[j] + vc[j];
      norm += q[j] * q[j];
    }
    norm = Math.sqrt(norm) + EPS;
    for (int j = 0; j < dim; j++) {
      q[j] /= norm;
    }
    return nearest(q, k, new HashSet<>(Arrays.asList(a, b, c)));
  }

  private List<Neighbour> nearest(double[] q, int k, Set<String> exclude) {
    Errors.check(k >= 1, "WordVectors", "k", "must be >= 1, got " + k);
    List<Neighbour> all = new ArrayList<>(unit.length);
    for (int i = 0; i < unit.length; i++) {
      if (!exclude.contains(words.get(i))) {
        all.add(new Neighbour(words.get(i), dot(q, unit[i])));
      }
    }
    all.sort(Comparator.comparingDouble(Neighbour::similarity).reversed());
    return List.copyOf(all.subList(0, Math.min(k, all.size())));
  }

  private int id(String word) {
    Integer i = ids.get(word);
    if (i == null) {
      throw Errors.illegalArgument(
          "WordVectors",
          "word",
          "'" + word + "' is not in the vocabulary of " + words.size() + " words");
    }
    return i;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int j = 0; j < a.length; j++) {
      s += a[j] * b[j];
    }
    return s;
  }
}
