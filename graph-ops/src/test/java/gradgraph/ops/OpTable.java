package gradgraph.ops;

import gradgraph.core.Variable;
import gradgraph.core.device.Device;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.attention.AttentionMask;
import gradgraph.ops.attention.ScaledDotProductAttention;
import gradgraph.ops.loss.CrossEntropy;
import gradgraph.ops.norm.BatchNormState;
import gradgraph.ops.norm.DropoutMode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.math3.random.Well19937c;

/**
 * The one table of ops that drives graph-ops' tests (and, from the test-jar, other modules' parity
 * tests): every public method of {@link Ops} has rows. A row ({@link Case}) says how to call the
 * op, which sample inputs to build (for any dtype and device), a reference written as plain Java
 * loops on {@link Nd} (or the composite twin of a fused op), which inputs are differentiable,
 * whether second derivatives are claimed, and bad inputs with the expected message.
 */
public final class OpTable {
  private OpTable() {}

  /** Where an input's random values come from. */
  public enum Domain {
    /** Uniform on {@code [-1, 1)}. */
    ANY,
    /** Uniform on {@code [0.5, 2)}: logarithms, roots, divisors. */
    POSITIVE,
    /** Magnitude uniform on {@code [0.2, 1)} with a random sign: away from a kink at 0. */
    SIGNED,
    /** Uniform on {@code [0.05, 1)}: probabilities. */
    PROB,
    /** Uniform on {@code [0, 1)}: targets. */
    UNIT
  }

