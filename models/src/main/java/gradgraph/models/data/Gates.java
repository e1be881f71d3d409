package gradgraph.models.data;

import gradgraph.core.tensor.Tensor;

/**
 * The logic gates of the book's chapter 2 as data sets: the four inputs {@code (0,0), (1,0), (0,1),
 * (1,1)} as a FLOAT32 tensor {@code [4, 2]} and the gate's output (0 or 1) as the label. AND, NAND
 * and OR are linearly separable (one perceptron learns them); XOR is not and needs a hidden layer.
 */
public final class Gates {
  private Gates() {}

  private static final float[] INPUTS = {0, 0, 1, 0, 0, 1, 1, 1};

  private static Dataset gate(String name, int... out) {
    return new Dataset("gate/" + name, Tensor.of(INPUTS, 4, 2), out, 2);
  }

  /**
   * The AND gate.
   *
   * @return outputs 0, 0, 0, 1
   */
  public static Dataset and() {
    return gate("and", 0, 0, 0, 1);
  }

  /**
   * The NAND gate.
   *
   * @return outputs 1, 1, 1, 0
   */
  public static Dataset nand() {
    return gate("nand", 1, 1, 1, 0);
  }

  /**
   * The OR gate.
   *
   * @return outputs 0, 1, 1, 1
   */
  public static Dataset or() {
    return gate("or", 0, 1, 1, 1);
  }

  /**
   * The XOR gate.
   *
   * @return outputs 0, 1, 1, 0
   */
  public static Dataset xor() {
    return gate("xor", 0, 1, 1, 0);
  }
}
