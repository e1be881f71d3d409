package gradgraph.models.optim;

import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import java.util.Map;

/**
 * AdaGrad (Duchi et al., 2011): {@code h ← h + g²; w ← w − lr·g / (√h + ε)}, with the book's {@code
 * ε = 1e-7}. State: {@code h}.
 */
public final class AdaGrad extends Optimizer {
  private final double eps;

  /**
   * Creates the optimizer with {@code ε = 1e-7}.
   *
   * @param model the model
   * @param lr the learning rate
   */
  public AdaGrad(Module model, double lr) {
    this(model.namedParameters(), lr, 1e-7);
  }

  /**
   * Creates the optimizer.
   *
   * @param params the parameters
   * @param lr the learning rate
   * @param eps {@code ε}
   */
  public AdaGrad(Map<String, Parameter> params, double lr, double eps) {
    super(params, lr);
    Errors.check(eps > 0, name(), "eps", "must be > 0, got " + eps);
    this.eps = eps;
  }

  @Override
  protected Tensor update(String name, Tensor w, Tensor g) {
    Tensor h = slot(name, "h", w).add(g.map(UnaryOp.SQUARE));
    setSlot(name, "h", h);
    return w.sub(g.mul(lr()).div(h.map(UnaryOp.SQRT).add(eps)));
  }

  @Override
  protected String settings() {
    return super.settings() + ", eps=" + fmt(eps);
  }

  @Override
  protected java.util.List<String> slotNames() {
    return java.util.List.of("h");
  }
}
