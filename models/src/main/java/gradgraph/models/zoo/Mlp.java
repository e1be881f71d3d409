package gradgraph.models.zoo;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.models.init.Initializer;
import gradgraph.models.nn.Activation;
import gradgraph.models.nn.BatchNorm;
import gradgraph.models.nn.Dropout;
import gradgraph.models.nn.Linear;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Sequential;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.random.Well19937c;

/**
 * A configurable multi-layer perceptron, the book's {@code MultiLayerNetExtend}: for each hidden
 * size, {@code Affine – [BatchNorm] – activation – [Dropout]}, then a final {@code Affine}. Weight
 * decay, when set, adds the book's {@code ½·λ·ΣW²} over every affine weight to the training loss
 * ({@link #penalty()}), so it shows in the loss and in gradient checks.
 *
 * <ul>
 *   <li>input: {@code [N, inputSize]} (or {@code [N, ...]}, flattened)
 *   <li>parameters: {@code layers.fc<i>.weight} {@code [in, out]} and {@code layers.fc<i>.bias} for
 *       each affine layer, {@code layers.bn<i>.gamma}/{@code beta} for each batch norm
 *   <li>output: logits {@code [N, outputSize]}
 * </ul>
 */
public final class Mlp extends Module {
  private final Config config;
  private final Sequential layers;
  private final List<Linear> affines = new ArrayList<>();

  /**
   * The settings of an {@link Mlp}.
   *
   * @param inputSize input features
   * @param hidden hidden layer sizes, e.g. {@code {100, 100}}
   * @param outputSize classes
   * @param activation the activation
   * @param init the weight initializer; null for the activation's default (He for ReLU)
   * @param batchNorm whether to normalize after each hidden affine
   * @param dropout drop probability after each hidden activation; 0 for none
   * @param weightDecay {@code λ} of the L2 penalty; 0 for none
   * @param seed the seed of the weights and dropout masks
   */
  public record Config(
      int inputSize,
      int[] hidden,
      int outputSize,
      Activation activation,
      Initializer init,
      boolean batchNorm,
      double dropout,
      double weightDecay,
      long seed) {
    /**
     * Checks the settings.
     *
     * @param inputSize input features
     * @param hidden hidden sizes
     * @param outputSize classes
     * @param activation the activation
     * @param init the initializer or null
     * @param batchNorm batch norm on or off
     * @param dropout the drop probability
     * @param weightDecay the penalty's strength
     * @param seed the seed
     */
    public Config {
      Errors.check(inputSize > 0, "Mlp", "inputSize", "must be > 0, got " + inputSize);
      Errors.check(outputSize > 0, "Mlp", "outputSize", "must be > 0, got " + outputSize);
      hidden = hidden.clone();
      for (int h : hidden) {
        Errors.check(h > 0, "Mlp", "hidden", "sizes must be > 0, got " + Arrays.toString(hidden));
      }
      Errors.check(weightDecay >= 0, "Mlp", "weightDecay", "must be >= 0, got " + weightDecay);
      Errors.check(
          dropout >= 0 && dropout < 1, "Mlp", "dropout", "must be in [0, 1), got " + dropout);
      Errors.check(activation != null, "Mlp", "activation", "must not be null");
    }

    /**
     * Returns a configuration with ReLU, He, no batch norm, no dropout, no weight decay.
     *
     * @param inputSize input features
     * @param outputSize classes
     * @param seed the seed
     * @param hidden hidden sizes
     * @return the configuration
     */
    public static Config of(int inputSize, int outputSize, long seed, int... hidden) {
      return new Config(inputSize, hidden, outputSize, Activation.RELU, null, false, 0, 0, seed);
    }

    /**
     * Starts a builder with the same defaults as {@link #of}: no hidden layers, ReLU, the
     * activation's default initializer, no batch norm, no dropout, no weight decay, seed 0.
     *
     * <pre>{@code
     * Mlp.Config c = Mlp.Config.builder(784, 10).hidden(100, 100).weightDecay(0.1).seed(42).build();
     * }</pre>
     *
     * @param inputSize input features
     * @param outputSize classes
     * @return the builder
     */
    public static Builder builder(int inputSize, int outputSize) {
      return new Builder(inputSize, outputSize);
    }

    /**
     * Returns a builder holding these settings, to derive a variant: {@code
     * config.toBuilder().dropout(0.2).build()}.
     *
     * @return the builder
     */
    public Builder toBuilder() {
      return new Builder(inputSize, outputSize)
          .hidden(hidden)
          .activation(activation)
          .init(init)
          .batchNorm(batchNorm)
          .dropout(dropout)
          .weightDecay(weightDecay)
          .seed(seed);
    }

    /**
     * Returns the hidden sizes.
     *
     * @return a copy of the hidden sizes
     */
    @Override
    public int[] hidden() {
      return hidden.clone();
    }

    /**
     * Describes the settings in one line.
     *
     * @return the text
     */
    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder().append(inputSize);
      for (int h : hidden) {
        sb.append('-').append(h);
      }
      sb.append('-').append(outputSize).append(' ').append(activation.name().toLowerCase());
      sb.append(" init=").append(init == null ? activation.defaultInit() : init);
      if (batchNorm) {
        sb.append(" batchnorm");
      }
      if (dropout > 0) {
        sb.append(" dropout=").append(dropout);
      }
      if (weightDecay > 0) {
        sb.append(" weightDecay=").append(weightDecay);
      }
      return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Config c && toString().equals(c.toString()) && seed == c.seed;
    }

