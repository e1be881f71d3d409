package gradgraph.examples.ch04;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.function.DoubleSupplier;

/**
 * The book's {@code numerical_gradient}: the central difference {@code (f(x + h) − f(x − h)) / 2h}
 * for each element of a variable in turn, with the others held still. Slow (two evaluations of
 * {@code f} per element) and approximate, which is why chapter 5 introduces backpropagation;
 * Gradgraph's {@code GradCheck} uses the same difference to verify backprop.
 */
public final class NumericalGradient {
  private NumericalGradient() {}

  /** The book's step, {@code 1e-4}. */
  public static final double H = 1e-4;

  /**
   * Computes the numerical gradient of {@code f} with respect to {@code x}.
   *
   * @param f evaluates the function at the current value of {@code x}
   * @param x the variable; its value is perturbed during the call and restored afterwards
   *     (modified, then restored)
   * @param h the step
   * @return the gradient, shaped and typed as {@code x}
   */
  public static Tensor of(DoubleSupplier f, Variable x, double h) {
    Tensor original = x.value();
    double[] v = original.toDoubleArray();
    double[] grad = new double[v.length];
    try {
      for (int i = 0; i < v.length; i++) {
        double saved = v[i];
        v[i] = saved + h;
        x.setValue(tensor(v, original));
        double plus = f.getAsDouble();
        v[i] = saved - h;
        x.setValue(tensor(v, original));
        double minus = f.getAsDouble();
        v[i] = saved;
        grad[i] = (plus - minus) / (2 * h);
      }
    } finally {
      x.setValue(original);
    }
    return tensor(grad, original);
  }

  private static Tensor tensor(double[] v, Tensor like) {
    return Tensor.of(v, like.shape()).to(like.dtype());
  }
}
