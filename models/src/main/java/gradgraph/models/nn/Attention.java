package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.ops.Ops;
import gradgraph.ops.attention.AttentionMask;
import gradgraph.ops.attention.ScaledDotProductAttention;

/**
 * The book sequel's attention (ch08: {@code AttentionWeight} then {@code WeightSum}, batched over
 * decoder steps as its {@code TimeAttention}): each decoder state {@code h} scores every encoder
 * state by the dot product {@code hs·h}, the softmax over the encoder steps gives the attention
 * weights {@code a}, and the context is the weighted sum {@code Σ a·hs}. No parameters.
 *
 * <ul>
 *   <li>inputs, in order: the decoder states {@code [N, T', H]} (or one step {@code [N, H]}) and
 *       the encoder states {@code hs [N, T, H]}
 *   <li>output: the contexts {@code [N, T', H]} (or {@code [N, H]})
 *   <li>{@link #lastWeights()}: the weights of the last call, {@code [N, T', T]} (or {@code [N,
 *       T]}), each row summing to 1 over the encoder steps: the attention map
 * </ul>
 *
 * <pre>{@code
 * Variable context = attention.apply(decoderStates, encoderStates);
 * Variable out = affine.apply(Ops.concat(List.of(context, decoderStates), 2));
 * }</pre>
 *
 * <p>With {@code scaled} the scores are divided by {@code √H} (Transformer style); the sequel does
 * not scale.
 */
public final class Attention extends Module {
  private final boolean scaled;
  private AttentionMask mask;
  private Variable lastWeights;

  /** Creates the sequel's unscaled dot-product attention. */
  public Attention() {
    this(false);
  }

  /**
   * Creates the layer.
   *
   * @param scaled whether the scores are divided by {@code √H}
   */
  public Attention(boolean scaled) {
    this.scaled = scaled;
  }

  /**
   * Sets the mask applied to the scores from now on: which encoder steps each decoder step may see
   * ({@link AttentionMask#lengths} to leave out padding).
   *
   * @param mask the mask, broadcasting to {@code [N, T', T]}; null for none
   * @return this
   */
  public Attention mask(AttentionMask mask) {
    this.mask = mask;
    return this;
  }

  /**
   * Returns the attention weights of the last call (part of its graph).
   *
   * @return {@code [N, T', T]} (or {@code [N, T]} for one step), or null before the first call
   */
  public Variable lastWeights() {
    return lastWeights;
  }

  @Override
  protected Variable forward(Variable x) {
    throw Errors.illegalArgument(
        "Attention",
        "inputs",
        "takes 2 inputs (decoder states, encoder states), got 1: " + Errors.shape(x.shape()));
  }

  @Override
  protected Variable forward(Variable... xs) {
    if (xs.length != 2) {
      throw Errors.illegalArgument(
          "Attention",
          "inputs",
          "takes 2 inputs (decoder states, encoder states), got " + xs.length);
    }
    Variable h = xs[0];
    Variable hs = xs[1];
    if (hs.rank() != 3 || (h.rank() != 2 && h.rank() != 3)) {
      throw Errors.illegalArgument(
          "Attention",
          "inputs",
          "expected decoder states [N, T', H] or [N, H] and encoder states [N, T, H], got "
              + Errors.shape(h.shape())
              + " and "
              + Errors.shape(hs.shape()));
    }
    boolean oneStep = h.rank() == 2;
    Variable q = oneStep ? Ops.expandDims(h, 1) : h;
    if (q.shape()[0] != hs.shape()[0] || q.shape()[2] != hs.shape()[2]) {
      throw Errors.illegalArgument(
          "Attention",
          "inputs",
          "decoder and encoder states need the same N and H, got "
              + Errors.shape(h.shape())
              + " and "
              + Errors.shape(hs.shape()));
    }
    int hidden = hs.shape()[2];
    double scale = scaled && hidden > 0 ? 1 / Math.sqrt(hidden) : 1;
    Variable a = ScaledDotProductAttention.weights(q, hs, mask, scale);
    Variable c = Ops.matmul(a, hs);
    if (oneStep) {
      int n = hs.shape()[0];
      a = a.reshape(n, hs.shape()[1]);
      c = c.reshape(n, hidden);
    }
    lastWeights = a;
    return c;
  }

  @Override
  protected String describe() {
    return scaled ? "Attention(scaled dot product)" : "Attention(dot product)";
  }
}
