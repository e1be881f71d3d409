package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;

/**
 * Softmax along one axis, {@code yᵢ = e^(xᵢ − max) / Σⱼ e^(xⱼ − max)} (stable for logits of ±1000).
 * Backward: {@code gx = y · (gy − Σ(gy · y))} along the axis.
 */
public final class Softmax extends Op {
  private final int axis;
  private int normalized;

  /**
   * Creates the op.
   *
   * @param axis the axis, negative counting from the end
   */
  public Softmax(int axis) {
    this.axis = axis;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    normalized = Shapes.axis("softmax", axis, x[0].rank());
    return x[0].device().kernels().softmax(x[0], normalized, false);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable y = output();
    Variable gyy = gy.mul(y);
    return new Variable[] {gyy.sub(y.mul(gyy.sum(true, normalized)))};
  }

  @Override
  public String symbol() {
    return "softmax";
  }

  @Override
  public String attributes() {
    return "axis=" + axis;
  }
}
