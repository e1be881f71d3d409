package gradgraph.ops.norm;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.RandomKind;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Multiplies by a fixed mask, {@code y = x · mask}; the gradient is {@code gy · mask}. {@link
 * #apply(Variable, double, boolean, RandomGenerator, DropoutMode)} draws the mask: each element is
 * kept with probability {@code 1 − p} (a Bernoulli draw from the given seeded generator on the
 * input's device) and, in {@link DropoutMode#INVERTED} mode, scaled by {@code 1/(1 − p)}.
 */
public final class Dropout extends Op {
  private Tensor mask;

  /**
   * Creates the op with a ready mask.
   *
   * @param mask the mask, broadcastable to the input
   */
  public Dropout(Tensor mask) {
    this.mask = mask;
  }

  /**
   * Applies dropout.
   *
   * @param x the input
   * @param p the probability of dropping an element, in {@code [0, 1)}
   * @param training whether to drop (true) or to evaluate (false)
   * @param rng the seeded generator for the mask (advanced); unused in evaluation
   * @param mode inverted (default) or the book's classic form
   * @return the result
   */
  public static Variable apply(
      Variable x, double p, boolean training, RandomGenerator rng, DropoutMode mode) {
    Errors.check(p >= 0 && p < 1, "dropout", "p", "must be in [0, 1), got " + p);
    Errors.check(mode != null, "dropout", "mode", "must not be null");
    if (!training) {
      return mode == DropoutMode.INVERTED || p == 0 ? x : x.mul(1 - p);
    }
    Errors.check(rng != null, "dropout", "rng", "must not be null while training");
    double keep = 1 - p;
    Tensor m =
        x.value()
            .device()
            .kernels()
            .random(RandomKind.BERNOULLI, x.dtype(), x.shape(), keep, 0, rng);
    if (mode == DropoutMode.INVERTED) {
      m = m.mul(1 / keep);
    }
    return new Dropout(m).apply(x);
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].mul(mask);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {gy.mul(Variable.constant(mask))};
  }

  @Override
  protected void onRelease() {
    mask = null;
  }

  @Override
  public String symbol() {
    return "dropout";
  }
}
