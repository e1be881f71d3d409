package gradgraph.ops.shape;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/**
 * Adds slices into a zero tensor at indices along an axis (the adjoint of {@link IndexSelect});
 * repeated indices accumulate. Its backward is {@link IndexSelect}.
 */
public final class IndexAdd extends Op {
  private final int[] shape;
  private final int axis;
  private final int[] index;

  /**
   * Creates the op.
   *
   * @param shape the full output shape
   * @param axis a normalized axis
   * @param index the indices, each in range
   */
  public IndexAdd(int[] shape, int axis, int[] index) {
    this.shape = shape.clone();
    this.axis = axis;
    this.index = index.clone();
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].device().kernels().indexAdd(x[0], shape.clone(), axis, index.clone());
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new IndexSelect(axis, index).apply(gy)};
  }

  @Override
  public String symbol() {
    return "indexAdd";
  }

  @Override
  public String attributes() {
    return "axis=" + axis;
  }
}
