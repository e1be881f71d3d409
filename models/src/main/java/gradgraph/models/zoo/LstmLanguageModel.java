package gradgraph.models.zoo;

import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Init;
import gradgraph.models.nn.Dropout;
import gradgraph.models.nn.Embedding;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.Mode;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.rnn.Lstm;
import gradgraph.ops.Ops;
import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The sequel's {@code Rnnlm}/{@code BetterRnnlm} (chapter 6): a word (or character) language model
 * {@code Embedding -> Lstm (stacked, stateful) -> Dropout -> Linear over the vocabulary}, trained
 * with softmax cross-entropy over every time step and truncated backpropagation through time.
 *
 * <ul>
 *   <li>input: ids {@code [N, T]} (as ints, or as numbers in a Variable for {@link #apply})
 *   <li>parameters: {@code embed.weight} {@code [V, E]}, {@code lstm.layer<l>.Wx/Wh/b}, {@code
 *       out.weight} {@code [H, V]}, {@code out.bias} {@code [V]}
 *   <li>output: logits {@code [N·T, V]}, row {@code n·T + t} for sequence {@code n}, step {@code t}
 * </ul>
 *
 * <p>The LSTM is stateful: consecutive calls continue the same {@code N} text streams until {@link
 * #resetState()}.
 */
public final class LstmLanguageModel extends Module {
  /**
   * The sizes.
   *
   * @param vocab {@code V}
   * @param embed {@code E}, the word-vector size
   * @param hidden {@code H}
   * @param layers stacked LSTM layers
   * @param dropout drop probability after the embedding, between layers and before the output
   *     layer, in training mode (0 for none)
   * @param seed the seed of the weights and the dropout masks
   */
  public record Config(int vocab, int embed, int hidden, int layers, double dropout, long seed) {
    /**
     * Checks the sizes.
     *
     * @param vocab {@code V}
     * @param embed {@code E}
     * @param hidden {@code H}
     * @param layers stacked LSTM layers
     * @param dropout drop probability
     * @param seed the seed
     */
    public Config {
      Errors.check(vocab > 1, "LstmLanguageModel", "vocab", "must be > 1, got " + vocab);
      Errors.check(embed > 0, "LstmLanguageModel", "embed", "must be > 0, got " + embed);
      Errors.check(hidden > 0, "LstmLanguageModel", "hidden", "must be > 0, got " + hidden);
      Errors.check(layers > 0, "LstmLanguageModel", "layers", "must be > 0, got " + layers);
      Errors.check(
          dropout >= 0 && dropout < 1,
          "LstmLanguageModel",
          "dropout",
          "must be in [0, 1), got " + dropout);
    }
  }

  private final Config config;
  private final Embedding embed;
  private final Dropout dropIn;
  private final Lstm lstm;
  private final Dropout dropOut;
  private final Linear out;

  /**
   * Creates a FLOAT32 model.
   *
   * @param config the sizes
   */
  public LstmLanguageModel(Config config) {
    this.config = config;
    Well19937c rng = new Well19937c(config.seed());
    this.embed =
        register("embed", new Embedding(config.vocab(), config.embed(), Init.std(0.01), rng));
    this.dropIn =
        config.dropout() > 0
            ? register("dropIn", new Dropout(config.dropout(), rng.nextLong()))
            : null;
    this.lstm =
        register(
            "lstm",
            new Lstm(
                config.embed(),
                config.hidden(),
                config.layers(),
                config.dropout(),
                rng,
                DType.FLOAT32));
    lstm.stateful(true);
    this.dropOut =
        config.dropout() > 0
            ? register("dropOut", new Dropout(config.dropout(), rng.nextLong()))
            : null;
    this.out = register("out", new Linear(config.hidden(), config.vocab(), Init.xavier(), rng));
  }

  /**
   * Returns the sizes.
   *
   * @return the configuration
   */
  public Config config() {
    return config;
  }

  /**
   * Returns the recurrent layer.
   *
   * @return the stateful LSTM
   */
  public Lstm lstm() {
    return lstm;
  }

  /** Forgets the LSTM's carried state: the next call starts new text streams. */
  public void resetState() {
    lstm.resetState();
  }

  /**
   * Computes the next-token logits of every position.
   *
   * @param ids the ids {@code [N, T]}, row-major
   * @param n the number of streams {@code N}
   * @param t the time steps {@code T}
   * @return logits {@code [N·T, V]}
   */
  public Variable logits(int[] ids, int n, int t) {
    Errors.check(
        n > 0 && t > 0 && ids.length == n * t,
        "LstmLanguageModel",
        "ids",
        ids.length + " ids do not fill [" + n + ", " + t + "]");
    Variable x = embed.apply(ids, n, t);
    if (dropIn != null) {
      x = dropIn.apply(x);
    }
    Variable h = lstm.apply(x);
    if (dropOut != null) {
      h = dropOut.apply(h);
    }
    return out.apply(h.reshape(n * t, config.hidden()));
  }

  /**
   * The mean cross-entropy of the next tokens (its exponential is the perplexity).
   *
   * @param xs the input ids {@code [N, T]}
   * @param ts the target ids {@code [N, T]}, each the token after the input at that position
   * @param n the number of streams
   * @param t the time steps
   * @return the scalar loss in nats per token
   */
  public Variable loss(int[] xs, int[] ts, int n, int t) {
    Errors.check(
        ts.length == xs.length,
        "LstmLanguageModel",
        "ts",
        ts.length + " targets for " + xs.length + " inputs");
    return Ops.softmaxCrossEntropy(logits(xs, n, t), ts);
  }

  @Override
  protected Variable forward(Variable ids) {
    Errors.check(
        ids.rank() == 2,
        "LstmLanguageModel",
        "ids",
        "expected [N, T], got " + Errors.shape(ids.shape()));
    double[] d = ids.value().toDoubleArray();
    int[] v = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      v[i] = (int) d[i];
    }
    return logits(v, ids.shape()[0], ids.shape()[1]);
  }

  /**
   * Generates text the sequel's way ({@code generate}): feeds the start ids, then samples each next
   * token from {@code softmax(logits / temperature)} and feeds it back. Runs in evaluation mode
   * without recording, from a fresh state, and leaves the state reset.
   *
   * @param start the prompt, at least one id
   * @param length how many tokens to sample
   * @param temperature {@code > 0}; below 1 sharpens the distribution, above 1 flattens it
   * @param skip ids never sampled (the unknown-word token), may be empty
   * @param rng the seeded generator of the draws
   * @return the sampled ids (the prompt not included)
   */
  public int[] generate(
      int[] start, int length, double temperature, int[] skip, RandomGenerator rng) {
    Errors.check(start.length > 0, "generate", "start", "needs at least one id");
    Errors.check(length >= 0, "generate", "length", "must be >= 0, got " + length);
    Errors.check(temperature > 0, "generate", "temperature", "must be > 0, got " + temperature);
    for (int id : start) {
      Errors.check(
          id >= 0 && id < config.vocab(),
          "generate",
          "start",
          "id " + id + " is out of range [0, " + config.vocab() + ")");
    }
    int[] outIds = new int[length];
    lstm.resetState();
    try (Scope off = Grad.disabled();
        Scope eval = Mode.eval()) {
      Tensor last = logits(start, 1, start.length).value();
      double[] row =
          Arrays.copyOfRange(
              last.toDoubleArray(),
              (start.length - 1) * config.vocab(),
              start.length * config.vocab());
      for (int k = 0; k < length; k++) {
        int next = sample(row, temperature, skip, rng);
        outIds[k] = next;
        row = logits(new int[] {next}, 1, 1).value().toDoubleArray();
      }
    } finally {
      lstm.resetState();
    }
    return outIds;
  }

  private static int sample(double[] logits, double temperature, int[] skip, RandomGenerator rng) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : logits) {
      max = Math.max(max, v);
    }
    double[] p = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      p[i] = Math.exp((logits[i] - max) / temperature);
    }
    for (int s : skip) {
      p[s] = 0;
    }
    for (double v : p) {
      sum += v;
    }
    double u = rng.nextDouble() * sum;
    for (int i = 0; i < p.length; i++) {
      u -= p[i];
      if (u < 0) {
        return i;
      }
    }
    for (int i = p.length - 1; i >= 0; i--) {
      if (p[i] > 0) {
        return i;
      }
    }
    return 0;
  }

  @Override
  protected String describe() {
    return "LstmLanguageModel(vocab "
        + config.vocab()
        + ", embed "
        + config.embed()
        + ", hidden "
        + config.hidden()
        + ", layers "
        + config.layers()
        + ", dropout "
        + config.dropout()
        + ")";
  }
}
