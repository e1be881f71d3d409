package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/** Sums over broadcast dimensions down to a target shape (the adjoint of {@link BroadcastTo}). */
public final class SumTo extends Op {
  private final int[] shape;
  private int[] inShape;

  /**
   * Creates the op.
   *
   * @param shape a shape that broadcasts to the input's
   */
  public SumTo(int[] shape) {
    this.shape = shape.clone();
  }

  @Override
  protected Tensor forward(Tensor... x) {
    inShape = x[0].shape();
    return x[0].sumTo(shape);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.broadcastTo(inShape)};
  }

  @Override
  public String symbol() {
    return "sumTo";
  }

  @Override
  public String attributes() {
    return "shape=" + Arrays.toString(shape);
  }
}
