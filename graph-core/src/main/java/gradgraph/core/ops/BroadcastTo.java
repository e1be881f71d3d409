package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/** Repeats along size-1 or missing leading dimensions (NumPy's {@code broadcast_to}). */
public final class BroadcastTo extends Op {
  private final int[] shape;
  private int[] inShape;

  /**
   * Creates the op.
   *
   * @param shape the target shape
   */
  public BroadcastTo(int[] shape) {
    this.shape = shape.clone();
  }

  @Override
  protected Tensor forward(Tensor... x) {
    inShape = x[0].shape();
    return x[0].broadcastTo(shape);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.sumTo(inShape)};
  }

  @Override
  public String symbol() {
    return "broadcast";
  }

  @Override
  public String attributes() {
    return "shape=" + Arrays.toString(shape);
  }
}
