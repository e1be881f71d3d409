package gradgraph.models.optim;

import gradgraph.core.device.UnaryOp;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;

/**
 * Weight decay added to a gradient by {@link Optimizer#step()}: L2 adds {@code λ·w} (the gradient
 * of {@code ½·λ·w²}), L1 adds {@code λ·sign(w)} (of {@code λ·|w|}).
 *
 * @param kind {@code none}, {@code L2} or {@code L1}
 * @param lambda the strength
 */
public record WeightDecay(String kind, double lambda) {
  /** No decay. */
  public static final WeightDecay NONE = new WeightDecay("none", 0);

  /**
   * Checks the arguments.
   *
   * @param kind the kind
   * @param lambda the strength, {@code >= 0}
   */
  public WeightDecay {
    Errors.check(lambda >= 0, "WeightDecay", "lambda", "must be >= 0, got " + lambda);
  }

  /**
   * L2 decay.
   *
   * @param lambda the strength
   * @return the decay
   */
  public static WeightDecay l2(double lambda) {
    return new WeightDecay("L2", lambda);
  }

  /**
   * L1 decay.
   *
   * @param lambda the strength
   * @return the decay
   */
  public static WeightDecay l1(double lambda) {
    return new WeightDecay("L1", lambda);
  }

  /**
   * Adds the decay term to a gradient.
   *
   * @param w the parameter's value
   * @param g its gradient
   * @return the decayed gradient
   */
  public Tensor apply(Tensor w, Tensor g) {
    if (lambda == 0) {
      return g;
    }
    return switch (kind) {
      case "L2" -> g.add(w.mul(lambda));
      case "L1" -> g.add(w.map(UnaryOp.SIGN).mul(lambda));
      default -> g;
    };
  }

  @Override
  public String toString() {
    return lambda == 0 ? "none" : kind + "(" + Optimizer.fmt(lambda) + ")";
  }
}