    @Override
    public int hashCode() {
      return toString().hashCode();
    }

    /**
     * Builds a {@link Config} by name rather than by position; {@link #build()} checks the settings
     * as the record's constructor does.
     */
    public static final class Builder {
      private final int inputSize;
      private final int outputSize;
      private int[] hidden = {};
      private Activation activation = Activation.RELU;
      private Initializer init;
      private boolean batchNorm;
      private double dropout;
      private double weightDecay;
      private long seed;

      private Builder(int inputSize, int outputSize) {
        this.inputSize = inputSize;
        this.outputSize = outputSize;
      }

      /**
       * Sets the hidden layer sizes.
       *
       * @param sizes e.g. {@code 100, 100}; copied
       * @return this
       */
      public Builder hidden(int... sizes) {
        this.hidden = sizes.clone();
        return this;
      }

      /**
       * Sets the activation (default ReLU).
       *
       * @param a the activation
       * @return this
       */
      public Builder activation(Activation a) {
        this.activation = Objects.requireNonNull(a, "Mlp.Config.Builder: activation: null");
        return this;
      }

      /**
       * Sets the weight initializer (default: the activation's, He for ReLU).
       *
       * @param i the initializer, or null for the activation's default
       * @return this
       */
      public Builder init(Initializer i) {
        this.init = i;
        return this;
      }

      /**
       * Turns batch normalization after each hidden affine on or off (default off).
       *
       * @param on whether to normalize
       * @return this
       */
      public Builder batchNorm(boolean on) {
        this.batchNorm = on;
        return this;
      }

      /**
       * Sets the drop probability after each hidden activation (default 0: none).
       *
       * @param p the probability
       * @return this
       */
      public Builder dropout(double p) {
        this.dropout = p;
        return this;
      }

      /**
       * Sets {@code λ} of the L2 penalty (default 0: none).
       *
       * @param lambda the strength
       * @return this
       */
      public Builder weightDecay(double lambda) {
        this.weightDecay = lambda;
        return this;
      }

      /**
       * Sets the seed of the weights and dropout masks (default 0).
       *
       * @param s the seed
       * @return this
       */
      public Builder seed(long s) {
        this.seed = s;
        return this;
      }

      /**
       * Builds the configuration.
       *
       * @return the configuration
       * @throws IllegalArgumentException if a setting is out of range
       */
      public Config build() {
        return new Config(
            inputSize, hidden, outputSize, activation, init, batchNorm, dropout, weightDecay, seed);
      }
    }
  }

  /**
   * Creates the network in FLOAT32.
   *
   * @param config the settings
   */
  public Mlp(Config config) {
    this.config = config;
    Well19937c rng = new Well19937c(config.seed());
    Initializer init = config.init() != null ? config.init() : config.activation().defaultInit();
    Sequential seq = new Sequential();
    int in = config.inputSize();
    int[] hidden = config.hidden();
    for (int i = 0; i < hidden.length; i++) {
      Linear fc = new Linear(in, hidden[i], init, rng, DType.FLOAT32);
      affines.add(fc);
      seq.add("fc" + (i + 1), fc);
      if (config.batchNorm()) {
        seq.add("bn" + (i + 1), new BatchNorm(hidden[i]));
      }
      seq.add("act" + (i + 1), config.activation().layer());
      if (config.dropout() > 0) {
        seq.add("drop" + (i + 1), new Dropout(config.dropout(), config.seed() * 31 + i + 1));
      }
      in = hidden[i];
    }
    Linear last = new Linear(in, config.outputSize(), init, rng, DType.FLOAT32);
    affines.add(last);
    seq.add("fc" + (hidden.length + 1), last);
    this.layers = register("layers", seq);
  }

  /**
   * Returns the settings.
   *
   * @return the configuration
   */
  public Config config() {
    return config;
  }

  @Override
  protected Variable forward(Variable x) {
    return layers.apply(x);
  }

  /** Returns {@code ½·λ·ΣW²} over every affine weight, or null when {@code λ = 0}. */
  @Override
  public Variable penalty() {
    if (config.weightDecay() == 0) {
      return null;
    }
    Variable s = null;
    for (Linear fc : affines) {
      Variable w2 = fc.weight().square().sum();
      s = s == null ? w2 : s.add(w2);
    }
    return s.mul(0.5 * config.weightDecay());
  }

  @Override
  protected String describe() {
    return "Mlp(" + config + ")";
  }
}
