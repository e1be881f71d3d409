package gradgraph.examples.sequel;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Attention;
import gradgraph.models.nn.Embedding;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.rnn.Lstm;
import gradgraph.models.nn.rnn.RecurrentLayer;
import gradgraph.models.nn.rnn.RecurrentState;
import gradgraph.ops.Ops;
import gradgraph.ops.attention.AttentionMask;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The sequel's {@code AttentionSeq2seq} (ch08): an LSTM encoder over the source characters, and an
 * LSTM decoder that starts from the encoder's last state and, at each step, attends to every
 * encoder state ({@link Attention}) and predicts the next character from the context and its own
 * state.
 *
 * <ul>
 *   <li>inputs of {@link #apply(Variable...)}: source ids {@code [N, T]} and decoder input ids
 *       {@code [N, T']} (the target shifted right behind a start character: teacher forcing)
 *   <li>output: logits {@code [N, T', V]}
 *   <li>sub-modules: {@code encoder} (embedding {@code [V, E]}, LSTM {@code E -> H}) and {@code
 *       decoder} (embedding, LSTM, attention, affine {@code [2H, V]})
 * </ul>
 */
public final class AttentionSeq2seq extends Module {
  private final Encoder encoder;
  private final Decoder decoder;
  private final int vocab;

  /**
   * Creates the model.
   *
   * @param vocab the number of characters {@code V}
   * @param embed the character vector size {@code E}
   * @param hidden the LSTM state size {@code H}
   * @param rng the seeded generator of the weights (advanced)
   */
  public AttentionSeq2seq(int vocab, int embed, int hidden, RandomGenerator rng) {
    this.vocab = vocab;
    encoder = register("encoder", new Encoder(vocab, embed, hidden, rng));
    decoder = register("decoder", new Decoder(vocab, embed, hidden, rng));
  }

  /** Embedding and LSTM over the source; its output is the hidden states {@code [N, T, H]}. */
  static final class Encoder extends Module {
    final Embedding embed;
    final Lstm lstm;
    RecurrentState last;

    Encoder(int vocab, int embed, int hidden, RandomGenerator rng) {
      this.embed =
          register("embed", new Embedding(vocab, embed, Init.std(0.01), rng, DType.FLOAT32));
      this.lstm = register("lstm", new Lstm(embed, hidden, 1, 0, rng, DType.FLOAT32));
    }

    @Override
    protected Variable forward(Variable src) {
      RecurrentLayer.Output o = lstm.apply(embed.apply(src), null);
      last = o.state();
      return o.output();
    }
  }

  /**
   * The attention decoder, a module of four inputs: decoder input ids {@code [N, T']}, encoder
   * states {@code [N, T, H]}, and the initial {@code h} and {@code c} {@code [N, H]}; its output is
   * the logits {@code [N, T', V]}.
   */
  static final class Decoder extends Module {
    final Embedding embed;
    final Lstm lstm;
    final Attention attention;
    final Linear affine;
    RecurrentState last;

    Decoder(int vocab, int embed, int hidden, RandomGenerator rng) {
      this.embed =
          register("embed", new Embedding(vocab, embed, Init.std(0.01), rng, DType.FLOAT32));
      this.lstm = register("lstm", new Lstm(embed, hidden, 1, 0, rng, DType.FLOAT32));
      this.attention = register("attention", new Attention());
      this.affine = register("affine", new Linear(2 * hidden, vocab, Init.xavier(), rng));
    }

    @Override
    protected Variable forward(Variable x) {
      throw Errors.illegalArgument(
          "Decoder", "inputs", "takes 4 inputs (ids, encoder states, h, c), got 1");
    }

    @Override
    protected Variable forward(Variable... xs) {
      Errors.check(
          xs.length == 4,
          "Decoder",
          "inputs",
          "takes 4 inputs (ids, encoder states, h, c), got " + xs.length);
      Variable ids = xs[0];
      Variable hs = xs[1];
      RecurrentLayer.Output o = lstm.apply(embed.apply(ids), RecurrentState.of(xs[2], xs[3]));
      last = o.state();
      Variable dec = o.output();
      Variable context = attention.apply(dec, hs);
      Variable both = Ops.concat(List.of(context, dec), 2);
      int n = dec.shape()[0];
      int t = dec.shape()[1];
      return affine.apply(both.reshape(n * t, both.shape()[2])).reshape(n, t, -1);
    }
  }

  /**
   * Sets the padding mask of the next calls: sample {@code n} of the source has {@code lengths[n]}
   * real characters.
   *
   * @param lengths the source lengths, or null for no mask
   * @param t the padded source length
   */
  public void sourceLengths(int[] lengths, int t) {
    decoder.attention.mask(lengths == null ? null : AttentionMask.lengths(lengths, t));
  }

  @Override
  protected Variable forward(Variable x) {
    throw Errors.illegalArgument(
        "AttentionSeq2seq", "inputs", "takes 2 inputs (source ids, decoder input ids), got 1");
  }

  @Override
  protected Variable forward(Variable... xs) {
    Errors.check(
        xs.length == 2,
        "AttentionSeq2seq",
        "inputs",
        "takes 2 inputs (source ids, decoder input ids), got " + xs.length);
    Variable hs = encoder.apply(xs[0]);
    RecurrentState s = encoder.last;
    return decoder.apply(xs[1], hs, s.h(0), s.c(0));
  }

  /**
   * Greedy decoding: the characters predicted and the attention weights of each step.
   *
   * @param ids the predicted character ids, {@code ids[n][step]}
   * @param weights the attention weights over the source, {@code weights[n][step][t]}
   */
  public record Decoded(int[][] ids, double[][][] weights) {}

  /**
   * Decodes greedily, one character at a time, feeding each prediction back (no gradients).
   *
   * @param src source ids {@code [N, T]}
   * @param start the start character's id
   * @param length how many characters to produce
   * @return {@code ids[n][step]} and {@code weights[n][step][t]}
   */
  public Decoded generate(Tensor src, int start, int length) {
    try (Scope off = Grad.disabled()) {
      int n = src.shape()[0];
      int t = src.shape()[1];
      Variable hs = encoder.apply(Variable.constant(src));
      RecurrentState s = encoder.last;
      Variable h = s.h(0);
      Variable c = s.c(0);
      int[][] ids = new int[n][length];
      double[][][] w = new double[n][length][t];
      double[] prev = new double[n];
      java.util.Arrays.fill(prev, start);
      for (int step = 0; step < length; step++) {
        Variable logits = decoder.apply(Variable.constant(Tensor.of(prev, n, 1)), hs, h, c);
        h = decoder.last.h(0);
        c = decoder.last.c(0);
        int[] best = logits.value().reshape(n, vocab).argMax(1);
        double[] a = decoder.attention.lastWeights().value().toDoubleArray();
        for (int i = 0; i < n; i++) {
          ids[i][step] = best[i];
          prev[i] = best[i];
          System.arraycopy(a, i * t, w[i][step], 0, t);
        }
      }
      return new Decoded(ids, w);
    }
  }

  /**
   * The mean cross-entropy of the next characters under teacher forcing.
   *
   * @param src source ids {@code [N, T]}
   * @param decIn decoder input ids {@code [N, T']}
   * @param target the characters to predict, {@code N·T'} ids row-major
   * @return the scalar loss
   */
  public Variable loss(Tensor src, Tensor decIn, int[] target) {
    Variable logits = apply(Variable.constant(src), Variable.constant(decIn));
    return Ops.softmaxCrossEntropy(logits.reshape(target.length, vocab), target);
  }

  @Override
  protected String describe() {
    return "AttentionSeq2seq(vocab=" + vocab + ")";
  }
}
