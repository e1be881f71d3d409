package gradgraph.core.ops;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/** Natural logarithm: {@code d/dx = 1/x}. */
public final class Log extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Log() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.LOG);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.div(input(0))};
  }

  @Override
  public String symbol() {
    return "log";
  }
}
