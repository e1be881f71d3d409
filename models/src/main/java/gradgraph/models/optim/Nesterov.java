package gradgraph.models.optim;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import java.util.Map;

/**
 * Nesterov's accelerated gradient in the book's form (after arXiv:1212.0901): {@code v ← μ·v −
 * lr·g; w ← w + μ²·v − (1 + μ)·lr·g}. State: {@code v}.
 */
public final class Nesterov extends Optimizer {
  private final double momentum;

  /**
   * Creates the optimizer with momentum 0.9.
   *
   * @param model the model
   * @param lr the learning rate
   */
  public Nesterov(Module model, double lr) {
    this(model.namedParameters(), lr, 0.9);
  }

  /**
   * Creates the optimizer.
   *
   * @param params the parameters
   * @param lr the learning rate
   * @param momentum {@code μ}, in {@code [0, 1)}
   */
  public Nesterov(Map<String, Parameter> params, double lr, double momentum) {
    super(params, lr);
    Errors.check(
        momentum >= 0 && momentum < 1, name(), "momentum", "must be in [0, 1), got " + momentum);
    this.momentum = momentum;
  }

  @Override
  protected Tensor update(String name, Tensor w, Tensor g) {
    Tensor v = slot(name, "v", w).mul(momentum).sub(g.mul(lr()));
    setSlot(name, "v", v);
    return w.add(v.mul(momentum * momentum)).sub(g.mul((1 + momentum) * lr()));
  }

  @Override
  protected String settings() {
    return super.settings() + ", momentum=" + fmt(momentum);
  }

  @Override
  protected java.util.List<String> slotNames() {
    return java.util.List.of("v");
  }
}
