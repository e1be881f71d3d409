package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code x ^ p} for a constant exponent: {@code d/dx = p · x^(p−1)}. */
public final class Pow extends Op {
  private final double p;

  /**
   * Creates the op.
   *
   * @param p the exponent
   */
  public Pow(double p) {
    this.p = p;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.POW, p);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    if (p == 0) {
      return new Variable[] {gy.mul(0.0)};
    }
    return new Variable[] {gy.mul(input(0).pow(p - 1).mul(p))};
  }

  @Override
  public String symbol() {
    return "^" + Constants.format(p);
  }

  @Override
  public String attributes() {
    return "p=" + Constants.format(p);
  }
}
