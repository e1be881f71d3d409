package gradgraph.models.nn;

import gradgraph.models.init.Init;
import gradgraph.models.init.Initializer;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The activations a configurable model can pick, each with the initializer the book pairs it with.
 */
public enum Activation {
  /** {@link ReLU}, paired with He. */
  RELU(ReLU::new, Init.he()),
  /** {@link Sigmoid}, paired with Xavier. */
  SIGMOID(Sigmoid::new, Init.xavier()),
  /** {@link Tanh}, paired with Xavier. */
  TANH(Tanh::new, Init.xavier());

  private final Supplier<Module> layer;
  private final Initializer init;

  Activation(Supplier<Module> layer, Initializer init) {
    this.layer = layer;
    this.init = init;
  }

  /**
   * Creates the layer.
   *
   * @return a new activation layer
   */
  public Module layer() {
    return layer.get();
  }

  /**
   * Returns the initializer the book pairs with this activation.
   *
   * @return He for ReLU, Xavier otherwise
   */
  public Initializer defaultInit() {
    return init;
  }

  /**
   * Parses {@code relu}, {@code sigmoid} or {@code tanh}.
   *
   * @param name the name
   * @return the activation
   */
  public static Activation parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "Activation: name: '" + name + "' is not relu, sigmoid or tanh", e);
    }
  }
}
