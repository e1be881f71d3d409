package gradgraph.models.nn;

import gradgraph.core.NameScope;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.data.text.UnigramSampler;
import gradgraph.models.init.Initializer;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The sequel's {@code NegativeSamplingLoss}: word2vec's output side as binary classification. The
 * target word is a positive example (label 1) and {@code k} words drawn by a {@link UnigramSampler}
 * are negatives (label 0); each is scored by an {@link EmbeddingDot} and the loss is the sigmoid
 * cross-entropy ({@link Ops#sigmoidCrossEntropy}) of the {@code 1 + k} scores, summed over them and
 * averaged over the batch, as the sequel adds its {@code 1 + k} losses.
 *
 * <ul>
 *   <li>{@link #loss(Variable, int[])}: {@code h} {@code [N, dim]} and {@code N} targets give a
 *       scalar
 *   <li>{@link #apply(Variable)}: the scores of every word {@code [N, vocab]} (for inspection)
 *   <li>parameter: {@code dot.embed.weight} {@code [vocab, dim]}, the output vectors
 * </ul>
 */
public final class NegativeSamplingLoss extends Module {
  private final EmbeddingDot dot;
  private final UnigramSampler sampler;

  /**
   * Creates the loss layer.
   *
   * @param vocab the vocabulary size
   * @param dim the vector size
   * @param sampler draws the negatives (its counts cover the vocabulary)
   * @param init the initializer of the output vectors
   * @param rng the seeded generator of the initial values (advanced)
   * @param dtype the element type
   */
  public NegativeSamplingLoss(
      int vocab,
      int dim,
      UnigramSampler sampler,
      Initializer init,
      RandomGenerator rng,
      DType dtype) {
    this.dot = register("dot", new EmbeddingDot(vocab, dim, init, rng, dtype));
    this.sampler = sampler;
  }

  /**
   * Computes the loss of a batch, drawing fresh negatives.
   *
   * @param h the hidden vectors {@code [N, dim]}
   * @param targets the {@code N} target words
   * @return the scalar loss {@code (1 + k)·mean(sigmoidCrossEntropy(scores, labels))}
   */
  public Variable loss(Variable h, int[] targets) {
    return loss(h, targets, sampler.sample(targets));
  }

  /**
   * Computes the loss of a batch with given negatives (gradient checks, reproductions).
   *
   * @param h the hidden vectors {@code [N, dim]}
   * @param targets the {@code N} target words
   * @param negatives {@code [N, k]} words row-major, {@code k = negatives.length / N} at least 1
   * @return the scalar loss {@code (1 + k)·mean(sigmoidCrossEntropy(scores, labels))}
   */
  public Variable loss(Variable h, int[] targets, int[] negatives) {
    int n = targets.length;
    Errors.check(
        h.rank() == 2 && h.shape()[0] == n,
        "NegativeSamplingLoss",
        "h/targets",
        "expected h [N, dim] with N = " + n + " targets, got h " + Errors.shape(h.shape()));
    Errors.check(
        n > 0 && negatives.length >= n && negatives.length % n == 0,
        "NegativeSamplingLoss",
        "negatives",
        negatives.length + " negatives do not make k >= 1 per target for " + n + " targets");
    int k = negatives.length / n;
    float[] ids = new float[n * (1 + k)];
    float[] labels = new float[n * (1 + k)];
    for (int i = 0; i < n; i++) {
      ids[i * (1 + k)] = targets[i];
      labels[i * (1 + k)] = 1;
      for (int j = 0; j < k; j++) {
        ids[i * (1 + k) + 1 + j] = negatives[i * k + j];
      }
    }
    try (Scope s = NameScope.push(scopeName())) {
      Variable scores = dot.apply(h, Tensor.of(ids, n, 1 + k));
      Tensor t = Tensor.of(labels, n, 1 + k).to(scores.dtype()).to(scores.value().device());
      return Ops.sigmoidCrossEntropy(scores, Variable.constant(t)).mul(1 + k);
    }
  }

  @Override
  protected Variable forward(Variable h) {
    return dot.apply(h);
  }

  /**
   * Returns the output side's dot layer.
   *
   * @return the layer
   */
  public EmbeddingDot dot() {
    return dot;
  }

  /**
   * Returns the sampler of negatives.
   *
   * @return the sampler
   */
  public UnigramSampler sampler() {
    return sampler;
  }

  @Override
  protected String describe() {
    return "NegativeSamplingLoss("
        + sampler.sampleSize()
        + " negatives, power "
        + sampler.power()
        + ")";
  }
}
