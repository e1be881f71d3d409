package gradgraph.examples.ch04;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import gradgraph.examples.Example;
import gradgraph.examples.ExampleContext;
import gradgraph.examples.ExampleResult;
import gradgraph.models.plot.PlanePlot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 4: gradient descent on {@code f(x0, x1) = x0² + x1²} from {@code (−3, 4)}, learning rate
 * 0.1, 100 steps, with the gradient taken numerically; the path is drawn over the contours of
 * {@code f}.
 */
public final class GradientDescent implements Example {
  /** Creates the example. */
  public GradientDescent() {}

  @Override
  public String name() {
    return "ch04-gradient-descent";
  }

  @Override
  public String description() {
    return "numerical gradient of x0^2 + x1^2, descent from (-3, 4), the path plotted";
  }

  /** The book's {@code function_2}. */
  static double f(Variable x) {
    return x.square().sum().item();
  }

  @Override
  public ExampleResult run(ExampleContext ctx) throws IOException {
    Variable x = new Variable(Tensor.vector(-3.0, 4.0), "x");
    Variable p = new Variable(Tensor.vector(3.0, 4.0));
    ctx.println(
        "numerical_gradient(f, [3, 4]) = %s",
        NumericalGradient.of(() -> f(p), p, NumericalGradient.H));
    double lr = 0.1;
    List<double[]> path = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      path.add(x.value().toDoubleArray());
      Tensor grad = NumericalGradient.of(() -> f(x), x, NumericalGradient.H);
      x.setValue(x.value().sub(grad.mul(lr)));
    }
    path.add(x.value().toDoubleArray());
    double[] end = x.value().toDoubleArray();
    ctx.println(
        "gradient_descent(f, init_x=[-3, 4], lr=0.1, step_num=100) = [%.6e, %.6e]", end[0], end[1]);
    ExampleResult result = new ExampleResult();
    result.put("x0", end[0]).put("x1", end[1]);
    result.file(
        new PlanePlot("Gradient descent on x0^2 + x1^2, lr 0.1", -4.5, 4.5, -4.5, 4.5)
            .field((a, b) -> a * a + b * b)
            .path("lr 0.1, 100 steps", path.toArray(new double[0][]))
            .writePng(ctx.file("gradient-descent.png")));
    return result;
  }
}
