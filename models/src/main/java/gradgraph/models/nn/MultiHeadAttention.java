package gradgraph.models.nn;

import gradgraph.core.NameScope;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.ops.Ops;
import gradgraph.ops.attention.AttentionMask;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Multi-head attention (Vaswani et al. 2017), PyTorch's {@code nn.MultiheadAttention} with {@code
 * batch_first=True}: the queries, keys and values are projected, split into {@code heads} heads of
 * {@code D/heads} features, attended by {@link Ops#scaledDotProductAttention} in each head, joined
 * and projected again.
 *
 * <ul>
 *   <li>inputs: {@code query [N, Tq, D]}, {@code key [N, Tk, D]}, {@code value [N, Tk, D]}; one
 *       input {@code x} means self-attention ({@code query = key = value = x})
 *   <li>parameters: {@code wq}, {@code wk}, {@code wv}, {@code wo} {@code [D, D]} (Xavier) and
 *       biases {@code bq}, {@code bk}, {@code bv}, {@code bo} {@code [D]} (zeros)
 *   <li>output: {@code [N, Tq, D]}; {@link #lastWeights()}: {@code [N, heads, Tq, Tk]}
 * </ul>
 */
public final class MultiHeadAttention extends Module {
  private final int dim;
  private final int heads;
  private final Parameter wq;
  private final Parameter wk;
  private final Parameter wv;
  private final Parameter wo;
  private final Parameter bq;
  private final Parameter bk;
  private final Parameter bv;
  private final Parameter bo;
  private Variable lastWeights;

  /**
   * Creates the layer from a JDK generator ({@code new SplittableRandom(seed)}, {@code
   * RandomGenerator.of("L64X128MixRandom")}, ...), adapted by {@link
   * gradgraph.core.tensor.Randoms#of(java.util.random.RandomGenerator)}.
   *
   * @param dim the model width {@code D}, a multiple of {@code heads}
   * @param heads the number of heads, {@code >= 1}
   * @param rng the seeded generator of the weights (advanced)
   * @param dtype the parameters' element type
   */
  public MultiHeadAttention(int dim, int heads, java.util.random.RandomGenerator rng, DType dtype) {
    this(dim, heads, gradgraph.core.tensor.Randoms.of(rng), dtype);
  }

  /**
   * Creates the layer.
   *
   * @param dim the model width {@code D}, a multiple of {@code heads}
   * @param heads the number of heads, {@code >= 1}
   * @param rng the seeded generator of the weights (advanced)
   * @param dtype the parameters' element type
   */
  public MultiHeadAttention(int dim, int heads, RandomGenerator rng, DType dtype) {
    Errors.check(heads >= 1, "MultiHeadAttention", "heads", "must be >= 1, got " + heads);
    Errors.check(
        dim >= 1 && dim % heads == 0,
        "MultiHeadAttention",
        "dim",
        "must be a positive multiple of heads=" + heads + ", got " + dim);
    this.dim = dim;
    this.heads = heads;
    wq = register("wq", new Parameter(Init.xavier().draw(rng, dtype, dim, dim, dim), "wq"));
    wk = register("wk", new Parameter(Init.xavier().draw(rng, dtype, dim, dim, dim), "wk"));
    wv = register("wv", new Parameter(Init.xavier().draw(rng, dtype, dim, dim, dim), "wv"));
    wo = register("wo", new Parameter(Init.xavier().draw(rng, dtype, dim, dim, dim), "wo"));
    bq = register("bq", new Parameter(Tensor.zeros(dtype, dim), "bq", false));
    bk = register("bk", new Parameter(Tensor.zeros(dtype, dim), "bk", false));
    bv = register("bv", new Parameter(Tensor.zeros(dtype, dim), "bv", false));
    bo = register("bo", new Parameter(Tensor.zeros(dtype, dim), "bo", false));
  }

  /**
   * Runs the layer with a mask, inside its name scope.
   *
   * @param query {@code [N, Tq, D]}
   * @param key {@code [N, Tk, D]}
   * @param value {@code [N, Tk, D]}
   * @param mask broadcasting to {@code [N, heads, Tq, Tk]} ({@link AttentionMask#causal} {@code
   *     [Tq, Tk]}; a {@link AttentionMask#lengths} mask {@code [N, 1, Tk]} is given its heads
   *     dimension here); null for none
   * @return {@code [N, Tq, D]}
   */
  public Variable apply(Variable query, Variable key, Variable value, AttentionMask mask) {
    try (Scope s = NameScope.push(scopeName())) {
      return attend(query, key, value, mask);
    }
  }

  /**
   * Returns the attention weights of the last call (part of its graph).
   *
   * @return {@code [N, heads, Tq, Tk]}, or null before the first call
   */
  public Variable lastWeights() {
    return lastWeights;
  }

  @Override
  protected Variable forward(Variable x) {
    return attend(x, x, x, null);
  }

  @Override
  protected Variable forward(Variable... xs) {
    if (xs.length == 1) {
      return forward(xs[0]);
    }
    if (xs.length != 3) {
      throw Errors.illegalArgument(
          "MultiHeadAttention",
          "inputs",
          "takes 3 inputs (query, key, value) or 1 (self-attention), got " + xs.length);
    }
    return attend(xs[0], xs[1], xs[2], null);
  }

  private Variable attend(Variable query, Variable key, Variable value, AttentionMask mask) {
    Variable[] in = {query, key, value};
    String[] names = {"query", "key", "value"};
    for (int i = 0; i < 3; i++) {
      if (in[i].rank() != 3 || in[i].shape()[2] != dim) {
        throw Errors.illegalArgument(
            "MultiHeadAttention",
            names[i],
            "expected [N, T, " + dim + "], got " + Errors.shape(in[i].shape()));
      }
    }
    if (mask != null && mask.shape().length == 3) {
      int[] m = mask.shape();
      mask = mask.reshape(m[0], 1, m[1], m[2]);
    }
    Variable q = split(Ops.linear(query, wq, bq));
    Variable k = split(Ops.linear(key, wk, bk));
    Variable v = split(Ops.linear(value, wv, bv));
    lastWeights = Ops.attentionWeights(q, k, mask);
    Variable o = Ops.matmul(lastWeights, v);
    int n = query.shape()[0];
    int tq = query.shape()[1];
    Variable joined = Ops.permute(o, 0, 2, 1, 3).reshape(n, tq, dim);
    return Ops.linear(joined, wo, bo);
  }

  /** {@code [N, T, D] -> [N, heads, T, D/heads]}. */
  private Variable split(Variable x) {
    int n = x.shape()[0];
    int t = x.shape()[1];
    return Ops.permute(x.reshape(n, t, heads, dim / heads), 0, 2, 1, 3);
  }

  @Override
  protected String describe() {
    return "MultiHeadAttention(dim=" + dim + ", heads=" + heads + ")";
  }
}
