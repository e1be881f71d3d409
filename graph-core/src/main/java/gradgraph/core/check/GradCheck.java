package gradgraph.core.check;

import gradgraph.core.Backprop;
import gradgraph.core.BackwardOption;
import gradgraph.core.Grad;
import gradgraph.core.Scope;
import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.commons.math3.random.Well19937c;

/**
 * Compares analytic gradients (from backward) with central differences {@code (f(x + eps) − f(x −
 * eps)) / 2eps}, element by element, in FLOAT64 (FLOAT32 inputs are promoted for the check and the
 * report says so). An element passes when {@code |analytic − numeric| ≤ atol + rtol · |numeric|}. A
 * non-scalar output {@code y} is checked through {@code sum(y · r)} with a fixed random {@code r},
 * which tests every output element at once.
 *
 * <p>Defaults: {@code eps = 1e-6}, {@code atol = 1e-5}, {@code rtol = 1e-3}: central differences in
 * double have an error near {@code eps² · f'''} plus {@code 1e-16 / eps} of rounding, about {@code
 * 1e-10}, far inside these bounds for smooth functions.
 *
 * <pre>{@code
 * GradCheckReport r = GradCheck.defaults().check(x -> x[0].exp().mul(x[1]).sum(), a, b);
 * System.out.println(r);
 * }</pre>
 */
public final class GradCheck {
  /** The default central-difference step. */
  public static final double DEFAULT_EPS = 1e-6;

  /** The default absolute tolerance. */
  public static final double DEFAULT_ATOL = 1e-5;

  /** The default relative tolerance. */
  public static final double DEFAULT_RTOL = 1e-3;

  private final double eps;
  private final double atol;
  private final double rtol;
  private final long seed;

  private GradCheck(double eps, double atol, double rtol, long seed) {
    if (!(eps > 0) || !(atol >= 0) || !(rtol >= 0)) {
      throw new IllegalArgumentException(
          "GradCheck: eps must be > 0 and tolerances >= 0, got eps="
              + eps
              + ", atol="
              + atol
              + ", rtol="
              + rtol);
    }
    this.eps = eps;
    this.atol = atol;
    this.rtol = rtol;
    this.seed = seed;
  }

  /**
   * Returns a checker with the documented defaults.
   *
   * @return the checker
   */
  public static GradCheck defaults() {
    return new GradCheck(DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL, 0);
  }

  /**
   * Returns a copy with another step.
   *
   * @param value the central-difference step
   * @return the new checker
   */
  public GradCheck eps(double value) {
    return new GradCheck(value, atol, rtol, seed);
  }

  /**
   * Returns a copy with another absolute tolerance.
   *
   * @param value the tolerance
   * @return the new checker
   */
  public GradCheck atol(double value) {
    return new GradCheck(eps, value, rtol, seed);
  }

  /**
   * Returns a copy with another relative tolerance.
   *
   * @param value the tolerance
   * @return the new checker
   */
  public GradCheck rtol(double value) {
    return new GradCheck(eps, atol, value, seed);
  }

  /**
   * Returns a copy with another seed for the output projection.
   *
   * @param value the seed
   * @return the new checker
   */
  public GradCheck seed(long value) {
    return new GradCheck(eps, atol, rtol, value);
  }

  /**
   * Checks the gradient of a function of some inputs with respect to each input. The inputs are not
   * modified: the function is called on FLOAT64 copies.
   *
   * @param f the function, called several times; it must be deterministic
   * @param inputs the points at which to check
   * @return the report
   */
  public GradCheckReport check(Function<Variable[], Variable> f, Variable... inputs) {
    Variable[] leaves = leaves(inputs);
    return run(1, () -> f.apply(leaves), Arrays.asList(leaves), names(inputs), promoted(inputs));
  }

  /**
   * Checks the gradient of a loss with respect to parameters it reads (a model's weights, say).
   * Each parameter is promoted to FLOAT64 during the check, perturbed in place, and restored
   * afterwards, grads included.
   *
   * @param loss computes the loss from the current parameter values; deterministic (no dropout
   *     sampling, or a fixed seed)
   * @param parameters leaf variables read by {@code loss}
   * @return the report
   */
  public GradCheckReport checkLoss(Supplier<Variable> loss, Variable... parameters) {
    List<Variable> params = Arrays.asList(parameters);
    Tensor[] values = new Tensor[parameters.length];
    Variable[] grads = new Variable[parameters.length];
    for (int i = 0; i < parameters.length; i++) {
      values[i] = parameters[i].value();
      grads[i] = parameters[i].grad();
      parameters[i].setValue(values[i].to(DType.FLOAT64));
    }
    try {
      return run(1, loss, params, names(parameters), promoted(parameters));
    } finally {
      for (int i = 0; i < parameters.length; i++) {
        parameters[i].setValue(values[i]);
        parameters[i].setGrad(grads[i]);
      }
    }
  }

  /**
   * Checks second derivatives: the gradient of {@code h(x) = Σᵢ sum(∂f/∂xᵢ · vᵢ)} for fixed random
   * {@code vᵢ}, where {@code ∂f/∂xᵢ} comes from a backward pass with {@link
   * BackwardOption#CREATE_GRAPH}.
   *
   * @param f the function
   * @param inputs the points at which to check
   * @return the report (order 2)
   */
  public GradCheckReport checkSecondOrder(Function<Variable[], Variable> f, Variable... inputs) {
    Variable[] leaves = leaves(inputs);
    List<Variable> xs = Arrays.asList(leaves);
    Well19937c rng = new Well19937c(seed + 1);
    Tensor[] v = new Tensor[leaves.length];
    for (int i = 0; i < leaves.length; i++) {
      v[i] = Tensor.randn(rng, DType.FLOAT64, 0, 1, leaves[i].shape()).to(device(leaves[i]));
    }
    Supplier<Variable> h =
        () -> {
          Variable y = f.apply(leaves).sum();
          List<Variable> g = Backprop.grad(y, xs, BackwardOption.CREATE_GRAPH);
          Variable s = null;
          for (int i = 0; i < g.size(); i++) {
            Variable t = g.get(i).mul(Variable.constant(v[i])).sum();
            s = s == null ? t : s.add(t);
          }
          return s;
        };
    return run(2, h, xs, names(inputs), promoted(inputs));
  }

