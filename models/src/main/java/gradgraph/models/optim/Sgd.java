package gradgraph.models.optim;

import gradgraph.core.tensor.Tensor;
import gradgraph.models.nn.Module;
import gradgraph.models.nn.Parameter;
import java.util.Map;

/** Stochastic gradient descent: {@code w ← w − lr·g}. */
public final class Sgd extends Optimizer {
  /**
   * Creates the optimizer.
   *
   * @param model the model
   * @param lr the learning rate (the book uses 0.01 to 0.1)
   */
  public Sgd(Module model, double lr) {
    super(model, lr);
  }

  /**
   * Creates the optimizer over named parameters.
   *
   * @param params the parameters
   * @param lr the learning rate
   */
  public Sgd(Map<String, Parameter> params, double lr) {
    super(params, lr);
  }

  @Override
  protected Tensor update(String name, Tensor w, Tensor g) {
    Tensor fused = Fused.sgd(w, g, lr());
    return fused != null ? fused : w.sub(g.mul(lr()));
  }
}
