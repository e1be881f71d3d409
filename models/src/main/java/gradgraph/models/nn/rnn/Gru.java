package gradgraph.models.nn.rnn;

import gradgraph.core.tensor.DType;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * A stacked GRU, the sequel's TimeGRU with PyTorch's nn.GRU equations, over batch-first sequences
 * {@code [N, T, D] -> [N, T, H]}; each layer is a {@link GruCell} (see it for the equations and
 * parameters). See {@link RecurrentLayer} for state carrying, truncated backpropagation through
 * time and dropout between layers.
 *
 * <pre>{@code
 * Gru layer = new Gru(100, 650, 2, 0.5, new Well19937c(1), DType.FLOAT32);
 * layer.stateful(true);
 * Variable hs = layer.apply(x); // [N, T, 650]
 * }</pre>
 */
public final class Gru extends RecurrentLayer {
  /**
   * Creates a FLOAT32 layer of one level.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param seed the seed of the weights
   */
  public Gru(int inputSize, int hiddenSize, long seed) {
    this(inputSize, hiddenSize, 1, 0, new Well19937c(seed), DType.FLOAT32);
  }

  /**
   * Creates a layer.
   *
   * @param inputSize {@code D}
   * @param hiddenSize {@code H}
   * @param numLayers how many cells are stacked
   * @param dropout the drop probability between layers in training mode, in {@code [0, 1)}
   * @param rng the seeded generator of the weights (advanced)
   * @param dtype the parameters' element type
   */
  public Gru(
      int inputSize,
      int hiddenSize,
      int numLayers,
      double dropout,
      RandomGenerator rng,
      DType dtype) {
    super("Gru", inputSize, hiddenSize, numLayers, dropout, rng, dtype, GruCell::new);
  }
}
