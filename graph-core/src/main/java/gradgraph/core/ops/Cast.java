package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;

/**
 * Converts to another dtype; the gradient is converted back. The engine uses it when a gradient
 * arrives in a different dtype than its input (mixed FLOAT32/FLOAT64 graphs), so the conversion
 * stays on the recorded graph and higher-order derivatives still flow through it.
 */
public final class Cast extends Op {
  private final DType dtype;
  private DType inDtype;

  /**
   * Creates the op.
   *
   * @param dtype the target dtype
   */
  public Cast(DType dtype) {
    this.dtype = dtype;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    inDtype = x[0].dtype();
    return x[0].to(dtype);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.dtype() == inDtype ? gy : new Cast(inDtype).apply(gy)};
  }

  @Override
  public String symbol() {
    return dtype == DType.FLOAT32 ? "f32" : "f64";
  }

  @Override
  public String attributes() {
    return "dtype=" + dtype;
  }
}
