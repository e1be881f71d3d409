package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.ops.Ops;

/**
 * Softmax along one axis as a layer (for probabilities at inference; for training, feed logits to
 * {@code Ops.softmaxCrossEntropy}, which is stabler).
 *
 * <ul>
 *   <li>input: any shape
 *   <li>parameters: none
 *   <li>output: the input's shape, summing to 1 along the axis
 * </ul>
 */
public final class Softmax extends Module {
  private final int axis;

  /** Creates a layer over the last axis. */
  public Softmax() {
    this(-1);
  }

  /**
   * Creates a layer.
   *
   * @param axis the axis, negative counting from the end
   */
  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  protected Variable forward(Variable x) {
    return Ops.softmax(x, axis);
  }

  @Override
  protected String describe() {
    return "Softmax(axis " + axis + ")";
  }
}
