package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.ops.Ops;

/**
 * The activation {@code max(x, 0)} as a layer.
 *
 * <ul>
 *   <li>input: any shape
 *   <li>parameters: none
 *   <li>output: the input's shape
 * </ul>
 */
public final class ReLU extends Module {
  /** Creates the layer. */
  public ReLU() {}

  @Override
  protected Variable forward(Variable x) {
    return Ops.relu(x);
  }

  @Override
  protected String describe() {
    return "ReLU";
  }
}
