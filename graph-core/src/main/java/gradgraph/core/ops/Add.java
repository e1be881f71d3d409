package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.BinaryOp;
import gradgraph.core.tensor.Tensor;

/** {@code a + b} with broadcasting; the gradient passes through to both. */
public final class Add extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Add() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].zip(BinaryOp.ADD, x[1]);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy, gy};
  }

  @Override
  public String symbol() {
    return "+";
  }
}
