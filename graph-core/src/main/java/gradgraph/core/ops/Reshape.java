package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/** The same elements in another shape (no copy). */
public final class Reshape extends Op {
  private final int[] shape;
  private int[] inShape;

  /**
   * Creates the op.
   *
   * @param shape the target shape; one entry may be -1
   */
  public Reshape(int[] shape) {
    this.shape = shape.clone();
  }

  @Override
  protected Tensor forward(Tensor... x) {
    inShape = x[0].shape();
    return x[0].reshape(shape);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.reshape(inShape)};
  }

  @Override
  public String symbol() {
    return "reshape";
  }

  @Override
  public String attributes() {
    return "shape=" + Arrays.toString(shape);
  }
}
