package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code x + c} for a constant {@code c}, keeping {@code x}'s dtype. */
public final class AddScalar extends Op {
  private final double c;

  /**
   * Creates the op.
   *
   * @param c the constant
   */
  public AddScalar(double c) {
    this.c = c;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.ADD_SCALAR, c);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy};
  }

  @Override
  public String symbol() {
    return c >= 0 ? "+" + Constants.format(c) : "−" + Constants.format(-c);
  }
}
