package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/**
 * A trainable leaf of a {@link Module}: a {@link Variable} that optimizers update. Set {@link
 * #setRequiresGrad(boolean) requiresGrad(false)} to freeze it; every optimizer then skips it.
 *
 * <p>{@link #decays()} says whether weight decay applies: true for weights, false for biases and
 * normalization scales/shifts, as in the book's {@code MultiLayerNetExtend}.
 */
public final class Parameter extends Variable {
  private final boolean decays;

  /**
   * Creates a parameter that weight decay applies to.
   *
   * @param value the initial value
   * @param name its local name, e.g. {@code weight}
   */
  public Parameter(Tensor value, String name) {
    this(value, name, true);
  }

  /**
   * Creates a parameter.
   *
   * @param value the initial value
   * @param name its local name, e.g. {@code bias}
   * @param decays whether weight decay applies to it
   */
  public Parameter(Tensor value, String name, boolean decays) {
    super(value, name);
    this.decays = decays;
  }

  /**
   * Tells whether weight decay applies to this parameter.
   *
   * @return true for weights
   */
  public boolean decays() {
    return decays;
  }
}
