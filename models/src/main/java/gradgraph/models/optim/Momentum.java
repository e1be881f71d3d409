package gradgraph.models.optim;

import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import java.util.Map;

/** Momentum SGD, as the book writes it: {@code v ← μ·v − lr·g; w ← w + v}. State: {@code v}. */
public final class Momentum extends Optimizer {
  private final double momentum;

  /**
   * Creates the optimizer with momentum 0.9.
   *
   * @param model the model
   * @param lr the learning rate
   */
  public Momentum(Module model, double lr) {
    this(model.namedParameters(), lr, 0.9);
  }

  /**
   * Creates the optimizer.
   *
   * @param params the parameters
   * @param lr the learning rate
   * @param momentum {@code μ}, in {@code [0, 1)}
   */
  public Momentum(Map<String, Parameter> params, double lr, double momentum) {
    super(params, lr);
    Errors.check(
        momentum >= 0 && momentum < 1, name(), "momentum", "must be in [0, 1), got " + momentum);
    this.momentum = momentum;
  }

  @Override
  protected Tensor update(String name, Tensor w, Tensor g) {
    Tensor v = slot(name, "v", w).mul(momentum).sub(g.mul(lr()));
    setSlot(name, "v", v);
    return w.add(v);
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
