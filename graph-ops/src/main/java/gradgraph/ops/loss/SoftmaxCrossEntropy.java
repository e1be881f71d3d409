package gradgraph.ops.loss;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.ShapeException;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.activation.Softmax;
import gradgraph.ops.shape.Pick;
import java.util.Arrays;

/**
 * Softmax followed by cross-entropy, fused (the book's SoftmaxWithLoss): for logits {@code x [N,
 * C]}, {@code L = −(1/N) Σᵢ Σ_c tᵢc · log softmax(xᵢ)_c}, the mean over the batch. Targets are
 * either integer labels (apply to the logits only) or a {@code [N, C]} one-hot (or soft) target
 * (apply to logits and target; the target gets no gradient). The log-softmax is computed stably
 * (finite for logits of ±1000). Backward: {@code gx = (softmax(x) · Σ_c t_c − t) · gy / N}, written
 * with the {@link Softmax} op, so second derivatives work. With integer labels the forward runs the
 * device's fused kernel ({@link gradgraph.core.device.Kernels#softmaxCrossEntropy}), which also
 * returns {@code softmax(x) − t}; a first-order backward (no graph of the backward recorded) only
 * scales that.
 */
public final class SoftmaxCrossEntropy extends Op {
  private final int[] labels;
  private Tensor target;
  // softmax(x) − onehot(labels), from the fused forward (integer labels only)
  private Tensor residual;

  /**
   * Creates the op for integer labels; apply it to the logits.
   *
   * @param labels the class of each row, in {@code [0, C)}
   */
  public SoftmaxCrossEntropy(int[] labels) {
    this.labels = labels.clone();
  }

  /** Creates the op for one-hot targets; apply it to the logits and the target. */
  public SoftmaxCrossEntropy() {
    this.labels = null;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    Tensor logits = x[0];
    int[] s = logits.shape();
    if (labels != null) {
      Pick.checkLabels("softmaxCrossEntropy", s, labels);
      Tensor[] fused = logits.device().kernels().softmaxCrossEntropy(logits, labels);
      residual = fused[1];
      return fused[0].sum().mul(1.0 / s[0]).to(logits.dtype());
    }
    Errors.check(
        s.length == 2,
        "softmaxCrossEntropy",
        "logits",
        "must be 2-D [N, C], got " + Arrays.toString(s));
    if (!x[1].sameShape(logits)) {
      throw ShapeException.of(
          "softmaxCrossEntropy", "target must have the logits' shape", s, x[1].shape());
    }
    target = x[1];
    Tensor logp = logits.device().kernels().softmax(logits, 1, true);
    return logp.mul(target).sum().mul(-1.0 / s[0]).to(logits.dtype());
  }

  /**
   * Builds a one-hot matrix.
   *
   * @param labels the classes
   * @param classes the number of columns
   * @param dtype the element type
   * @return {@code [labels.length, classes]} on the CPU
   */
  public static Tensor oneHot(int[] labels, int classes, DType dtype) {
    double[] d = new double[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      d[i * classes + labels[i]] = 1;
    }
    return Tensor.of(d, labels.length, classes).to(dtype);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable x = input(0);
    int n = x.shape()[0];
    if (labels != null && !gradgraph.core.Grad.isEnabled()) {
      // first order: (softmax(x) − t) · gy / N from the forward's kernel, nothing recorded
      return new Variable[] {Variable.constant(residual.mul(gy.value()).mul(1.0 / n))};
    }
    if (target == null) {
      target = oneHot(labels, x.shape()[1], x.dtype()).to(x.value().device());
    }
    Variable t = Variable.constant(target);
    Variable p = new Softmax(1).apply(x);
    Variable mass = Variable.constant(target.sum(true, 1));
    Variable gx = p.mul(mass).sub(t).mul(gy).mul(1.0 / n);
    return labels != null ? new Variable[] {gx} : new Variable[] {gx, null};
  }

  @Override
  public boolean isDifferentiable(int input) {
    return input == 0;
  }

  @Override
  protected void onRelease() {
    target = null;
    residual = null;
  }

  @Override
  public String symbol() {
    return "softmaxCE";
  }
}
