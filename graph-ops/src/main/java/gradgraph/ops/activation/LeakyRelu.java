package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.ops.Constants;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;

/**
 * {@code x > 0 ? x : slope · x}. The gradient is 1 for {@code x > 0} and {@code slope} otherwise
 * (so {@code slope} at 0, matching ReLU's choice when {@code slope = 0}).
 */
public final class LeakyRelu extends Op {
  private final double slope;

  /**
   * Creates the op.
   *
   * @param slope the slope for negative inputs, finite (0.01 is usual)
   */
  public LeakyRelu(double slope) {
    Errors.check(Double.isFinite(slope), "leakyRelu", "slope", "must be finite, got " + slope);
    this.slope = slope;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.LEAKY_RELU, slope);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Tensor d = input(0).value().map(UnaryOp.LEAKY_STEP, slope);
    return new Variable[] {gy.mul(Variable.constant(d))};
  }

  @Override
  public String symbol() {
    return "LeakyReLU";
  }

  @Override
  public String attributes() {
    return "slope=" + Constants.format(slope);
  }
}
