package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/**
 * The ReLU's backward as an op of the incoming gradient: {@code gy · [x > 0]} with the ReLU's input
 * {@code x} held as a constant, one pass through {@code Kernels.reluBackward}. It is linear in
 * {@code gy}, so its own backward is the same mask, and higher derivatives of the ReLU come out 0
 * as before.
 */
final class ReluGrad extends Op {
  private final Tensor x;

  ReluGrad(Tensor x) {
    this.x = x;
  }

  @Override
  protected Tensor forward(Tensor... gy) {
    return x.device().kernels().reluBackward(x, gy[0]);
  }

  @Override
  protected Variable[] backward(Variable ggy) {
    return new Variable[] {new ReluGrad(x).apply(ggy)};
  }

  @Override
  public String symbol() {
    return "ReLU'";
  }
}
