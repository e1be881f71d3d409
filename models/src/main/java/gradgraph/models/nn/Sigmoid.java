package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.ops.Ops;

/**
 * The activation {@code 1 / (1 + e^-x)} as a layer.
 *
 * <ul>
 *   <li>input: any shape
 *   <li>parameters: none
 *   <li>output: the input's shape
 * </ul>
 */
public final class Sigmoid extends Module {
  /** Creates the layer. */
  public Sigmoid() {}

  @Override
  protected Variable forward(Variable x) {
    return Ops.sigmoid(x);
  }

  @Override
  protected String describe() {
    return "Sigmoid";
  }
}
