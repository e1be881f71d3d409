package gradgraph.viz;

import gradgraph.core.BackwardOption;
import gradgraph.core.NameScope;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/** Small graphs the tests draw, with integer data so every printed number is exact. */
final class TestGraphs {
  private TestGraphs() {}

  /** The apple graph, forward only. */
  static Variable appleForwardOnly() {
    Variable apple = Variable.scalar(100, "apple");
    Variable count = Variable.scalar(2, "apple count");
    Variable tax = Variable.scalar(1.1, "tax");
    return apple.mul(count).mul(tax).named("price");
  }

  /**
   * A two-layer network recorded in name scopes fc1, act1, fc2 and loss, as a models module would:
   * x [2, 3] · W1 [3, 4] + b1 [4], squared, · W2 [4, 2] + b2 [2], then half the summed square error
   * against t.
   *
   * @param retainGrad whether backward keeps intermediate gradients (null: no backward at all)
   */
  static Variable scopedMlp(Boolean retainGrad) {
    Variable x = Variable.constant(Tensor.of(new double[] {1, 0, -1, 2, 1, 0}, 2, 3)).named("x");
    Variable w1 =
        new Variable(Tensor.of(new double[] {1, 0, 1, 0, 0, 1, 0, 1, -1, 0, 1, 1}, 3, 4), "W1");
    Variable b1 = new Variable(Tensor.of(new double[] {0, 1, 0, -1}, 4), "b1");
    Variable w2 = new Variable(Tensor.of(new double[] {1, 0, 0, 1, 1, 1, -1, 0}, 4, 2), "W2");
    Variable b2 = new Variable(Tensor.of(new double[] {1, -1}, 2), "b2");
    Variable t = Variable.constant(Tensor.of(new double[] {1, 0, 0, 1}, 2, 2)).named("t");
    Variable h;
    try (Scope s = NameScope.push("fc1")) {
      h = x.matmul(w1).add(b1);
    }
    try (Scope s = NameScope.push("act1")) {
      h = h.square();
    }
    Variable y;
    try (Scope s = NameScope.push("fc2")) {
      y = h.matmul(w2).add(b2);
    }
    Variable loss;
    try (Scope s = NameScope.push("loss")) {
      loss = y.sub(t).square().sum().mul(0.5);
    }
    loss.named("loss");
    if (retainGrad != null) {
      if (retainGrad) {
        loss.backward(BackwardOption.RETAIN_GRAD);
      } else {
        loss.backward();
      }
    }
    return loss;
  }

  /** A chain of {@code 2 * pairs} primitive ops: x × 1 + 0, repeated. */
  static Variable chain(int pairs) {
    Variable y = Variable.scalar(3, "x");
    for (int i = 0; i < pairs; i++) {
      y = y.mul(1.0).add(0.0);
    }
    return y.named("y");
  }
}
