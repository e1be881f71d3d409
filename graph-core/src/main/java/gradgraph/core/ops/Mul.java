package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code a * b} elementwise with broadcasting: each input's gradient is the other input. */
public final class Mul extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Mul() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].zip(BinaryOp.MUL, x[1]);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.mul(input(1)), gy.mul(input(0))};
  }

  @Override
  public String symbol() {
    return "×";
  }
}
