package gradgraph.models.optim;

import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import java.util.Map;

/**
 * RMSProp (Tieleman and Hinton, 2012): {@code h ← ρ·h + (1 − ρ)·g²; w ← w − lr·g / (√h + ε)}, with
 * the book's {@code ρ = 0.99}, {@code ε = 1e-7}. State: {@code h}.
 */
public final class RmsProp extends Optimizer {
  private final double decayRate;
  private final double eps;

  /**
   * Creates the optimizer with {@code ρ = 0.99}, {@code ε = 1e-7}.
   *
   * @param model the model
   * @param lr the learning rate
   */
  public RmsProp(Module model, double lr) {
    this(model.namedParameters(), lr, 0.99, 1e-7);
  }

  /**
   * Creates the optimizer.
   *
   * @param params the parameters
   * @param lr the learning rate
   * @param decayRate {@code ρ}, in {@code [0, 1)}
   * @param eps {@code ε}
   */
  public RmsProp(Map<String, Parameter> params, double lr, double decayRate, double eps) {
    super(params, lr);
    Errors.check(
        decayRate >= 0 && decayRate < 1,
        name(),
        "decayRate",
        "must be in [0, 1), got " + decayRate);
    Errors.check(eps > 0, name(), "eps", "must be > 0, got " + eps);
    this.decayRate = decayRate;
    this.eps = eps;
  }

  @Override
  protected Tensor update(String name, Tensor w, Tensor g) {
    Tensor h = slot(name, "h", w).mul(decayRate).add(g.map(UnaryOp.SQUARE).mul(1 - decayRate));
    setSlot(name, "h", h);
    return w.sub(g.mul(lr()).div(h.map(UnaryOp.SQRT).add(eps)));
  }

  @Override
  protected String settings() {
    return super.settings() + ", decayRate=" + fmt(decayRate) + ", eps=" + fmt(eps);
  }

  @Override
  protected java.util.List<String> slotNames() {
    return java.util.List.of("h");
  }
}
