package gradgraph.ops.activation;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;

/**
 * The step function {@code x > 0 ? 1 : 0}, forward only. Its derivative is 0 wherever it exists,
 * which is why the book replaces it by the sigmoid for learning: it declares its input
 * non-differentiable, so its output never requires a gradient and a backward through it is refused
 * up front.
 */
public final class Step extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public Step() {}

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].map(UnaryOp.GT_SCALAR, 0.0);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    throw new UnsupportedOperationException(
        "step: has no useful gradient (0 almost everywhere); use sigmoid to learn");
  }

  @Override
  public boolean isDifferentiable(int input) {
    return false;
  }

  @Override
  public boolean supportsHigherOrder() {
    return false;
  }

  @Override
  public String symbol() {
    return "step";
  }
}