  private GradCheckReport run(
      int order, Supplier<Variable> f, List<Variable> wrt, List<String> names, boolean promoted) {
    Variable y = f.get();
    Tensor r = projection(y);
    Variable loss = project(y, r);
    List<Variable> analytic;
    if (loss.requiresGrad()) {
      analytic = Backprop.grad(loss, wrt);
    } else {
      analytic = new ArrayList<>();
      for (Variable x : wrt) {
        analytic.add(Variable.constant(Tensor.zeros(DType.FLOAT64, x.shape())));
      }
    }
    List<GradCheckReport.Entry> entries = new ArrayList<>();
    for (int i = 0; i < wrt.size(); i++) {
      Variable x = wrt.get(i);
      double[] a = analytic.get(i).value().toDoubleArray();
      double[] n = numeric(order, f, r, x);
      entries.add(compare(names.get(i), x.shape(), a, n));
    }
    return new GradCheckReport(order, eps, atol, rtol, promoted, List.copyOf(entries));
  }

  private double[] numeric(int order, Supplier<Variable> f, Tensor r, Variable x) {
    Tensor original = x.value();
    double[] base = original.toDoubleArray();
    int[] shape = original.shape();
    Device device = original.device();
    double[] out = new double[base.length];
    try {
      for (int j = 0; j < base.length; j++) {
        double keep = base[j];
        base[j] = keep + eps;
        x.setValue(Tensor.of(base, shape).to(device));
        double plus = evaluate(order, f, r);
        base[j] = keep - eps;
        x.setValue(Tensor.of(base, shape).to(device));
        double minus = evaluate(order, f, r);
        base[j] = keep;
        out[j] = (plus - minus) / (2 * eps);
      }
    } finally {
      x.setValue(original);
    }
    return out;
  }

  private static double evaluate(int order, Supplier<Variable> f, Tensor r) {
    if (order > 1) { // h runs a backward pass inside, so it needs grad mode
      return project(f.get(), r).item();
    }
    try (Scope off = Grad.disabled()) {
      return project(f.get(), r).item();
    }
  }

  private GradCheckReport.Entry compare(String name, int[] shape, double[] a, double[] n) {
    double maxAbs = 0;
    double maxRel = 0;
    double worst = -1;
    int worstAt = -1;
    boolean passed = true;
    for (int j = 0; j < a.length; j++) {
      double diff = Math.abs(a[j] - n[j]);
      double scale = Math.max(Math.abs(a[j]), Math.abs(n[j]));
      double rel = scale == 0 ? 0 : diff / scale;
      double ratio = diff / (atol + rtol * Math.abs(n[j]));
      if (Double.isNaN(diff)) {
        ratio = Double.POSITIVE_INFINITY;
        diff = Double.POSITIVE_INFINITY;
        rel = Double.POSITIVE_INFINITY;
      }
      maxAbs = Math.max(maxAbs, diff);
      maxRel = Math.max(maxRel, rel);
      if (ratio > 1) {
        passed = false;
      }
      if (ratio > worst) {
        worst = ratio;
        worstAt = j;
      }
    }
    if (worstAt < 0) {
      return new GradCheckReport.Entry(name, shape, passed, 0, 0, null, 0, 0);
    }
    return new GradCheckReport.Entry(
        name, shape, passed, maxAbs, maxRel, unravel(worstAt, shape), a[worstAt], n[worstAt]);
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    int[] strides = Shapes.strides(shape);
    for (int d = 0; d < shape.length; d++) {
      idx[d] = strides[d] == 0 ? 0 : flat / strides[d];
      flat -= idx[d] * strides[d];
    }
    return idx;
  }

  private Tensor projection(Variable y) {
    if (y.size() == 1) {
      return null;
    }
    return Tensor.randn(new Well19937c(seed), DType.FLOAT64, 0, 1, y.shape()).to(device(y));
  }

  private static Variable project(Variable y, Tensor r) {
    if (y.dtype() != DType.FLOAT64) {
      throw new IllegalStateException(
          "GradCheck: the function returned "
              + y.dtype()
              + "; it must compute in FLOAT64 from FLOAT64 inputs (does it create FLOAT32"
              + " tensors itself?)");
    }
    return r == null ? y.sum() : y.mul(Variable.constant(r)).sum();
  }

  private static Device device(Variable v) {
    return v.value().device();
  }

  private static Variable[] leaves(Variable[] inputs) {
    Variable[] out = new Variable[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      out[i] = new Variable(inputs[i].value().to(DType.FLOAT64), inputs[i].name());
    }
    return out;
  }

  private static boolean promoted(Variable[] inputs) {
    for (Variable v : inputs) {
      if (v.dtype() == DType.FLOAT32) {
        return true;
      }
    }
    return false;
  }

  private static List<String> names(Variable[] inputs) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < inputs.length; i++) {
      out.add(inputs[i].name() != null ? inputs[i].name() : "input " + i);
    }
    return out;
  }
}
