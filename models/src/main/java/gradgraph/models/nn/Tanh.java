package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.ops.Ops;

/**
 * The activation {@code tanh x} as a layer.
 *
 * <ul>
 *   <li>input: any shape
 *   <li>parameters: none
 *   <li>output: the input's shape
 * </ul>
 */
public final class Tanh extends Module {
  /** Creates the layer. */
  public Tanh() {}

  @Override
  protected Variable forward(Variable x) {
    return Ops.tanh(x);
  }

  @Override
  protected String describe() {
    return "Tanh";
  }
}
