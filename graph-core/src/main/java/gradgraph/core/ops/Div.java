package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code a / b} elementwise with broadcasting. */
public final class Div extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Div() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].zip(BinaryOp.DIV, x[1]);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable a = input(0);
    Variable b = input(1);
    Variable ga = gy.div(b);
    return new Variable[] {ga, ga.mul(a).div(b).neg()};
  }

  @Override
  public String symbol() {
    return "÷";
  }
}
