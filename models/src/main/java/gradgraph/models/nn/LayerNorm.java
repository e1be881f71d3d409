package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.Ops;

/**
 * Layer normalization over the last axis of each sample; the same in training and evaluation.
 *
 * <ul>
 *   <li>input: {@code [..., D]}
 *   <li>parameters: {@code gamma} {@code [D]} (ones), {@code beta} {@code [D]} (zeros), neither
 *       decayed
 *   <li>output: the input's shape
 * </ul>
 */
public final class LayerNorm extends Module {
  private final int features;
  private final double eps;
  private final Parameter gamma;
  private final Parameter beta;

  /**
   * Creates a FLOAT32 layer with epsilon 1e-5.
   *
   * @param features {@code D}, the size of the last axis
   */
  public LayerNorm(int features) {
    this(features, 1e-5, DType.FLOAT32);
  }

  /**
   * Creates a layer.
   *
   * @param features {@code D}
   * @param eps added to the variance
   * @param dtype the parameters' element type
   */
  public LayerNorm(int features, double eps, DType dtype) {
    Errors.check(features > 0, "LayerNorm", "features", "must be > 0, got " + features);
    this.features = features;
    this.eps = eps;
    this.gamma = register("gamma", new Parameter(Tensor.ones(dtype, features), "gamma", false));
    this.beta = register("beta", new Parameter(Tensor.zeros(dtype, features), "beta", false));
  }

  @Override
  protected Variable forward(Variable x) {
    if (x.rank() < 1 || x.shape()[x.rank() - 1] != features) {
      throw Errors.illegalArgument(
          "LayerNorm", "x", "expected [..., " + features + "], got " + Errors.shape(x.shape()));
    }
    return Ops.layerNorm(x, gamma, beta, eps);
  }

  @Override
  protected String describe() {
    return "LayerNorm(" + features + ", eps " + eps + ")";
  }
}
