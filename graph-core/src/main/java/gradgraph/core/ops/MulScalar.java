package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code x * c} for a constant {@code c}, keeping {@code x}'s dtype. */
public final class MulScalar extends Op {
  private final double c;

  /**
   * Creates the op.
   *
   * @param c the constant
   */
  public MulScalar(double c) {
    this.c = c;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.MUL_SCALAR, c);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.mul(c)};
  }

  @Override
  public String symbol() {
    return "×" + Constants.format(c);
  }
}