  /**
   * One sample input.
   *
   * @param shape its shape
   * @param domain where its values come from
   * @param differentiable whether the gradient checks cover it
   * @param seed the seed of its values
   */
  public record Input(int[] shape, Domain domain, boolean differentiable, long seed) {
    /**
     * Builds the input's value.
     *
     * @param dtype the element type
     * @param device the device
     * @return the tensor
     */
    public Tensor build(DType dtype, Device device) {
      Well19937c rng = new Well19937c(seed);
      int n = Nd.size(shape);
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        double u = rng.nextDouble();
        d[i] =
            switch (domain) {
              case ANY -> 2 * u - 1;
              case POSITIVE -> 0.5 + 1.5 * u;
              case SIGNED -> (0.2 + 0.8 * u) * (rng.nextBoolean() ? 1 : -1);
              case PROB -> 0.05 + 0.95 * u;
              case UNIT -> u;
            };
      }
      return Tensor.of(d, shape.clone()).to(dtype).to(device);
    }
  }

  /**
   * What error calls get: the dtype and device to build their (bad) inputs with.
   *
   * @param dtype the element type
   * @param device the device
   */
  public record Ctx(DType dtype, Device device) {
    /**
     * A variable of zeros.
     *
     * @param shape its shape
     * @return the variable
     */
    public Variable v(int... shape) {
      return new Variable(Tensor.zeros(dtype, shape).to(device));
    }
  }

  /**
   * A bad input and the message it must produce.
   *
   * @param what a description
   * @param call makes the call, which must throw an {@link IllegalArgumentException}
   * @param regex found in the message
   */
  public record ErrorInput(String what, Function<Ctx, Object> call, String regex) {
    @Override
    public String toString() {
      return what;
    }
  }

  /** One row: an op, one sample, its reference, its gradient claims and its bad inputs. */
  public static final class Case {
    private final String op;
    private final String sample;
    private final List<Input> inputs = new ArrayList<>();
    private final List<ErrorInput> errors = new ArrayList<>();
    private Function<Variable[], Variable> fn;
    private Function<Nd[], Nd> reference;
    private boolean secondOrder = true;
    private boolean cpuRandom;

    private Case(String op, String sample) {
      this.op = op;
      this.sample = sample;
    }

    /**
     * Returns the facade method's name.
     *
     * @return the op name
     */
    public String op() {
      return op;
    }

    /**
     * Returns the sample's description.
     *
     * @return the description
     */
    public String sample() {
      return sample;
    }

    /**
     * Returns the input specs.
     *
     * @return the inputs, in call order
     */
    public List<Input> inputs() {
      return inputs;
    }

    /**
     * Returns the bad inputs.
     *
     * @return the error rows
     */
    public List<ErrorInput> errors() {
      return errors;
    }

    /**
     * Tells whether second derivatives are claimed (every op in the row's graph supports them).
     *
     * @return the claim
     */
    public boolean secondOrder() {
      return secondOrder;
    }

    /**
     * Tells whether the reference replays the CPU kernel's random draws (one {@code nextDouble()}
     * per element, row-major): another device may draw its mask differently, so a CPU-vs-device
     * parity test should compare such a row's statistics rather than its elements.
     *
     * @return true for training-mode dropout rows
     */
    public boolean usesCpuRandomDraws() {
      return cpuRandom;
    }

    /**
     * Tells whether any input is differentiable.
     *
     * @return true when the gradient checks apply
     */
    public boolean hasDifferentiableInput() {
      return inputs.stream().anyMatch(Input::differentiable);
    }

    /**
     * Builds every input.
     *
     * @param dtype the element type
     * @param device the device
     * @return one variable per input; non-differentiable ones are constants
     */
    public Variable[] build(DType dtype, Device device) {
      Variable[] v = new Variable[inputs.size()];
      for (int i = 0; i < v.length; i++) {
        Input in = inputs.get(i);
        Tensor t = in.build(dtype, device);
        v[i] = in.differentiable() ? new Variable(t, "x" + i) : Variable.constant(t);
      }
      return v;
    }

    /**
     * Calls the op.
     *
     * @param all every input, in order
     * @return the output
     */
    public Variable call(Variable... all) {
      return fn.apply(all);
    }

    /**
     * Computes the reference output from the inputs' values.
     *
     * @param all every input
     * @return the expected output
     */
    public Nd reference(Variable... all) {
      Nd[] a = new Nd[all.length];
      for (int i = 0; i < a.length; i++) {
        a[i] = new Nd(all[i].value().toDoubleArray(), all[i].shape());
      }
      return reference.apply(a);
    }

    /**
     * The function of the differentiable inputs only (the others fixed), for gradient checks.
     *
     * @param all every input, built once
     * @return the function and the differentiable inputs
     */
    public Function<Variable[], Variable> ofDifferentiable(Variable[] all) {
      return d -> {
        Variable[] full = all.clone();
        int k = 0;
        for (int i = 0; i < full.length; i++) {
          if (inputs.get(i).differentiable()) {
            full[i] = d[k++];
          }
        }
        return fn.apply(full);
      };
    }

    /**
     * Picks the differentiable inputs.
     *
     * @param all every input
     * @return the differentiable ones, in order
     */
    public Variable[] differentiable(Variable[] all) {
      List<Variable> out = new ArrayList<>();
      for (int i = 0; i < all.length; i++) {
        if (inputs.get(i).differentiable()) {
          out.add(all[i]);
        }
      }
      return out.toArray(new Variable[0]);
    }

    // ---------------------------------------------------------------- builder

    private Case in(Domain d, boolean diff, int... shape) {
      long seed = 1000L * (ROWS.size() + 1) + inputs.size();
      inputs.add(new Input(shape.clone(), d, diff, seed));
      return this;
    }

    Case x(int... shape) {
      return in(Domain.ANY, true, shape);
    }

    Case pos(int... shape) {
      return in(Domain.POSITIVE, true, shape);
    }

    Case signed(int... shape) {
      return in(Domain.SIGNED, true, shape);
    }

    Case prob(int... shape) {
      return in(Domain.PROB, true, shape);
    }

    Case unit(int... shape) {
      return in(Domain.UNIT, true, shape);
    }

    Case fixed(Domain d, int... shape) {
      return in(d, false, shape);
    }

    Case f(Function<Variable[], Variable> f) {
      this.fn = f;
      return this;
    }

    Case ref(Function<Nd[], Nd> r) {
      this.reference = r;
      return this;
    }

    Case noSecondOrder() {
      this.secondOrder = false;
      return this;
    }

    Case cpuRandom() {
      this.cpuRandom = true;
      return this;
    }

    Case err(String what, Function<Ctx, Object> call, String regex) {
      errors.add(new ErrorInput(what, call, regex));
      return this;
    }

    @Override
    public String toString() {
      return op + " " + sample;
    }
  }

  private static final List<Case> ROWS = new ArrayList<>();

  private static Case row(String op, String sample) {
    Case c = new Case(op, sample);
    ROWS.add(c);
    return c;
  }

  /**
   * Returns every row.
   *
   * @return the table, in a fixed order
   */
  public static synchronized List<Case> cases() {
    if (ROWS.isEmpty()) {
      arithmetic();
      activations();
      linearAlgebra();
      shapes();
      reductions();
      losses();
      attention();
      recurrent();
      convolution();
      normalization();
    }
    return List.copyOf(ROWS);
  }

  private static Device dev(Variable v) {
    return v.value().device();
  }

  private static Variable constant(Variable like, double[] data, int... shape) {
    return Variable.constant(Tensor.of(data, shape).to(like.dtype()).to(dev(like)));
  }

  private static final String BROADCAST =
      "shapes cannot be broadcast together: \\[2, 3\\] vs \\[4\\]";

  // ---------------------------------------------------------------- rows

  private static void arithmetic() {
    row("add", "[7, 13] + [13]")
        .x(7, 13)
        .x(13)
        .f(v -> Ops.add(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], Double::sum))
        .err("shapes differ", c -> Ops.add(c.v(2, 3), c.v(4)), "add: " + BROADCAST);
    row("add", "scalar + scalar")
        .x()
        .x()
        .f(v -> Ops.add(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], Double::sum));
    row("add", "[1, 13] + [7, 1]")
        .x(1, 13)
        .x(7, 1)
        .f(v -> Ops.add(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], Double::sum));
    row("add", "[0, 3] + [3]")
        .x(0, 3)
        .x(3)
        .f(v -> Ops.add(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], Double::sum));
    row("add", "[7] + constant").x(7).f(v -> Ops.add(v[0], 2.5)).ref(a -> a[0].map(x -> x + 2.5));
    row("sub", "[7, 13] − [7, 1]")
        .x(7, 13)
        .x(7, 1)
        .f(v -> Ops.sub(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], (p, q) -> p - q))
        .err("shapes differ", c -> Ops.sub(c.v(2, 3), c.v(4)), "sub: " + BROADCAST);
    row("sub", "[13] − constant").x(13).f(v -> Ops.sub(v[0], 0.5)).ref(a -> a[0].map(x -> x - 0.5));
    row("mul", "[7, 13] · [13]")
        .x(7, 13)
        .x(13)
        .f(v -> Ops.mul(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], (p, q) -> p * q))
        .err("shapes differ", c -> Ops.mul(c.v(2, 3), c.v(4)), "mul: " + BROADCAST);
    row("mul", "scalar · [1, 7]")
        .x()
        .x(1, 7)
        .f(v -> Ops.mul(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], (p, q) -> p * q));
    row("mul", "[7] · constant").x(7).f(v -> Ops.mul(v[0], -3.0)).ref(a -> a[0].map(x -> -3 * x));
    row("div", "[7, 13] / [13]")
        .x(7, 13)
        .pos(13)
        .f(v -> Ops.div(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], (p, q) -> p / q))
        .err("shapes differ", c -> Ops.div(c.v(2, 3), c.v(4)), "div: " + BROADCAST);
    row("div", "[13] / constant").x(13).f(v -> Ops.div(v[0], 4.0)).ref(a -> a[0].map(x -> x / 4));
    row("neg", "[7, 13]").x(7, 13).f(v -> Ops.neg(v[0])).ref(a -> a[0].map(x -> -x));
    row("neg", "[0]").x(0).f(v -> Ops.neg(v[0])).ref(a -> a[0].map(x -> -x));
    row("pow", "[7, 13] ^ 3").x(7, 13).f(v -> Ops.pow(v[0], 3)).ref(a -> a[0].map(x -> x * x * x));
    row("pow", "positive [13] ^ −0.5")
        .pos(13)
        .f(v -> Ops.pow(v[0], -0.5))
        .ref(a -> a[0].map(x -> 1 / Math.sqrt(x)));
    row("square", "[7, 13]").x(7, 13).f(v -> Ops.square(v[0])).ref(a -> a[0].map(x -> x * x));
    row("sqrt", "positive [7, 13]")
        .pos(7, 13)
        .f(v -> Ops.sqrt(v[0]))
        .ref(a -> a[0].map(Math::sqrt));
    row("sqrt", "scalar").pos().f(v -> Ops.sqrt(v[0])).ref(a -> a[0].map(Math::sqrt));
    row("abs", "[7, 13] away from 0")
        .signed(7, 13)
        .f(v -> Ops.abs(v[0]))
        .ref(a -> a[0].map(Math::abs));
    row("exp", "[7, 13]").x(7, 13).f(v -> Ops.exp(v[0])).ref(a -> a[0].map(Math::exp));
    row("exp", "scalar").x().f(v -> Ops.exp(v[0])).ref(a -> a[0].map(Math::exp));
    row("log", "positive [7, 13]").pos(7, 13).f(v -> Ops.log(v[0])).ref(a -> a[0].map(Math::log));
    row("clip", "[7, 13] into [−0.5, 0.5]")
        .x(7, 13)
        .f(v -> Ops.clip(v[0], -0.5, 0.5))
        .ref(a -> a[0].map(x -> Math.min(Math.max(x, -0.5), 0.5)))
        .err("lo > hi", c -> Ops.clip(c.v(2), 1, 0), "clip: lo: must be <= hi, got lo=1.0, hi=0.0");
    row("maximum", "[7, 13] vs [13]")
        .x(7, 13)
        .x(13)
        .f(v -> Ops.maximum(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], Math::max))
        .err("shapes differ", c -> Ops.maximum(c.v(2, 3), c.v(4)), "maximum: " + BROADCAST);
    row("maximum", "scalar vs [1, 7]")
        .x()
        .x(1, 7)
        .f(v -> Ops.maximum(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], Math::max));
    row("minimum", "[7, 13] vs [7, 1]")
        .x(7, 13)
        .x(7, 1)
        .f(v -> Ops.minimum(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], Math::min))
        .err("shapes differ", c -> Ops.minimum(c.v(2, 3), c.v(4)), "minimum: " + BROADCAST);
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  private static void activations() {
    row("relu", "[7, 13] away from 0")
        .signed(7, 13)
        .f(v -> Ops.relu(v[0]))
        .ref(a -> a[0].map(x -> Math.max(x, 0)));
    row("relu", "[0, 3]").x(0, 3).f(v -> Ops.relu(v[0])).ref(a -> a[0].map(x -> Math.max(x, 0)));
    row("relu", "scalar").signed().f(v -> Ops.relu(v[0])).ref(a -> a[0].map(x -> Math.max(x, 0)));
    row("leakyRelu", "[7, 13] slope 0.1")
        .signed(7, 13)
        .f(v -> Ops.leakyRelu(v[0], 0.1))
        .ref(a -> a[0].map(x -> x > 0 ? x : 0.1 * x))
        .err(
            "NaN slope",
            c -> Ops.leakyRelu(c.v(2), Double.NaN),
            "leakyRelu: slope: must be finite, got NaN");
    row("sigmoid", "[7, 13]")
        .x(7, 13)
        .f(v -> Ops.sigmoid(v[0]))
        .ref(a -> a[0].map(OpTable::sigmoid));
    row("sigmoid", "scalar").x().f(v -> Ops.sigmoid(v[0])).ref(a -> a[0].map(OpTable::sigmoid));
    row("tanh", "[7, 13]").x(7, 13).f(v -> Ops.tanh(v[0])).ref(a -> a[0].map(Math::tanh));
    row("softplus", "[7, 13]")
        .x(7, 13)
        .f(v -> Ops.softplus(v[0]))
        .ref(a -> a[0].map(x -> Math.log1p(Math.exp(x))));
    row("step", "[7, 13] (forward only)")
        .fixed(Domain.SIGNED, 7, 13)
        .f(v -> Ops.step(v[0]))
        .ref(a -> a[0].map(x -> x > 0 ? 1 : 0))
        .noSecondOrder();
  }

  private static void linearAlgebra() {
    row("matmul", "[7, 13] · [13, 5]")
        .x(7, 13)
        .x(13, 5)
        .f(v -> Ops.matmul(v[0], v[1]))
        .ref(a -> Nd.matmul(a[0], a[1]))
        .err(
            "inner dimensions differ",
            c -> Ops.matmul(c.v(2, 3), c.v(4, 5)),
            "matmul: inner dimensions differ: \\[2, 3\\] vs \\[4, 5\\]")
        .err(
            "rank 1",
            c -> Ops.matmul(c.v(3), c.v(3, 2)),
            "matmul: operands must have rank 2 or more");
    row("matmul", "batched [3, 2, 4] · [4, 5]")
        .x(3, 2, 4)
        .x(4, 5)
        .f(v -> Ops.matmul(v[0], v[1]))
        .ref(a -> Nd.matmul(a[0], a[1]));
    row("matmul", "batched [2, 1, 4, 3] · [3, 3, 2]")
        .x(2, 1, 4, 3)
        .x(3, 3, 2)
        .f(v -> Ops.matmul(v[0], v[1]))
        .ref(a -> Nd.matmul(a[0], a[1]));
    row("matmul", "[2, 0] · [0, 3]")
        .x(2, 0)
        .x(0, 3)
        .f(v -> Ops.matmul(v[0], v[1]))
        .ref(a -> Nd.matmul(a[0], a[1]));
    // the product with an addend (one kernel: BLAS's C ← A·B + C), as Conv2d and Linear use it
    row("matmul", "[7, 13] · [13, 5] + [5] (addend per column)")
        .x(7, 13)
        .x(13, 5)
        .x(5)
        .f(v -> new MatMul(false, false).apply(v[0], v[1], v[2]))
        .ref(a -> Nd.zip(Nd.matmul(a[0], a[1]), a[2], Double::sum))
        .err(
            "addend does not broadcast to the product",
            c -> new MatMul(false, false).apply(c.v(2, 3), c.v(3, 4), c.v(3, 4)),
            "matmulAdd: cannot broadcast: \\[3, 4\\] vs \\[2, 4\\]")
        .err(
            "addend larger than the product",
            c -> new MatMul(false, false).apply(c.v(2, 3), c.v(3, 4), c.v(5, 2, 4)),
            "matmulAdd: cannot broadcast to a lower rank: \\[5, 2, 4\\] vs \\[2, 4\\]");
    row("matmul", "batched [5, 3] · [4, 6, 3]ᵀ + [5, 1] (addend per row, NCHW conv)")
        .x(5, 3)
        .x(4, 6, 3)
        .x(5, 1)
        .f(v -> new MatMul(false, true).apply(v[0], v[1], v[2]))
        .ref(a -> Nd.zip(Nd.matmul(a[0], a[1].permute(0, 2, 1)), a[2], Double::sum));
    row("matmul", "batched [2, 4, 7]ᵀ · [4, 3] + [7, 3] (a whole matrix, broadcast over the batch)")
        .x(2, 4, 7)
        .x(4, 3)
        .x(7, 3)
        .f(v -> new MatMul(true, false).apply(v[0], v[1], v[2]))
        .ref(a -> Nd.zip(Nd.matmul(a[0].permute(0, 2, 1), a[1]), a[2], Double::sum));
    row("matmul", "[3, 5] · [5, 4] + scalar-like [1]")
        .x(3, 5)
        .x(5, 4)
        .x(1)
        .f(v -> new MatMul(false, false).apply(v[0], v[1], v[2]))
        .ref(a -> Nd.zip(Nd.matmul(a[0], a[1]), a[2], Double::sum));
    row("linear", "[7, 13] · [13, 5] + [5]")
        .x(7, 13)
        .x(13, 5)
        .x(5)
        .f(v -> Ops.linear(v[0], v[1], v[2]))
        .ref(a -> Nd.zip(Nd.matmul(a[0], a[1]), a[2], Double::sum))
        .err(
            "W rows differ from x columns",
            c -> Ops.linear(c.v(2, 3), c.v(4, 5), null),
            "linear: x must be \\[..., in\\] and W \\[in, out\\] with the same in: \\[2, 3\\] vs"
                + " \\[4, 5\\]")
        .err(
            "bias shape",
            c -> Ops.linear(c.v(2, 3), c.v(3, 5), c.v(4)),
            "linear: b must be \\[out\\] for W \\[in, out\\]: \\[4\\] vs \\[3, 5\\]");
    row("linear", "[1, 3] · [3, 2], no bias")
        .x(1, 3)
        .x(3, 2)
        .f(v -> Ops.linear(v[0], v[1], null))
        .ref(a -> Nd.matmul(a[0], a[1]));
    row("linear", "one sample [3] · [3, 2] + [2]")
        .x(3)
        .x(3, 2)
        .x(2)
        .f(v -> Ops.linear(v[0], v[1], v[2]))
        .ref(a -> Nd.zip(Nd.matmul(a[0].reshape(1, 3), a[1]).reshape(2), a[2], Double::sum));
    row("linear", "batched [2, 3, 4] · [4, 5] + [5]")
        .x(2, 3, 4)
        .x(4, 5)
        .x(5)
        .f(v -> Ops.linear(v[0], v[1], v[2]))
        .ref(a -> Nd.zip(Nd.matmul(a[0], a[1]), a[2], Double::sum));
  }

  private static void shapes() {
    row("reshape", "[7, 13] to [13, -1]")
        .x(7, 13)
        .f(v -> Ops.reshape(v[0], 13, -1))
        .ref(a -> a[0].reshape(13, 7))
        .err(
            "element count",
            c -> Ops.reshape(c.v(2, 3), 4, 2),
            "reshape: element count differs \\(6 vs 8\\)");
    row("flatten", "[2, 3, 4]")
        .x(2, 3, 4)
        .f(v -> Ops.flatten(v[0]))
        .ref(a -> a[0].reshape(2, 12))
        .err("scalar", c -> Ops.flatten(c.v()), "flatten: x: must have rank >= 1");
    row("flatten", "[0, 3, 2]").x(0, 3, 2).f(v -> Ops.flatten(v[0])).ref(a -> a[0].reshape(0, 6));
    row("transpose", "[7, 13]").x(7, 13).f(v -> Ops.transpose(v[0])).ref(a -> a[0].permute(1, 0));
    row("transpose", "[2, 3, 4] axes (2, 0, 1)")
        .x(2, 3, 4)
        .f(v -> Ops.transpose(v[0], 2, 0, 1))
        .ref(a -> a[0].permute(2, 0, 1))
        .err(
            "not a permutation",
            c -> Ops.transpose(c.v(2, 3), 0, 0),
            "permute: axes: \\[0, 0\\] is not a permutation of 2 axes");
    row("permute", "[2, 3, 4] axes (1, 2, 0)")
        .x(2, 3, 4)
        .f(v -> Ops.permute(v[0], 1, 2, 0))
        .ref(a -> a[0].permute(1, 2, 0))
        .err(
            "wrong length",
            c -> Ops.permute(c.v(2, 3), 0, 1, 2),
            "permute: axes: \\[0, 1, 2\\] is not a permutation of 2 axes");
    row("broadcastTo", "[1, 13] to [7, 13]")
        .x(1, 13)
        .f(v -> Ops.broadcastTo(v[0], 7, 13))
        .ref(a -> a[0].broadcastTo(7, 13))
        .err(
            "incompatible",
            c -> Ops.broadcastTo(c.v(2, 3), 3, 3),
            "broadcastTo: cannot broadcast: \\[2, 3\\] vs \\[3, 3\\]");
    row("broadcastTo", "scalar to [2, 3]")
        .x()
        .f(v -> Ops.broadcastTo(v[0], 2, 3))
        .ref(a -> a[0].broadcastTo(2, 3));
    row("sumTo", "[7, 13] to [1, 13]")
        .x(7, 13)
        .f(v -> Ops.sumTo(v[0], 1, 13))
        .ref(a -> a[0].sumTo(1, 13))
        .err(
            "incompatible",
            c -> Ops.sumTo(c.v(2, 3), 2),
            "sumTo: cannot broadcast: \\[2\\] vs \\[2, 3\\]");
    row("sumTo", "[7, 13] to scalar").x(7, 13).f(v -> Ops.sumTo(v[0])).ref(a -> a[0].sumTo());
    row("slice", "[7, 13] [1:5, 2:-1]")
        .x(7, 13)
        .f(v -> Ops.slice(v[0], new int[] {1, 2}, new int[] {5, -1}))
        .ref(a -> a[0].slice(new int[] {1, 2}, new int[] {5, 12}))
        .err(
            "out of bounds",
            c -> Ops.slice(c.v(7, 3), new int[] {0}, new int[] {9}),
            "slice: begin/end: range 0:9 is out of bounds for dimension 0 of \\[7, 3\\]");
    row("slice", "[7, 13] rows [2:2] (empty)")
        .x(7, 13)
        .f(v -> Ops.slice(v[0], new int[] {2}, new int[] {2}))
        .ref(a -> a[0].slice(new int[] {2, 0}, new int[] {2, 13}));
    row("getItem", "[7, 13][3]")
        .x(7, 13)
        .f(v -> Ops.getItem(v[0], 3))
        .ref(a -> a[0].slice(new int[] {3, 0}, new int[] {4, 13}).reshape(13))
        .err(
            "out of bounds",
            c -> Ops.getItem(c.v(7, 3), 7),
            "getItem: index: index 7 is out of bounds for dimension 0 of \\[7, 3\\]");
    row("getItem", "[7, 13][2, -1] (scalar)")
        .x(7, 13)
        .f(v -> Ops.getItem(v[0], 2, -1))
        .ref(a -> Nd.scalar(a[0].at(2, 12)));
    row("getItem", "[7, 13][-3:, 1:4] (slices)")
        .x(7, 13)
        .f(v -> Ops.getItem(v[0], new int[] {-3, 1}, new int[] {7, 4}))
        .ref(a -> a[0].slice(new int[] {4, 1}, new int[] {7, 4}));
    row("selectRows", "[7, 3] rows {0, 6, 0, 2}")
        .x(7, 3)
        .f(v -> Ops.selectRows(v[0], new int[] {0, 6, 0, 2}))
        .ref(a -> a[0].rows(0, 6, 0, 2))
        .err(
            "out of range",
            c -> Ops.selectRows(c.v(7, 3), new int[] {7}),
            "selectRows: index: index\\[0\\] = 7 is out of range \\[0, 7\\)");
    row("selectRows", "[7, 2, 2] no rows")
        .x(7, 2, 2)
        .f(v -> Ops.selectRows(v[0], new int[0]))
        .ref(a -> a[0].rows());
    // the ids are data, not inputs: a FLOAT64 tensor whatever the weight's dtype and device
    Tensor ids = Tensor.of(new double[] {0, 6, 0, 2, 6, 6}, 2, 3);
    row("embedding", "[7, 3] table, ids [2, 3] with repeats")
        .x(7, 3)
        .f(v -> Ops.embedding(v[0], ids))
        .ref(a -> a[0].rows(0, 6, 0, 2, 6, 6).reshape(2, 3, 3))
        .err(
            "id out of range",
            c -> Ops.embedding(c.v(7, 3), Tensor.of(new double[] {1, 7}, 2)),
            "embedding: ids: id 7 at flat position 1 of \\[2\\] is out of range for a vocabulary"
                + " of 7 \\(ids must be in \\[0, 7\\)\\)")
        .err(
            "negative id",
            c -> Ops.embedding(c.v(7, 3), Tensor.scalar(-1)),
            "embedding: ids: id -1 at flat position 0 of \\[\\] is out of range")
        .err(
            "fractional id",
            c -> Ops.embedding(c.v(7, 3), Tensor.vector(2.5)),
            "embedding: ids: id 2.5 at flat position 0 of \\[1\\] is not a whole number")
        .err(
            "table not a matrix",
            c -> Ops.embedding(c.v(7), Tensor.vector(1)),
            "embedding: weight: must be \\[vocab, dim\\], got \\[7\\]");
    row("embedding", "[5, 13] table, one scalar id")
        .x(5, 13)
        .f(v -> Ops.embedding(v[0], Tensor.scalar(3)))
        .ref(a -> a[0].rows(3).reshape(13));
    row("embedding", "[5, 2] table, no ids [0, 4]")
        .x(5, 2)
        .f(v -> Ops.embedding(v[0], Tensor.zeros(DType.FLOAT64, 0, 4)))
        .ref(a -> a[0].rows().reshape(0, 4, 2));
    int[] labels = {4, 0, 2, 2, 1, 3, 4};
    row("pick", "[7, 5] by labels")
        .x(7, 5)
        .f(v -> Ops.pick(v[0], labels))
        .ref(a -> pick(a[0], labels))
        .err(
            "label out of range",
            c -> Ops.pick(c.v(2, 5), new int[] {0, 5}),
            "pick: labels: labels\\[1\\] = 5 is out of range \\[0, 5\\)")
        .err(
            "label count",
            c -> Ops.pick(c.v(2, 5), new int[] {0}),
            "pick: labels: 1 labels for 2 rows of \\[2, 5\\]");
    row("concat", "[2, 3] and [4, 3] on axis 0")
        .x(2, 3)
        .x(4, 3)
        .f(v -> Ops.concat(List.of(v[0], v[1]), 0))
        .ref(a -> Nd.concat(0, a[0], a[1]))
        .err(
            "shapes differ",
            c -> Ops.concat(List.of(c.v(2, 3), c.v(3, 2)), 0),
            "concat: shapes differ outside axis 0 \\(input 1\\): \\[2, 3\\] vs \\[3, 2\\]");
    row("concat", "[2, 3], [2, 0], [2, 1] on axis -1")
        .x(2, 3)
        .x(2, 0)
        .x(2, 1)
        .f(v -> Ops.concat(List.of(v[0], v[1], v[2]), -1))
        .ref(a -> Nd.concat(1, a[0], a[1], a[2]));
    row("stack", "3 × [2, 3] on axis 0")
        .x(2, 3)
        .x(2, 3)
        .x(2, 3)
        .f(v -> Ops.stack(List.of(v[0], v[1], v[2]), 0))
        .ref(a -> Nd.concat(0, a[0].reshape(1, 2, 3), a[1].reshape(1, 2, 3), a[2].reshape(1, 2, 3)))
        .err(
            "shapes differ",
            c -> Ops.stack(List.of(c.v(2, 3), c.v(3, 2)), 0),
            "stack: all inputs need the same shape \\(input 1\\): \\[2, 3\\] vs \\[3, 2\\]");
    row("stack", "2 × [7] on axis -1")
        .x(7)
        .x(7)
        .f(v -> Ops.stack(List.of(v[0], v[1]), -1))
        .ref(a -> Nd.concat(1, a[0].reshape(7, 1), a[1].reshape(7, 1)));
    row("expandDims", "[7, 13] at 1")
        .x(7, 13)
        .f(v -> Ops.expandDims(v[0], 1))
        .ref(a -> a[0].reshape(7, 1, 13))
        .err(
            "axis out of range",
            c -> Ops.expandDims(c.v(2, 3), 5),
            "expandDims: axis: axis 5 is out of range for a tensor of rank 3");
    row("expandDims", "scalar at -1")
        .x()
        .f(v -> Ops.expandDims(v[0], -1))
        .ref(a -> a[0].reshape(1));
  }

  static Nd pick(Nd x, int[] labels) {
    double[] out = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      out[i] = x.at(i, labels[i]);
    }
    return new Nd(out, new int[] {labels.length});
  }

  private static void reductions() {
    row("sum", "[7, 13] all").x(7, 13).f(v -> Ops.sum(v[0])).ref(a -> a[0].sum(false));
    row("sum", "[2, 3, 4] axes (0, 2) keepDims")
        .x(2, 3, 4)
        .f(v -> Ops.sum(v[0], true, 0, 2))
        .ref(a -> a[0].sum(true, 0, 2))
        .err(
            "axis out of range",
            c -> Ops.sum(c.v(2, 3), false, 3),
            "sum: axis: axis 3 is out of range for a tensor of rank 2");
    row("sum", "[0, 3] axis 0")
        .x(0, 3)
        .f(v -> Ops.sum(v[0], false, 0))
        .ref(a -> a[0].sum(false, 0));
    row("mean", "[7, 13] all")
        .x(7, 13)
        .f(v -> Ops.mean(v[0]))
        .ref(a -> a[0].sum(false).map(s -> s / 91));
    row("mean", "[7, 13] axis -1 keepDims")
        .x(7, 13)
        .f(v -> Ops.mean(v[0], true, -1))
        .ref(a -> a[0].sum(true, 1).map(s -> s / 13))
        .err(
            "axis out of range",
            c -> Ops.mean(c.v(2, 3), false, 2),
            "mean: axis: axis 2 is out of range for a tensor of rank 2");
    row("max", "[7, 13] all")
        .x(7, 13)
        .f(v -> Ops.max(v[0]))
        .ref(a -> a[0].reduce(new int[0], false, Double.NEGATIVE_INFINITY, Math::max));
    row("max", "[7, 13] axis 1 keepDims")
        .x(7, 13)
        .f(v -> Ops.max(v[0], true, 1))
        .ref(a -> a[0].reduce(new int[] {1}, true, Double.NEGATIVE_INFINITY, Math::max))
        .err(
            "empty axis",
            c -> Ops.max(c.v(0, 3), false, 0),
            "max: axes: axis 0 of \\[0, 3\\] is empty");
    row("max", "[2, 3, 4] axes (0, 2)")
        .x(2, 3, 4)
        .f(v -> Ops.max(v[0], false, 0, 2))
        .ref(a -> a[0].reduce(new int[] {0, 2}, false, Double.NEGATIVE_INFINITY, Math::max));
    row("max", "[0, 3] axis 1").x(0, 3).f(v -> Ops.max(v[0], false, 1)).ref(a -> Nd.zeros(0));
    row("min", "[7, 13] all")
        .x(7, 13)
        .f(v -> Ops.min(v[0]))
        .ref(a -> a[0].reduce(new int[0], false, Double.POSITIVE_INFINITY, Math::min));
    row("min", "[7, 13] axis 0")
        .x(7, 13)
        .f(v -> Ops.min(v[0], false, 0))
        .ref(a -> a[0].reduce(new int[] {0}, false, Double.POSITIVE_INFINITY, Math::min))
        .err(
            "empty axis",
            c -> Ops.min(c.v(3, 0), true, 1),
            "min: axes: axis 1 of \\[3, 0\\] is empty");
  }

  private static void losses() {
    row("softmax", "[7, 13] axis -1")
        .x(7, 13)
        .f(v -> Ops.softmax(v[0], -1))
        .ref(a -> a[0].softmax(1, false))
        .err(
            "axis out of range",
            c -> Ops.softmax(c.v(2, 3), 2),
            "softmax: axis: axis 2 is out of range for a tensor of rank 2");
    row("softmax", "[3, 4, 5] axis 1")
        .x(3, 4, 5)
        .f(v -> Ops.softmax(v[0], 1))
        .ref(a -> a[0].softmax(1, false));
    row("softmax", "[1, 1]").x(1, 1).f(v -> Ops.softmax(v[0], 1)).ref(a -> a[0].softmax(1, false));
    row("logSoftmax", "[7, 13] axis -1")
        .x(7, 13)
        .f(v -> Ops.logSoftmax(v[0], -1))
        .ref(a -> a[0].softmax(1, true))
        .err(
            "axis out of range",
            c -> Ops.logSoftmax(c.v(2, 3), -3),
            "logSoftmax: axis: axis -3 is out of range for a tensor of rank 2");
    row("logSoftmax", "[3, 4, 5] axis 0")
        .x(3, 4, 5)
        .f(v -> Ops.logSoftmax(v[0], 0))
        .ref(a -> a[0].softmax(0, true));
    int[] labels = {4, 0, 2, 2, 1, 3, 4};
    // the composite twin: −mean(pick(logSoftmax(x)))
    row("softmaxCrossEntropy", "[7, 5] integer labels")
        .x(7, 5)
        .f(v -> Ops.softmaxCrossEntropy(v[0], labels))
        .ref(a -> pick(a[0].softmax(1, true), labels).sum(false).map(s -> -s / 7))
        .err(
            "label out of range",
            c -> Ops.softmaxCrossEntropy(c.v(2, 5), new int[] {0, 5}),
            "softmaxCrossEntropy: labels: labels\\[1\\] = 5 is out of range \\[0, 5\\)")
        .err(
            "label count",
            c -> Ops.softmaxCrossEntropy(c.v(2, 5), new int[] {1, 2, 3}),
            "softmaxCrossEntropy: labels: 3 labels for 2 rows of \\[2, 5\\]")
        .err(
            "logits not 2-D",
            c -> Ops.softmaxCrossEntropy(c.v(5), new int[] {1}),
            "softmaxCrossEntropy: x: must be 2-D \\[N, C\\], got \\[5\\]");
    row("softmaxCrossEntropy", "[1, 13] one label")
        .x(1, 13)
        .f(v -> Ops.softmaxCrossEntropy(v[0], new int[] {12}))
        .ref(a -> Nd.scalar(-a[0].softmax(1, true).at(0, 12)));
    row("softmaxCrossEntropy", "[7, 5] one-hot target")
        .x(7, 5)
        .f(v -> Ops.softmaxCrossEntropy(v[0], constant(v[0], oneHot(labels, 5), 7, 5)))
        .ref(a -> pick(a[0].softmax(1, true), labels).sum(false).map(s -> -s / 7))
        .err(
            "target shape",
            c -> Ops.softmaxCrossEntropy(c.v(2, 5), c.v(2, 4)),
            "softmaxCrossEntropy: target must have the logits' shape: \\[2, 5\\] vs \\[2, 4\\]");
    row("crossEntropy", "probabilities [7, 5]")
        .prob(7, 5)
        .f(v -> Ops.crossEntropy(v[0], labels))
        .ref(
            a ->
                pick(a[0], labels)
                    .map(p -> Math.log(p + CrossEntropy.DELTA))
                    .sum(false)
                    .map(s -> -s / 7))
        .err(
            "label count",
            c -> Ops.crossEntropy(c.v(2, 5), new int[] {0}),
            "crossEntropy: labels: 1 labels for 2 rows of \\[2, 5\\]");
    row("meanSquaredError", "[7, 13]")
        .x(7, 13)
        .x(7, 13)
        .f(v -> Ops.meanSquaredError(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], (y, t) -> (y - t) * (y - t)).sum(false).map(s -> s / 91))
        .err(
            "shapes differ",
            c -> Ops.meanSquaredError(c.v(2, 3), c.v(3, 2)),
            "meanSquaredError: y and t must have the same shape: \\[2, 3\\] vs \\[3, 2\\]");
    row("mse", "[7] (alias of meanSquaredError)")
        .x(7)
        .x(7)
        .f(v -> Ops.mse(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], (y, t) -> (y - t) * (y - t)).sum(false).map(s -> s / 7));
    row("sumSquaredError", "[7, 13]")
        .x(7, 13)
        .x(7, 13)
        .f(v -> Ops.sumSquaredError(v[0], v[1]))
        .ref(a -> Nd.zip(a[0], a[1], (y, t) -> (y - t) * (y - t)).sum(false).map(s -> s / 2))
        .err(
            "shapes differ",
            c -> Ops.sumSquaredError(c.v(2, 3), c.v(6)),
            "sumSquaredError: y and t must have the same shape: \\[2, 3\\] vs \\[6\\]");
    row("sigmoidCrossEntropy", "[7, 13] logits, targets in [0, 1]")
        .x(7, 13)
        .unit(7, 13)
        .f(v -> Ops.sigmoidCrossEntropy(v[0], v[1]))
        .ref(
            a ->
                Nd.zip(
                        a[0],
                        a[1],
                        (x, t) -> -(t * Math.log(sigmoid(x)) + (1 - t) * Math.log(1 - sigmoid(x))))
                    .sum(false)
                    .map(s -> s / 91))
        .err(
            "shapes differ",
            c -> Ops.sigmoidCrossEntropy(c.v(2, 3), c.v(2)),
            "sigmoidCrossEntropy: y and t must have the same shape: \\[2, 3\\] vs \\[2\\]");
  }

  static double[] oneHot(int[] labels, int classes) {
    double[] d = new double[labels.length * classes];
    for (int i = 0; i < labels.length; i++) {
      d[i * classes + labels[i]] = 1;
    }
    return d;
  }

  /**
   * Attention with loops: per batch entry (the leading dimensions flattened), per query, a softmax
   * over the visible keys of the dot products times {@code scale} plus the additive mask; masked
   * keys (a keep mask's 0s) get weight 0, and a query that sees no key gets all-zero weights. With
   * {@code v} null, returns the weights.
   */
  static Nd attentionRef(Nd q, Nd k, Nd v, Nd mask, boolean additive, double scale) {
    int[] qs = q.shape();
    int r = qs.length;
    int tq = qs[r - 2];
    int d = qs[r - 1];
    int tk = k.shape()[r - 2];
    int batch =
        tq * d == 0 ? Nd.size(java.util.Arrays.copyOf(qs, r - 2)) : q.data().length / (tq * d);
    int[] ws = qs.clone();
    ws[r - 1] = tk;
    Nd m = mask == null ? null : mask.broadcastTo(ws);
    double[] w = new double[batch * tq * tk];
    for (int b = 0; b < batch; b++) {
      for (int i = 0; i < tq; i++) {
        double[] s = new double[tk];
        boolean[] seen = new boolean[tk];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < tk; j++) {
          int at = (b * tq + i) * tk + j;
          seen[j] = m == null || additive || m.data()[at] == 1;
          for (int c = 0; c < d; c++) {
            s[j] += q.data()[(b * tq + i) * d + c] * k.data()[(b * tk + j) * d + c];
          }
          s[j] = s[j] * scale + (additive ? m.data()[at] : 0);
          if (seen[j]) {
            max = Math.max(max, s[j]);
          }
        }
        double z = 0;
        for (int j = 0; j < tk; j++) {
          z += seen[j] ? Math.exp(s[j] - max) : 0;
        }
        for (int j = 0; j < tk; j++) {
          w[(b * tq + i) * tk + j] = seen[j] ? Math.exp(s[j] - max) / z : 0;
        }
      }
    }
    Nd weights = new Nd(w, ws);
    return v == null ? weights : Nd.matmul(weights, v);
  }

  private static AttentionMask keep(double[] d, int... shape) {
    return AttentionMask.keep(Tensor.of(d, shape));
  }

  private static void attention() {
    String op = "scaledDotProductAttention";
    double s4 = 1 / Math.sqrt(4);
    double s3 = 1 / Math.sqrt(3);
    row(op, "q [2, 3, 4], k [2, 5, 4], v [2, 5, 6], no mask")
        .x(2, 3, 4)
        .x(2, 5, 4)
        .x(2, 5, 6)
        .f(v -> Ops.scaledDotProductAttention(v[0], v[1], v[2], null))
        .ref(a -> attentionRef(a[0], a[1], a[2], null, false, s4))
        .err(
            "D differs",
            c -> Ops.scaledDotProductAttention(c.v(2, 3, 4), c.v(2, 5, 3), c.v(2, 5, 6), null),
            op + ": q, k: must have the same last dimension D: q \\[2, 3, 4\\] vs k \\[2, 5, 3\\]")
        .err(
            "ranks differ",
            c -> Ops.scaledDotProductAttention(c.v(2, 3, 4), c.v(5, 4), c.v(5, 6), null),
            op
                + ": q, k: must have the same rank, 2 or more \\(\\[..., T, D\\]\\): q \\[2, 3,"
                + " 4\\] vs k \\[5, 4\\]")
        .err(
            "rank 1",
            c -> Ops.scaledDotProductAttention(c.v(4), c.v(4), c.v(4), null),
            op + ": q, k: must have the same rank, 2 or more")
        .err(
            "batch dimensions differ",
            c -> Ops.scaledDotProductAttention(c.v(2, 3, 4), c.v(3, 5, 4), c.v(3, 5, 6), null),
            op + ": q, k: must have the same batch dimensions: q \\[2, 3, 4\\] vs k \\[3, 5, 4\\]")
        .err(
            "v has another number of keys",
            c -> Ops.scaledDotProductAttention(c.v(2, 3, 4), c.v(2, 5, 4), c.v(2, 6, 6), null),
            op + ": v: must have one row per key \\(Tk\\): k \\[2, 5, 4\\] vs v \\[2, 6, 6\\]")
        .err(
            "v batch differs",
            c -> Ops.scaledDotProductAttention(c.v(2, 3, 4), c.v(2, 5, 4), c.v(1, 5, 6), null),
            op
                + ": v: must have the batch dimensions of q and k: k \\[2, 5, 4\\] vs v \\[1, 5,"
                + " 6\\]")
        .err(
            "mask does not broadcast",
            c ->
                Ops.scaledDotProductAttention(
                    c.v(2, 3, 5), c.v(2, 4, 5), c.v(2, 4, 1), AttentionMask.causal(3, 5)),
            op
                + ": mask: \\[3, 5\\] does not broadcast to the scores \\[..., Tq, Tk\\] ="
                + " \\[2, 3, 4\\] \\(q \\[2, 3, 5\\], k \\[2, 4, 5\\]\\)")
        .err(
            "keep mask not 0/1",
            c -> keep(new double[] {1, 0.5}, 2),
            "AttentionMask.keep: keep: values must be 0 or 1, got 0.5 at flat index 1 of \\[2\\]")
        .err(
            "additive row all −∞",
            c ->
                AttentionMask.additive(
                    Tensor.of(
                        new double[] {0, -1, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY},
                        2,
                        2)),
            "AttentionMask.additive: bias: row 1 of \\[2, 2\\] is -Infinity for every key, so its"
                + " softmax would be NaN")
        .err(
            "additive NaN",
            c -> AttentionMask.additive(Tensor.of(new double[] {0, Double.NaN}, 2)),
            "AttentionMask.additive: bias: values must be finite or -Infinity, got NaN")
        .err(
            "length out of range",
            c -> AttentionMask.lengths(new int[] {3, 6}, 5),
            "AttentionMask.lengths: lengths: entry 1 is 6, outside \\[0, 5\\]")
        .err(
            "negative causal size",
            c -> AttentionMask.causal(-1, 3),
            "AttentionMask.causal: tq: must be >= 0, got -1");
    int[] lengths = {5, 2};
    Nd lengthMask =
        new Nd(AttentionMask.lengths(lengths, 5).values().toDoubleArray(), new int[] {2, 1, 5});
    row(op, "q [2, 3, 4], k/v [2, 5, ·], padding mask of lengths {5, 2}")
        .x(2, 3, 4)
        .x(2, 5, 4)
        .x(2, 5, 6)
        .f(v -> Ops.scaledDotProductAttention(v[0], v[1], v[2], AttentionMask.lengths(lengths, 5)))
        .ref(a -> attentionRef(a[0], a[1], a[2], lengthMask, false, s4));
    Nd causal4 = new Nd(AttentionMask.causal(4, 4).values().toDoubleArray(), new int[] {4, 4});
    row(op, "q, k, v [2, 4, 3], causal mask")
        .x(2, 4, 3)
        .x(2, 4, 3)
        .x(2, 4, 3)
        .f(v -> Ops.scaledDotProductAttention(v[0], v[1], v[2], AttentionMask.causal(4, 4)))
        .ref(a -> attentionRef(a[0], a[1], a[2], causal4, false, s3));
    Nd causal35 = new Nd(AttentionMask.causal(3, 5).values().toDoubleArray(), new int[] {3, 5});
    row(op, "heads: q [2, 2, 3, 4], k/v [2, 2, 5, ·], causal [3, 5]")
        .x(2, 2, 3, 4)
        .x(2, 2, 5, 4)
        .x(2, 2, 5, 3)
        .f(v -> Ops.scaledDotProductAttention(v[0], v[1], v[2], AttentionMask.causal(3, 5)))
        .ref(a -> attentionRef(a[0], a[1], a[2], causal35, false, s4));
    double[] holed = {1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
    row(op, "keep mask [3, 5] whose query 1 sees no key (weights and output 0)")
        .x(2, 3, 4)
        .x(2, 5, 4)
        .x(2, 5, 2)
        .f(v -> Ops.scaledDotProductAttention(v[0], v[1], v[2], keep(holed, 3, 5)))
        .ref(a -> attentionRef(a[0], a[1], a[2], new Nd(holed, new int[] {3, 5}), false, s4));
    double inf = Double.NEGATIVE_INFINITY;
    double[] bias = {0, 0.5, inf, -2, 0, inf, 0, 0, 1, inf, 0.25, 0, 0, 0, inf};
    row(op, "additive mask [3, 5] with −∞ and biases")
        .x(2, 3, 4)
        .x(2, 5, 4)
        .x(2, 5, 3)
        .f(
            v ->
                Ops.scaledDotProductAttention(
                    v[0], v[1], v[2], AttentionMask.additive(Tensor.of(bias, 3, 5))))
        .ref(a -> attentionRef(a[0], a[1], a[2], new Nd(bias, new int[] {3, 5}), true, s4));
    row(op, "unbatched q [3, 4], k [5, 4], v [5, 2]")
        .x(3, 4)
        .x(5, 4)
        .x(5, 2)
        .f(v -> Ops.scaledDotProductAttention(v[0], v[1], v[2], null))
        .ref(a -> attentionRef(a[0], a[1], a[2], null, false, s4));
    row(op, "no queries: q [2, 0, 4]")
        .x(2, 0, 4)
        .x(2, 5, 4)
        .x(2, 5, 3)
        .f(v -> Ops.scaledDotProductAttention(v[0], v[1], v[2], null))
        .ref(a -> attentionRef(a[0], a[1], a[2], null, false, s4));
    row("attentionWeights", "q [2, 3, 4], k [2, 5, 4], padding mask of lengths {5, 2}")
        .x(2, 3, 4)
        .x(2, 5, 4)
        .f(v -> Ops.attentionWeights(v[0], v[1], AttentionMask.lengths(lengths, 5)))
        .ref(a -> attentionRef(a[0], a[1], null, lengthMask, false, s4))
        .err(
            "D differs",
            c -> Ops.attentionWeights(c.v(3, 4), c.v(5, 3), null),
            "attentionWeights: q, k: must have the same last dimension D: q \\[3, 4\\] vs k \\[5,"
                + " 3\\]")
        .err(
            "scale not finite",
            c -> ScaledDotProductAttention.weights(c.v(3, 4), c.v(5, 4), null, Double.NaN),
            "attentionWeights: scale: must be finite, got NaN");
    row("attentionWeights", "heads q [2, 2, 3, 4], k [2, 2, 5, 4], no mask")
        .x(2, 2, 3, 4)
        .x(2, 2, 5, 4)
        .f(v -> Ops.attentionWeights(v[0], v[1], null))
        .ref(a -> attentionRef(a[0], a[1], null, null, false, s4));
    row("attentionWeights", "unscaled (the sequel's dot product), q [2, 1, 3], k [2, 6, 3]")
        .x(2, 1, 3)
        .x(2, 6, 3)
        .f(v -> ScaledDotProductAttention.weights(v[0], v[1], null, 1))
        .ref(a -> attentionRef(a[0], a[1], null, null, false, 1));
  }

  /**
   * An LSTM in plain loops: {@code {output [N, T, H], h_T [N, H], c_T [N, H]}}, gates i, f, g, o.
   */
  static Nd[] lstmRef(Nd x, Nd wx, Nd wh, Nd b, Nd h0, Nd c0) {
    int n = x.shape()[0];
    int t = x.shape()[1];
    int d = x.shape()[2];
    int hid = wh.shape()[0];
    double[] h = h0 == null ? new double[n * hid] : h0.data().clone();
    double[] c = c0 == null ? new double[n * hid] : c0.data().clone();
    double[] out = new double[n * t * hid];
    for (int s = 0; s < t; s++) {
      double[] h2 = new double[n * hid];
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < hid; j++) {
          double[] z = new double[4];
          for (int k = 0; k < 4; k++) {
            int col = k * hid + j;
            double acc = b == null ? 0 : b.data()[col];
            for (int e = 0; e < d; e++) {
              acc += x.data()[(r * t + s) * d + e] * wx.data()[e * 4 * hid + col];
            }
            for (int e = 0; e < hid; e++) {
              acc += h[r * hid + e] * wh.data()[e * 4 * hid + col];
            }
            z[k] = acc;
          }
          double i = 1 / (1 + Math.exp(-z[0]));
          double f = 1 / (1 + Math.exp(-z[1]));
          double g = Math.tanh(z[2]);
          double o = 1 / (1 + Math.exp(-z[3]));
          c[r * hid + j] = f * c[r * hid + j] + i * g;
          h2[r * hid + j] = o * Math.tanh(c[r * hid + j]);
          out[(r * t + s) * hid + j] = h2[r * hid + j];
        }
      }
      h = h2;
    }
    return new Nd[] {
      new Nd(out, new int[] {n, t, hid}),
      new Nd(h, new int[] {n, hid}),
      new Nd(c, new int[] {n, hid})
    };
  }

  /** A GRU in plain loops (PyTorch's equations): {@code {output [N, T, H], h_T [N, H]}}. */
  static Nd[] gruRef(Nd x, Nd wx, Nd wh, Nd b, Nd bh, Nd h0) {
    int n = x.shape()[0];
    int t = x.shape()[1];
    int d = x.shape()[2];
    int hid = wh.shape()[0];
    double[] h = h0 == null ? new double[n * hid] : h0.data().clone();
    double[] out = new double[n * t * hid];
    for (int s = 0; s < t; s++) {
      double[] h2 = new double[n * hid];
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < hid; j++) {
          double[] a = new double[3];
          double[] u = new double[3];
          for (int k = 0; k < 3; k++) {
            int col = k * hid + j;
            a[k] = b == null ? 0 : b.data()[col];
            u[k] = bh == null ? 0 : bh.data()[col];
            for (int e = 0; e < d; e++) {
              a[k] += x.data()[(r * t + s) * d + e] * wx.data()[e * 3 * hid + col];
            }
            for (int e = 0; e < hid; e++) {
              u[k] += h[r * hid + e] * wh.data()[e * 3 * hid + col];
            }
          }
          double rg = 1 / (1 + Math.exp(-(a[0] + u[0])));
          double z = 1 / (1 + Math.exp(-(a[1] + u[1])));
          double c = Math.tanh(a[2] + rg * u[2]);
          h2[r * hid + j] = (1 - z) * c + z * h[r * hid + j];
          out[(r * t + s) * hid + j] = h2[r * hid + j];
        }
      }
      h = h2;
    }
    return new Nd[] {new Nd(out, new int[] {n, t, hid}), new Nd(h, new int[] {n, hid})};
  }

  /** An Elman RNN in plain loops: {@code {output [N, T, H], h_T [N, H]}}. */
  static Nd[] rnnRef(Nd x, Nd wx, Nd wh, Nd b, Nd h0) {
    int n = x.shape()[0];
    int t = x.shape()[1];
    int d = x.shape()[2];
    int hid = wh.shape()[0];
    double[] h = h0 == null ? new double[n * hid] : h0.data().clone();
    double[] out = new double[n * t * hid];
    for (int s = 0; s < t; s++) {
      double[] h2 = new double[n * hid];
      for (int r = 0; r < n; r++) {
        for (int j = 0; j < hid; j++) {
          double acc = b == null ? 0 : b.data()[j];
          for (int e = 0; e < d; e++) {
            acc += x.data()[(r * t + s) * d + e] * wx.data()[e * hid + j];
          }
          for (int e = 0; e < hid; e++) {
            acc += h[r * hid + e] * wh.data()[e * hid + j];
          }
          h2[r * hid + j] = Math.tanh(acc);
          out[(r * t + s) * hid + j] = h2[r * hid + j];
        }
      }
      h = h2;
    }
    return new Nd[] {new Nd(out, new int[] {n, t, hid}), new Nd(h, new int[] {n, hid})};
  }

  /** A variable of zeros in the dtype the context does not use. */
  private static Variable otherDtype(Ctx c, int... shape) {
    DType other = c.dtype() == DType.FLOAT32 ? DType.FLOAT64 : DType.FLOAT32;
    return new Variable(Tensor.zeros(other, shape).to(c.device()));
  }

  private static void recurrent() {
    String op = "lstm";
    row(op, "x [2, 3, 4], H 3, bias, zero state: the outputs")
        .x(2, 3, 4)
        .x(4, 12)
        .x(3, 12)
        .x(12)
        .f(v -> Ops.lstm(v[0], v[1], v[2], v[3], null, null).output())
        .ref(a -> lstmRef(a[0], a[1], a[2], a[3], null, null)[0])
        .err(
            "wx not [D, 4H]",
            c -> Ops.lstm(c.v(2, 3, 4), c.v(4, 10), c.v(3, 12), null, null, null),
            op + ": wx: must be \\[D, 4H\\] with H > 0, got \\[4, 10\\]")
        .err(
            "x's features differ from wx's rows",
            c -> Ops.lstm(c.v(2, 3, 5), c.v(4, 12), c.v(3, 12), null, null, null),
            op
                + ": x: expected \\[N, T, D\\] = \\[N, T, 4\\] with T > 0 for wx \\[4, 12\\],"
                + " got \\[2, 3, 5\\]")
        .err(
            "no time steps",
            c -> Ops.lstm(c.v(2, 0, 4), c.v(4, 12), c.v(3, 12), null, null, null),
            op + ": x: expected .* with T > 0 .* got \\[2, 0, 4\\]")
        .err(
            "wh not [H, 4H]",
            c -> Ops.lstm(c.v(2, 3, 4), c.v(4, 12), c.v(4, 12), null, null, null),
            op + ": wh: expected \\[H, 4H\\] = \\[3, 12\\] for wx \\[4, 12\\], got \\[4, 12\\]")
        .err(
            "bias not [4H]",
            c -> Ops.lstm(c.v(2, 3, 4), c.v(4, 12), c.v(3, 12), c.v(3), null, null),
            op + ": b: expected \\[4H\\] = \\[12\\], got \\[3\\]")
        .err(
            "h0 of another batch",
            c -> Ops.lstm(c.v(2, 3, 4), c.v(4, 12), c.v(3, 12), null, c.v(5, 3), null),
            op + ": h0: expected \\[N, H\\] = \\[2, 3\\] \\(batch, hidden\\), got \\[5, 3\\]")
        .err(
            "h0 of another dtype",
            c -> Ops.lstm(c.v(2, 3, 4), c.v(4, 12), c.v(3, 12), null, otherDtype(c, 2, 3), null),
            op
                + ": h0: dtype FLOAT(32|64) differs from x's FLOAT(32|64); give every input one dtype")
        .err(
            "c0 of another width",
            c -> Ops.lstm(c.v(2, 3, 4), c.v(4, 12), c.v(3, 12), null, null, c.v(2, 4)),
            op + ": c0: expected \\[N, H\\] = \\[2, 3\\] \\(batch, hidden\\), got \\[2, 4\\]");
    row(op, "x [3, 4, 2], H 2, from a given state h0, c0: the outputs")
        .x(3, 4, 2)
        .x(2, 8)
        .x(2, 8)
        .x(8)
        .x(3, 2)
        .x(3, 2)
        .f(v -> Ops.lstm(v[0], v[1], v[2], v[3], v[4], v[5]).output())
        .ref(a -> lstmRef(a[0], a[1], a[2], a[3], a[4], a[5])[0]);
    row(op, "x [2, 3, 2], H 3, from a given state: the last h and c side by side")
        .x(2, 3, 2)
        .x(2, 12)
        .x(3, 12)
        .x(12)
        .x(2, 3)
        .x(2, 3)
        .f(
            v -> {
              var r = Ops.lstm(v[0], v[1], v[2], v[3], v[4], v[5]);
              return Ops.concat(List.of(r.h(), r.c()), 1);
            })
        .ref(
            a -> {
              Nd[] r = lstmRef(a[0], a[1], a[2], a[3], a[4], a[5]);
              return Nd.concat(1, r[1], r[2]);
            });
    row(op, "x [2, 4, 3], H 2, only c0 given: the last c (through every step's forget gate)")
        .x(2, 4, 3)
        .x(3, 8)
        .x(2, 8)
        .x(8)
        .x(2, 2)
        .f(v -> Ops.lstm(v[0], v[1], v[2], v[3], null, v[4]).c())
        .ref(a -> lstmRef(a[0], a[1], a[2], a[3], null, a[4])[2]);
    row(op, "x [0, 3, 2], H 2, an empty batch")
        .x(0, 3, 2)
        .x(2, 8)
        .x(2, 8)
        .x(8)
        .f(v -> Ops.lstm(v[0], v[1], v[2], v[3], null, null).output())
        .ref(a -> lstmRef(a[0], a[1], a[2], a[3], null, null)[0]);
    row(op, "x [1, 1, 3], H 2, one step, no bias")
        .x(1, 1, 3)
        .x(3, 8)
        .x(2, 8)
        .f(v -> Ops.lstm(v[0], v[1], v[2], null, null, null).output())
        .ref(a -> lstmRef(a[0], a[1], a[2], null, null, null)[0]);
    String rnn = "rnn";
    row(rnn, "x [2, 4, 3], H 3, bias, zero state: the outputs")
        .x(2, 4, 3)
        .x(3, 3)
        .x(3, 3)
        .x(3)
        .f(v -> Ops.rnn(v[0], v[1], v[2], v[3], null).output())
        .ref(a -> rnnRef(a[0], a[1], a[2], a[3], null)[0])
        .err(
            "wh not [H, H]",
            c -> Ops.rnn(c.v(2, 3, 4), c.v(4, 3), c.v(3, 4), null, null),
            rnn + ": wh: expected \\[H, H\\] = \\[3, 3\\] for wx \\[4, 3\\], got \\[3, 4\\]")
        .err(
            "x's features differ from wx's rows",
            c -> Ops.rnn(c.v(2, 3, 5), c.v(4, 3), c.v(3, 3), null, null),
            rnn + ": x: expected \\[N, T, D\\] = \\[N, T, 4\\] with T > 0")
        .err(
            "h0 of another dtype",
            c -> Ops.rnn(c.v(2, 3, 4), c.v(4, 3), c.v(3, 3), null, otherDtype(c, 2, 3)),
            rnn + ": h0: dtype FLOAT(32|64) differs from x's FLOAT(32|64)");
    row(rnn, "x [3, 3, 2], H 2, from a given state h0: the last h")
        .x(3, 3, 2)
        .x(2, 2)
        .x(2, 2)
        .x(2)
        .x(3, 2)
        .f(v -> Ops.rnn(v[0], v[1], v[2], v[3], v[4]).h())
        .ref(a -> rnnRef(a[0], a[1], a[2], a[3], a[4])[1]);
    row(rnn, "x [1, 1, 2], H 3, one step, no bias")
        .x(1, 1, 2)
        .x(2, 3)
        .x(3, 3)
        .f(v -> Ops.rnn(v[0], v[1], v[2], null, null).output())
        .ref(a -> rnnRef(a[0], a[1], a[2], null, null)[0]);
    String gru = "gru";
    row(gru, "x [2, 3, 4], H 3, both biases, zero state: the outputs")
        .x(2, 3, 4)
        .x(4, 9)
        .x(3, 9)
        .x(9)
        .x(9)
        .f(v -> Ops.gru(v[0], v[1], v[2], v[3], v[4], null).output())
        .ref(a -> gruRef(a[0], a[1], a[2], a[3], a[4], null)[0])
        .err(
            "wx not [D, 3H]",
            c -> Ops.gru(c.v(2, 3, 4), c.v(4, 10), c.v(3, 9), null, null, null),
            gru + ": wx: must be \\[D, 3H\\] with H > 0, got \\[4, 10\\]")
        .err(
            "wh not [H, 3H]",
            c -> Ops.gru(c.v(2, 3, 4), c.v(4, 9), c.v(3, 12), null, null, null),
            gru + ": wh: expected \\[H, 3H\\] = \\[3, 9\\] for wx \\[4, 9\\], got \\[3, 12\\]")
        .err(
            "bh not [3H]",
            c -> Ops.gru(c.v(2, 3, 4), c.v(4, 9), c.v(3, 9), null, c.v(3), null),
            gru + ": bh: expected \\[3H\\] = \\[9\\], got \\[3\\]")
        .err(
            "bh of another dtype",
            c -> Ops.gru(c.v(2, 3, 4), c.v(4, 9), c.v(3, 9), null, otherDtype(c, 9), null),
            gru + ": bh: dtype FLOAT(32|64) differs from x's FLOAT(32|64)")
        .err(
            "h0 of another batch",
            c -> Ops.gru(c.v(2, 3, 4), c.v(4, 9), c.v(3, 9), null, null, c.v(1, 3)),
            gru + ": h0: expected \\[N, H\\] = \\[2, 3\\] \\(batch, hidden\\), got \\[1, 3\\]")
        .err(
            "no time steps",
            c -> Ops.gru(c.v(2, 0, 4), c.v(4, 9), c.v(3, 9), null, null, null),
            gru + ": x: expected .* with T > 0 .* got \\[2, 0, 4\\]");
    row(gru, "x [3, 4, 2], H 2, from a given state h0: the outputs")
        .x(3, 4, 2)
        .x(2, 6)
        .x(2, 6)
        .x(6)
        .x(6)
        .x(3, 2)
        .f(v -> Ops.gru(v[0], v[1], v[2], v[3], v[4], v[5]).output())
        .ref(a -> gruRef(a[0], a[1], a[2], a[3], a[4], a[5])[0]);
    row(gru, "x [2, 3, 2], H 3, from a given state: the last h")
        .x(2, 3, 2)
        .x(2, 9)
        .x(3, 9)
        .x(9)
        .x(9)
        .x(2, 3)
        .f(v -> Ops.gru(v[0], v[1], v[2], v[3], v[4], v[5]).h())
        .ref(a -> gruRef(a[0], a[1], a[2], a[3], a[4], a[5])[1]);
    row(gru, "x [1, 1, 3], H 2, one step, no biases")
        .x(1, 1, 3)
        .x(3, 6)
        .x(2, 6)
        .f(v -> Ops.gru(v[0], v[1], v[2], null, null, null).output())
        .ref(a -> gruRef(a[0], a[1], a[2], null, null, null)[0]);
    row(gru, "x [0, 2, 2], H 2, an empty batch")
        .x(0, 2, 2)
        .x(2, 6)
        .x(2, 6)
        .x(6)
        .x(6)
        .f(v -> Ops.gru(v[0], v[1], v[2], v[3], v[4], null).output())
        .ref(a -> gruRef(a[0], a[1], a[2], a[3], a[4], null)[0]);
  }

  private static void convolution() {
    // 8×8 output planes: the per-image (NCHW) product; the row below has 5×5 planes and takes the
    // batch product with a permute
    row("conv2d", "x (2, 2, 9, 9), W (3, 2, 2, 2), b, stride 1, pad 0 (64-pixel planes)")
        .x(2, 2, 9, 9)
        .x(3, 2, 2, 2)
        .x(3)
        .f(v -> Ops.conv2d(v[0], v[1], v[2], 1, 0))
        .ref(a -> Nd.conv2d(a[0], a[1], a[2], 1, 0));
    row("conv2d", "x (2, 3, 5, 5), W (4, 3, 3, 3), b, stride 1, pad 1")
        .x(2, 3, 5, 5)
        .x(4, 3, 3, 3)
        .x(4)
        .f(v -> Ops.conv2d(v[0], v[1], v[2], 1, 1))
        .ref(a -> Nd.conv2d(a[0], a[1], a[2], 1, 1))
        .err(
            "channels differ",
            c -> Ops.conv2d(c.v(1, 3, 5, 5), c.v(2, 2, 3, 3), null, 1, 0),
            "conv2d: channels differ: x has 3, W has 2: \\[1, 3, 5, 5\\] vs \\[2, 2, 3, 3\\]")
        .err(
            "output size not whole",
            c -> Ops.conv2d(c.v(1, 1, 6, 6), c.v(1, 1, 3, 3), null, 2, 0),
            "conv2d: stride: output size \\(H \\+ 2P − F\\)/S \\+ 1 = \\(6 \\+ 2·0 − 3\\)/2 \\+ 1"
                + " is not a whole number")
        .err(
            "x not 4-D",
            c -> Ops.conv2d(c.v(3, 5, 5), c.v(2, 3, 3, 3), null, 1, 0),
            "conv2d: x: must be 4-D \\(N, C, H, W\\), got \\[3, 5, 5\\]")
        .err(
            "W not 4-D",
            c -> Ops.conv2d(c.v(1, 3, 5, 5), c.v(2, 27), null, 1, 0),
            "conv2d: W: must be 4-D")
        .err(
            "bias shape",
            c -> Ops.conv2d(c.v(1, 3, 5, 5), c.v(2, 3, 3, 3), c.v(3), 1, 0),
            "conv2d: b must be \\[FN\\] for W \\(FN, C, FH, FW\\): \\[3\\] vs \\[2, 3, 3, 3\\]")
        .err(
            "stride 0",
            c -> Ops.conv2d(c.v(1, 3, 5, 5), c.v(2, 3, 3, 3), null, 0, 0),
            "conv2d: stride: must be >= 1, got 0");
    row("conv2d", "x (1, 2, 7, 7), W (3, 2, 3, 3), no bias, stride 2")
        .x(1, 2, 7, 7)
        .x(3, 2, 3, 3)
        .f(v -> Ops.conv2d(v[0], v[1], null, 2, 0))
        .ref(a -> Nd.conv2d(a[0], a[1], null, 2, 0));
    row("conv2d", "x (2, 1, 4, 4), W (2, 1, 1, 1), b, 1×1 filter")
        .x(2, 1, 4, 4)
        .x(2, 1, 1, 1)
        .x(2)
        .f(v -> Ops.conv2d(v[0], v[1], v[2], 1, 0))
        .ref(a -> Nd.conv2d(a[0], a[1], a[2], 1, 0));
    row("im2col", "x (2, 3, 5, 5), 3×2, stride 1, pad 1")
        .x(2, 3, 5, 5)
        .f(v -> Ops.im2col(v[0], 3, 2, 1, 1))
        .ref(a -> Nd.im2col(a[0], 3, 2, 1, 1))
        .err(
            "x not 4-D",
            c -> Ops.im2col(c.v(3, 5), 2, 2, 1, 0),
            "im2col: x: must be 4-D \\(N, C, H, W\\), got \\[3, 5\\]")
        .err(
            "window too big",
            c -> Ops.im2col(c.v(1, 1, 2, 2), 3, 3, 1, 0),
            "im2col: x: window 3x3 does not fit H=2 with pad 0");
    row("im2col", "x (1, 2, 7, 7), 3×3, stride 2")
        .x(1, 2, 7, 7)
        .f(v -> Ops.im2col(v[0], 3, 3, 2, 0))
        .ref(a -> Nd.im2col(a[0], 3, 3, 2, 0));
    int[] xs = {2, 2, 5, 5};
    row("col2im", "col (18, 8) into (2, 2, 5, 5), 2×2, stride 2, pad 1")
        .x(18, 8)
        .f(v -> Ops.col2im(v[0], xs, 2, 2, 2, 1))
        .ref(a -> Nd.col2im(a[0], xs, 2, 2, 2, 1))
        .err(
            "col shape",
            c -> Ops.col2im(c.v(8, 9), xs, 2, 2, 2, 1),
            "col2im: col: must be \\[18, 8\\] for images \\[2, 2, 5, 5\\], got \\[8, 9\\]");
    row("col2im", "col (25, 9) into (1, 1, 7, 7), 3×3, stride 1, pad 0 (overlapping)")
        .x(25, 9)
        .f(v -> Ops.col2im(v[0], new int[] {1, 1, 7, 7}, 3, 3, 1, 0))
        .ref(a -> Nd.col2im(a[0], new int[] {1, 1, 7, 7}, 3, 3, 1, 0));
    row("maxPool2d", "x (2, 3, 6, 6), 2×2, stride 2")
        .x(2, 3, 6, 6)
        .f(v -> Ops.maxPool2d(v[0], 2, 2, 0))
        .ref(a -> Nd.pool(a[0], 2, 2, 0, true))
        .err(
            "window too big",
            c -> Ops.maxPool2d(c.v(1, 1, 4, 4), 9, 1, 0),
            "maxPool2d: x: window 9x9 does not fit H=4 with pad 0")
        .err("x not 4-D", c -> Ops.maxPool2d(c.v(4, 4), 2, 2, 0), "maxPool2d: x: must be 4-D");
    row("maxPool2d", "x (1, 2, 7, 7), 3×3, stride 2, pad 1 (overlapping)")
        .x(1, 2, 7, 7)
        .f(v -> Ops.maxPool2d(v[0], 3, 2, 1))
        .ref(a -> Nd.pool(a[0], 3, 2, 1, true));
    row("maxPool2d", "x (1, 1, 7, 7), 2×2, stride 2 (rounds down)")
        .x(1, 1, 7, 7)
        .f(v -> Ops.maxPool2d(v[0], 2, 2, 0))
        .ref(a -> Nd.pool(a[0], 2, 2, 0, true));
    row("avgPool2d", "x (2, 3, 6, 6), 2×2, stride 2")
        .x(2, 3, 6, 6)
        .f(v -> Ops.avgPool2d(v[0], 2, 2, 0))
        .ref(a -> Nd.pool(a[0], 2, 2, 0, false))
        .err(
            "negative pad",
            c -> Ops.avgPool2d(c.v(1, 1, 4, 4), 2, 2, -1),
            "avgPool2d: pad: must be >= 0, got -1");
    row("avgPool2d", "x (1, 2, 7, 7), 3×3, stride 2, pad 1")
        .x(1, 2, 7, 7)
        .f(v -> Ops.avgPool2d(v[0], 3, 2, 1))
        .ref(a -> Nd.pool(a[0], 3, 2, 1, false));
  }

  /**
   * The batch-norm formula with loops: per feature {@code f} of {@code (N, D)} or {@code (N, C, H,
   * W)}.
   */
  static Nd batchNormRef(Nd x, Nd gamma, Nd beta, double[] mean, double[] var, double eps) {
    int[] s = x.shape();
    int c = s[1];
    int inner = s.length == 4 ? s[2] * s[3] : 1;
    double[] out = new double[x.data().length];
    for (int i = 0; i < out.length; i++) {
      int f = (i / inner) % c;
      double y = (x.data()[i] - mean[f]) / Math.sqrt(var[f] + eps);
      out[i] = y * (gamma == null ? 1 : gamma.data()[f]) + (beta == null ? 0 : beta.data()[f]);
    }
    return new Nd(out, s);
  }

  /** Batch statistics per feature: {@code {mean, biased variance}}. */
  static double[][] batchStats(Nd x) {
    int[] s = x.shape();
    int c = s[1];
    int inner = s.length == 4 ? s[2] * s[3] : 1;
    double[] mean = new double[c];
    double[] var = new double[c];
    int count = x.data().length / c;
    for (int i = 0; i < x.data().length; i++) {
      mean[(i / inner) % c] += x.data()[i] / count;
    }
    for (int i = 0; i < x.data().length; i++) {
      int f = (i / inner) % c;
      var[f] += (x.data()[i] - mean[f]) * (x.data()[i] - mean[f]) / count;
    }
    return new double[][] {mean, var};
  }

  static Nd layerNormRef(Nd x, Nd gamma, Nd beta, double eps) {
    int[] s = x.shape();
    int d = s[s.length - 1];
    double[] out = new double[x.data().length];
    for (int r = 0; r < out.length / d; r++) {
      double m = 0;
      for (int j = 0; j < d; j++) {
        m += x.data()[r * d + j] / d;
      }
      double v = 0;
      for (int j = 0; j < d; j++) {
        double c = x.data()[r * d + j] - m;
        v += c * c / d;
      }
      for (int j = 0; j < d; j++) {
        double y = (x.data()[r * d + j] - m) / Math.sqrt(v + eps);
        out[r * d + j] =
            y * (gamma == null ? 1 : gamma.data()[j]) + (beta == null ? 0 : beta.data()[j]);
      }
    }
    return new Nd(out, s);
  }

  /** The CPU kernel's Bernoulli draws, replayed: one {@code nextDouble() < keep} per element. */
  static Nd dropoutRef(Nd x, double p, int seed, boolean inverted) {
    Well19937c rng = new Well19937c(seed);
    return x.map(v -> rng.nextDouble() < 1 - p ? (inverted ? v / (1 - p) : v) : 0);
  }

  private static final double[] RUN_MEAN = {0.1, -0.2, 0.3};
  private static final double[] RUN_VAR = {0.5, 1.5, 2.0};

  private static BatchNormState trainedState(Variable like) {
    BatchNormState s = new BatchNormState(0.9, 1e-5);
    s.set(
        Tensor.of(RUN_MEAN, 3).to(like.dtype()).to(dev(like)),
        Tensor.of(RUN_VAR, 3).to(like.dtype()).to(dev(like)));
    return s;
  }

  private static void normalization() {
    row("batchNorm", "(7, 3) training, γ and β")
        .x(7, 3)
        .x(3)
        .x(3)
        .f(v -> Ops.batchNorm(v[0], v[1], v[2], new BatchNormState(), true))
        .ref(
            a -> {
              double[][] st = batchStats(a[0]);
              return batchNormRef(a[0], a[1], a[2], st[0], st[1], BatchNormState.DEFAULT_EPS);
            })
        .err(
            "x rank 3",
            c -> Ops.batchNorm(c.v(2, 3, 4), null, null, new BatchNormState(), true),
            "batchNorm: x: must be \\(N, D\\) or \\(N, C, H, W\\), got \\[2, 3, 4\\]")
        .err(
            "gamma shape",
            c -> Ops.batchNorm(c.v(2, 3), c.v(4), null, new BatchNormState(), true),
            "batchNorm: gamma: must be \\[3\\] for x \\[2, 3\\], got \\[4\\]")
        .err(
            "state features",
            c -> {
              BatchNormState s = new BatchNormState();
              Ops.batchNorm(c.v(2, 3), null, null, s, true);
              return Ops.batchNorm(c.v(2, 4), null, null, s, true);
            },
            "batchNorm: state: holds statistics for 3 features, the input has 4")
        .err(
            "momentum",
            c -> new BatchNormState(1.5, 1e-5),
            "batchNorm: momentum: must be in \\[0, 1\\], got 1.5");
    row("batchNorm", "(2, 3, 4, 4) per channel, training")
        .x(2, 3, 4, 4)
        .x(3)
        .x(3)
        .f(v -> Ops.batchNorm(v[0], v[1], v[2], new BatchNormState(), true))
        .ref(
            a -> {
              double[][] st = batchStats(a[0]);
              return batchNormRef(a[0], a[1], a[2], st[0], st[1], BatchNormState.DEFAULT_EPS);
            });
    row("batchNorm", "(7, 3) evaluation with running statistics")
        .x(7, 3)
        .x(3)
        .x(3)
        .f(v -> Ops.batchNorm(v[0], v[1], v[2], trainedState(v[0]), false))
        .ref(a -> batchNormRef(a[0], a[1], a[2], RUN_MEAN, RUN_VAR, 1e-5));
    row("batchNorm", "(2, 3, 2, 2) evaluation, no γ/β")
        .x(2, 3, 2, 2)
        .f(v -> Ops.batchNorm(v[0], null, null, trainedState(v[0]), false))
        .ref(a -> batchNormRef(a[0], null, null, RUN_MEAN, RUN_VAR, 1e-5));
    row("layerNorm", "(7, 13) with γ and β")
        .x(7, 13)
        .x(13)
        .x(13)
        .f(v -> Ops.layerNorm(v[0], v[1], v[2], 1e-5))
        .ref(a -> layerNormRef(a[0], a[1], a[2], 1e-5))
        .err(
            "gamma shape",
            c -> Ops.layerNorm(c.v(2, 3), c.v(2), null, 1e-5),
            "layerNorm: gamma: must be \\[3\\] for x \\[2, 3\\], got \\[2\\]")
        .err(
            "eps",
            c -> Ops.layerNorm(c.v(2, 3), null, null, 0),
            "layerNorm: eps: must be > 0, got 0.0");
    row("layerNorm", "(2, 3, 5) no γ/β")
        .x(2, 3, 5)
        .f(v -> Ops.layerNorm(v[0], null, null, 1e-5))
        .ref(a -> layerNormRef(a[0], null, null, 1e-5));
    row("dropout", "[7, 13] inverted, training, p 0.5, seeded")
        .x(7, 13)
        .f(v -> Ops.dropout(v[0], 0.5, true, new Well19937c(11)))
        .ref(a -> dropoutRef(a[0], 0.5, 11, true))
        .cpuRandom()
        .err(
            "p = 1",
            c -> Ops.dropout(c.v(2), 1.0, true, new Well19937c(1)),
            "dropout: p: must be in \\[0, 1\\), got 1.0")
        .err(
            "no rng",
            c -> Ops.dropout(c.v(2), 0.5, true, null),
            "dropout: rng: must not be null while training");
    row("dropout", "[7, 13] inverted, evaluation (identity)")
        .x(7, 13)
        .f(v -> Ops.dropout(v[0], 0.5, false, null))
        .ref(a -> a[0]);
    row("dropout", "[7, 13] classic, training, p 0.3, seeded")
        .x(7, 13)
        .f(v -> Ops.dropout(v[0], 0.3, true, new Well19937c(12), DropoutMode.CLASSIC))
        .ref(a -> dropoutRef(a[0], 0.3, 12, false))
        .cpuRandom()
        .err(
            "negative p",
            c -> Ops.dropout(c.v(2), -0.1, true, new Well19937c(1), DropoutMode.CLASSIC),
            "dropout: p: must be in \\[0, 1\\), got -0.1");
    row("dropout", "[7, 13] classic, evaluation (scaled by 1 − p)")
        .x(7, 13)
        .f(v -> Ops.dropout(v[0], 0.3, false, null, DropoutMode.CLASSIC))
        .ref(a -> a[0].map(x -> x * 0.7));
  }

  /**
   * Lists the facade method names that have rows.
   *
   * @return the names, sorted
   */
  public static List<String> opNames() {
    return cases().stream().map(Case::op).distinct().sorted().toList();
  }
}
