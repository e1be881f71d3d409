package gradgraph.ops.loss;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.activation.Sigmoid;

/**
 * Binary cross-entropy on logits, {@code L = (1/n) Σ −[t log σ(x) + (1 − t) log(1 − σ(x))]}, the
 * mean over all {@code n} elements (PyTorch's {@code BCEWithLogitsLoss}), computed stably as {@code
 * softplus(x) − t·x}. {@code x} and {@code t} (targets in [0, 1]) have the same shape. Gradients:
 * {@code gx = (σ(x) − t) · gy / n} and {@code gt = −x · gy / n}.
 */
public final class SigmoidCrossEntropy extends Op {
  /** Creates the op; {@code apply(...)} runs and records it. */
  public SigmoidCrossEntropy() {}

  @Override
  protected Tensor forward(Tensor... x) {
    MeanSquaredError.checkSame("sigmoidCrossEntropy", x[0], x[1]);
    Tensor l = x[0].map(UnaryOp.SOFTPLUS).sub(x[0].mul(x[1]));
    return l.sum().mul(1.0 / Math.max(1, x[0].size()));
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable x = input(0);
    double k = 1.0 / Math.max(1, x.size());
    Variable gx = new Sigmoid().apply(x).sub(input(1)).mul(gy).mul(k);
    Variable gt = x.mul(gy).mul(-k);
    return new Variable[] {gx, gt};
  }

  @Override
  public String symbol() {
    return "sigmoidCE";
  }
}
