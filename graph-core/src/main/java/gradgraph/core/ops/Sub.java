package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code a - b} with broadcasting. */
public final class Sub extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Sub() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].zip(BinaryOp.SUB, x[1]);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy, gy.neg()};
  }

  @Override
  public String symbol() {
    return "−";
  }
}
