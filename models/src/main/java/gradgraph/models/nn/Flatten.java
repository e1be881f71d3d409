package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.ops.Ops;

/**
 * Flattens every sample into a row.
 *
 * <ul>
 *   <li>input: {@code [N, ...]}
 *   <li>parameters: none
 *   <li>output: {@code [N, product of the rest]}
 * </ul>
 */
public final class Flatten extends Module {
  /** Creates the layer. */
  public Flatten() {}

  @Override
  protected Variable forward(Variable x) {
    return Ops.flatten(x);
  }

  @Override
  protected String describe() {
    return "Flatten";
  }
}
