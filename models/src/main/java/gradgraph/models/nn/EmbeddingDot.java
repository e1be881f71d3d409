package gradgraph.models.nn;

import gradgraph.core.NameScope;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Initializer;
import gradgraph.ops.Ops;
import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The sequel's {@code EmbeddingDot}: the dot product of a hidden vector with the output vectors of
 * a few chosen words, instead of with every word (a full matrix product and softmax over the
 * vocabulary).
 *
 * <ul>
 *   <li>{@link #apply(Variable, Tensor)}: {@code h} {@code [N, dim]} and ids {@code [N, ...]} give
 *       {@code scores[i, ...] = W[ids[i, ...]] · h[i]}, shape {@code [N, ...]}
 *   <li>{@link #apply(Variable)}: {@code h} {@code [N, dim]} gives the scores of every word, {@code
 *       h · Wᵀ}, {@code [N, vocab]}
 *   <li>parameter: {@code embed.weight} {@code [vocab, dim]}, an {@link Embedding}'s table
 * </ul>
 */
public final class EmbeddingDot extends Module {
  private final Embedding embed;

  /**
   * Creates the layer.
   *
   * @param vocab the vocabulary size
   * @param dim the vector size
   * @param init the initializer of the table
   * @param rng the seeded generator (advanced)
   * @param dtype the element type
   */
  public EmbeddingDot(int vocab, int dim, Initializer init, RandomGenerator rng, DType dtype) {
    this.embed = register("embed", new Embedding(vocab, dim, init, rng, dtype));
  }

  /**
   * Scores chosen words, inside this layer's name scope.
   *
   * @param h the hidden vectors {@code [N, dim]}
   * @param ids the words to score, {@code [N]} or {@code [N, K]} (any shape starting with {@code
   *     N})
   * @return the dot products, shaped as {@code ids}
   * @throws IllegalArgumentException naming {@code EmbeddingDot} when the shapes do not fit
   */
  public Variable apply(Variable h, Tensor ids) {
    int[] ih = ids.shape();
    if (h.rank() != 2 || h.shape()[1] != embed.dim() || ih.length < 1 || ih[0] != h.shape()[0]) {
      throw Errors.illegalArgument(
          "EmbeddingDot",
          "h/ids",
          "expected h [N, "
              + embed.dim()
              + "] and ids [N, ...], got h "
              + Errors.shape(h.shape())
              + " and ids "
              + Errors.shape(ih));
    }
    try (Scope s = NameScope.push(scopeName())) {
      Variable w = embed.apply(ids); // [N, ..., dim]
      int[] hs = new int[ih.length + 1];
      Arrays.fill(hs, 1);
      hs[0] = h.shape()[0];
      hs[ih.length] = embed.dim();
      return Ops.sum(w.mul(h.reshape(hs)), false, -1);
    }
  }

  @Override
  protected Variable forward(Variable h) {
    if (h.rank() != 2 || h.shape()[1] != embed.dim()) {
      throw Errors.illegalArgument(
          "EmbeddingDot", "h", "expected [N, " + embed.dim() + "], got " + Errors.shape(h.shape()));
    }
    return h.matmul(Ops.transpose(embed.weight()));
  }

  /**
   * Returns the table of output vectors.
   *
   * @return the embedding
   */
  public Embedding embedding() {
    return embed;
  }

  @Override
  protected String describe() {
    return "EmbeddingDot(" + embed.vocab() + " x " + embed.dim() + ")";
  }
}
