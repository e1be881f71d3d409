package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;

/**
 * Log-softmax along one axis, {@code yᵢ = xᵢ − max − log Σⱼ e^(xⱼ − max)} (stable for logits of
 * ±1000). Backward: {@code gx = gy − e^y · Σ gy} along the axis.
 */
public final class LogSoftmax extends Op {
  private final int axis;
  private int normalized;

  /**
   * Creates the op.
   *
   * @param axis the axis, negative counting from the end
   */
  public LogSoftmax(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    normalized = Shapes.axis("logSoftmax", axis, x[0].rank());
    return x[0].device().kernels().softmax(x[0], normalized, true);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.sub(output().exp().mul(gy.sum(true, normalized)))};
  }

  @Override
  public String symbol() {
    return "logSoftmax";
  }

  @Override
  public String attributes() {
    return "axis=" + axis;
  }
}
