package gradgraph.models.init;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Draws a weight tensor. Implementations are in {@link Init}; all draw from an explicit, seeded
 * generator, so the same seed gives the same weights.
 */
@FunctionalInterface
public interface Initializer {
  /**
   * Draws initial values.
   *
   * @param rng the generator (advanced by the draw; modified)
   * @param dtype the element type
   * @param fanIn the number of inputs feeding each output unit: {@code in} for a linear layer
   *     {@code [in, out]}, {@code C·FH·FW} for a convolution {@code [FN, C, FH, FW]}
   * @param shape the shape
   * @return the tensor
   */
  Tensor draw(RandomGenerator rng, DType dtype, int fanIn, int... shape);
}
