package gradgraph.ops.loss;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/**
 * The book's {@code sum_squared_error}: {@code L = ½ Σ (y − t)²} over all elements (not averaged;
 * see {@link MeanSquaredError} for the mean). Gradients: {@code ±(y − t) · gy}.
 */
public final class SumSquaredError extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public SumSquaredError() {}

  @Override
  protected Tensor forward(Tensor... x) {
    MeanSquaredError.checkSame("sumSquaredError", x[0], x[1]);
    Tensor d = x[0].sub(x[1]);
    return d.mul(d).sum().mul(0.5);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable g = input(0).sub(input(1)).mul(gy);
    return new Variable[] {g, g.neg()};
  }

  @Override
  public String symbol() {
    return "SSE";
  }
}
