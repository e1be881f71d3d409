package gradgraph.models.optim;

import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015, arXiv:1412.6980) in the book's form: at step {@code t}, {@code m ← m +
 * (1 − β₁)(g − m); v ← v + (1 − β₂)(g² − v); w ← w − lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · m / (√v + ε)}, with
 * {@code β₁ = 0.9}, {@code β₂ = 0.999}, {@code ε = 1e-7}. State: {@code m}, {@code v}, and the step
 * count.
 */
public final class Adam extends Optimizer {
  private final double beta1;
  private final double beta2;
  private final double eps;

  /**
   * Creates the optimizer with the paper's defaults.
   *
   * @param model the model
   * @param lr the learning rate (0.001 is the usual choice)
   */
  public Adam(Module model, double lr) {
    this(model.namedParameters(), lr, 0.9, 0.999, 1e-7);
  }

  /**
   * Creates the optimizer.
   *
   * @param params the parameters
   * @param lr the learning rate
   * @param beta1 {@code β₁}, in {@code [0, 1)}
   * @param beta2 {@code β₂}, in {@code [0, 1)}
   * @param eps {@code ε}
   */
  public Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps) {
    super(params, lr);
    Errors.check(beta1 >= 0 && beta1 < 1, name(), "beta1", "must be in [0, 1), got " + beta1);
    Errors.check(beta2 >= 0 && beta2 < 1, name(), "beta2", "must be in [0, 1), got " + beta2);
    Errors.check(eps > 0, name(), "eps", "must be > 0, got " + eps);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  @Override
  protected Tensor update(String name, Tensor w, Tensor g) {
    long t = steps();
    double lrT = lr() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    Tensor m = slot(name, "m", w);
    Tensor v = slot(name, "v", w);
    Tensor[] fused = Fused.adam(w, g, m, v, beta1, beta2, lrT, eps);
    if (fused != null) {
      setSlot(name, "m", fused[1]);
      setSlot(name, "v", fused[2]);
      return fused[0];
    }
    m = m.add(g.sub(m).mul(1 - beta1));
    v = v.add(g.map(UnaryOp.SQUARE).sub(v).mul(1 - beta2));
    setSlot(name, "m", m);
    setSlot(name, "v", v);
    return w.sub(m.mul(lrT).div(v.map(UnaryOp.SQRT).add(eps)));
  }

  @Override
  protected String settings() {
    return super.settings()
        + ", beta1="
        + fmt(beta1)
        + ", beta2="
        + fmt(beta2)
        + ", eps="
        + fmt(eps);
  }

  @Override
  protected java.util.List<String> slotNames() {
    return java.util.List.of("m", "v");
  }
}
