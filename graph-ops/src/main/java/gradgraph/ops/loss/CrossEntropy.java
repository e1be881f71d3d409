package gradgraph.ops.loss;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.shape.Pick;

/**
 * Cross-entropy on probabilities, the book's {@code cross_entropy_error}: for {@code p [N, C]} and
 * integer labels, {@code L = −(1/N) Σᵢ log(p[i, tᵢ] + δ)} with {@code δ = 1e-7}, so a zero
 * probability gives a large finite loss, not NaN. Backward: {@code gp[i, tᵢ] = −gy / (N · (p[i, tᵢ]
 * + δ))}, 0 elsewhere.
 */
public final class CrossEntropy extends Op {
  /** The book's small constant added inside the logarithm. */
  public static final double DELTA = 1e-7;

  private final int[] labels;

  /**
   * Creates the op.
   *
   * @param labels the class of each row, in {@code [0, C)}
   */
  public CrossEntropy(int[] labels) {
    this.labels = labels.clone();
  }

  @Override
  protected Tensor forward(Tensor... x) {
    int[] s = x[0].shape();
    Pick.checkLabels("crossEntropy", s, labels);
    int[] flat = flat(s[1]);
    Tensor picked = x[0].device().kernels().indexSelect(x[0].reshape(-1), 0, flat);
    return picked.add(DELTA).map(gradgraph.core.device.UnaryOp.LOG).sum().mul(-1.0 / s[0]);
  }

  private int[] flat(int classes) {
    int[] f = new int[labels.length];
    for (int i = 0; i < labels.length; i++) {
      f[i] = i * classes + labels[i];
    }
    return f;
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable p = input(0);
    int n = p.shape()[0];
    Variable picked = new Pick(labels).apply(p);
    Variable g = picked.add(DELTA).pow(-1.0).mul(gy).mul(-1.0 / n);
    int[] shape = p.shape();
    return new Variable[] {
      new gradgraph.ops.shape.IndexAdd(new int[] {shape[0] * shape[1]}, 0, flat(shape[1]))
          .apply(g)
          .reshape(shape)
    };
  }

  @Override
  public String symbol() {
    return "CE";
  }
}
