package gradgraph.ops.loss;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.ShapeException;
import gradgraph.core.tensor.Tensor;

/**
 * The mean squared error {@code L = (1/n) Σ (y − t)²} over all {@code n} elements (PyTorch's {@code
 * MSELoss}, DeZero's {@code mean_squared_error}); for the book's {@code ½ Σ (y − t)²} see {@link
 * SumSquaredError}. {@code y} and {@code t} have the same shape; both get gradients, {@code ±2(y −
 * t)/n · gy}.
 */
public final class MeanSquaredError extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public MeanSquaredError() {}

  @Override
  protected Tensor forward(Tensor... x) {
    checkSame("meanSquaredError", x[0], x[1]);
    Tensor d = x[0].sub(x[1]);
    return d.mul(d).sum().mul(1.0 / Math.max(1, x[0].size()));
  }

  static void checkSame(String op, Tensor y, Tensor t) {
    if (!y.sameShape(t)) {
      throw ShapeException.of(op, "y and t must have the same shape", y.shape(), t.shape());
    }
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable d = input(0).sub(input(1));
    Variable g = d.mul(gy).mul(2.0 / Math.max(1, d.size()));
    return new Variable[] {g, g.neg()};
  }

  @Override
  public String symbol() {
    return "MSE";
  }
}
