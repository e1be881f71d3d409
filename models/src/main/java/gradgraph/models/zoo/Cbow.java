package gradgraph.models.zoo;

import gradgraph.core.NameScope;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.text.UnigramSampler;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Embedding;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.NegativeSamplingLoss;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.Well19937c;

/**
 * The sequel's word2vec {@code CBOW} with negative sampling (chapter 4): the mean of the context
 * words' input vectors predicts the target word, trained as binary classification of the target
 * against {@code k} sampled negatives. After training, {@link #wordVectors()} (the input table) are
 * the distributed representations of the words.
 *
 * <ul>
 *   <li>input: contexts {@code [N, 2·window]} word ids
 *   <li>parameters: {@code in.weight} {@code [vocab, dim]} (the word vectors), {@code
 *       ns.dot.embed.weight} {@code [vocab, dim]} (the output vectors); both drawn from {@code N(0,
 *       0.01²)}
 *   <li>{@link #apply}: the hidden vectors {@code h} {@code [N, dim]}; {@link #loss}: the scalar
 *       negative-sampling loss
 * </ul>
 */
public final class Cbow extends Module {
  private final int window;
  private final Embedding in;
  private final NegativeSamplingLoss ns;

  /**
   * Creates a FLOAT32 model.
   *
   * @param vocab the vocabulary size
   * @param dim the vector size (the sequel's {@code hidden_size}, 100)
   * @param window context words on each side (the sequel: 5)
   * @param counts each word's count in the training text, for the sampler
   * @param negatives negatives per target (the sequel: 5)
   * @param seed the seed of the initial vectors and of the negatives
   */
  public Cbow(int vocab, int dim, int window, int[] counts, int negatives, long seed) {
    Errors.check(window >= 1, "Cbow", "window", "must be >= 1, got " + window);
    Errors.check(
        counts.length == vocab,
        "Cbow",
        "counts",
        counts.length + " counts for a vocabulary of " + vocab);
    Well19937c rng = new Well19937c(seed);
    this.window = window;
    this.in = register("in", new Embedding(vocab, dim, Init.std(0.01), rng, DType.FLOAT32));
    UnigramSampler sampler = new UnigramSampler(counts, 0.75, negatives, new Well19937c(seed + 1));
    this.ns =
        register(
            "ns",
            new NegativeSamplingLoss(vocab, dim, sampler, Init.std(0.01), rng, DType.FLOAT32));
  }

  /**
   * Averages the context words' vectors.
   *
   * @param contexts ids {@code [N, 2·window]}
   * @return {@code h} {@code [N, dim]}
   */
  @Override
  protected Variable forward(Variable contexts) {
    if (contexts.rank() != 2 || contexts.shape()[1] != 2 * window) {
      throw Errors.illegalArgument(
          "Cbow",
          "contexts",
          "expected [N, "
              + 2 * window
              + "] ids ("
              + window
              + " on each side), got "
              + Errors.shape(contexts.shape()));
    }
    return Ops.mean(in.apply(contexts), false, 1);
  }

  /**
   * Computes the negative-sampling loss of a batch (drawing new negatives).
   *
   * @param contexts ids {@code [N, 2·window]}
   * @param targets the {@code N} target ids
   * @return the scalar loss
   */
  public Variable loss(Tensor contexts, int[] targets) {
    return loss(contexts, targets, ns.sampler().sample(targets));
  }

  /**
   * Computes the negative-sampling loss of a batch with given negatives (gradient checks).
   *
   * @param contexts ids {@code [N, 2·window]}
   * @param targets the {@code N} target ids
   * @param negatives {@code [N, k]} ids row-major
   * @return the scalar loss
   */
  public Variable loss(Tensor contexts, int[] targets, int[] negatives) {
    Variable h = apply(contexts);
    try (Scope s = NameScope.push(scopeName())) {
      return ns.loss(h, targets, negatives);
    }
  }

  /**
   * Returns the learned word vectors, the input table.
   *
   * @return {@code [vocab, dim]}
   */
  public Tensor wordVectors() {
    return in.weight().value();
  }

  /**
   * Returns the input embedding.
   *
   * @return the layer holding the word vectors
   */
  public Embedding input() {
    return in;
  }

  /**
   * Returns the output side.
   *
   * @return the negative-sampling layer
   */
  public NegativeSamplingLoss output() {
    return ns;
  }

  /**
   * Returns the context size on each side.
   *
   * @return the window
   */
  public int window() {
    return window;
  }

  @Override
  protected String describe() {
    return "Cbow(vocab " + in.vocab() + ", dim " + in.dim() + ", window " + window + ")";
  }
}
