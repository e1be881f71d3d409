package gradgraph.core;

import gradgraph.core.ops.Add;
import gradgraph.core.ops.AddScalar;
import gradgraph.core.ops.BroadcastTo;
import gradgraph.core.ops.Cast;
import gradgraph.core.ops.Div;
import gradgraph.core.ops.Exp;
import gradgraph.core.ops.Log;
import gradgraph.core.ops.MatMul;
import gradgraph.core.ops.Mul;
import gradgraph.core.ops.MulScalar;
import gradgraph.core.ops.Neg;
import gradgraph.core.ops.Permute;
import gradgraph.core.ops.Pow;
import gradgraph.core.ops.Reshape;
import gradgraph.core.ops.Square;
import gradgraph.core.ops.Sub;
import gradgraph.core.ops.Sum;
import gradgraph.core.ops.SumTo;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * A node of the computational graph: a tensor value, an optional name, the gradient after {@link
 * #backward}, and the {@link Op} that created it (none for leaves). Leaves created by users require
 * a gradient unless made with {@link #constant}, as in DeZero.
 *
 * <p>Java has no operator overloading, so the core primitives are methods: {@code
 * x.matmul(w).add(b)}. The neural-network ops are static methods of {@code gradgraph.ops.Ops}.
 */
public class Variable {
  private Tensor value;
  private String name;
  private Variable grad;
  private Op creator;
  private int generation;
  private boolean requiresGrad = true;
  private boolean retainGrad;
  // a gradient in flight during one backward walk, valid only while pendingRun is that walk's token
  private Variable pending;
  private Object pendingRun;

  /**
   * Creates a leaf that requires a gradient.
   *
   * @param value the value
   */
  public Variable(Tensor value) {
    this(value, null);
  }

  /**
   * Creates a named leaf that requires a gradient.
   *
   * @param value the value
   * @param name a name for diagrams and reports, or null
   */
  public Variable(Tensor value, String name) {
    if (value == null) {
      throw new IllegalArgumentException("Variable: value: must not be null");
    }
    this.value = value;
    this.name = name;
  }

  /**
   * Creates a FLOAT64 scalar leaf.
   *
   * @param value the value
   * @return the variable
   */
  public static Variable scalar(double value) {
    return new Variable(Tensor.scalar(value));
  }

  /**
   * Creates a named FLOAT64 scalar leaf, e.g. {@code Variable.scalar(100, "apple")}.
   *
   * @param value the value
   * @param name its name
   * @return the variable
   */
  public static Variable scalar(double value, String name) {
    return new Variable(Tensor.scalar(value), name);
  }

  /**
   * Creates a leaf that never gets a gradient (data, labels, masks).
   *
   * @param value the value
   * @return the variable
   */
  public static Variable constant(Tensor value) {
    Variable v = new Variable(value);
    v.requiresGrad = false;
    return v;
  }

  // ---------------------------------------------------------------- state

  /**
   * Returns the value.
   *
   * @return the tensor
   */
  public Tensor value() {
    return value;
  }

  /**
   * Replaces the value of a leaf (optimizers, gradient checks, moving to a device).
   *
   * @param newValue the new value
   * @throws IllegalStateException if this variable was computed by an op
   */
  public void setValue(Tensor newValue) {
    if (creator != null) {
      throw new IllegalStateException(
          "setValue: "
              + describe()
              + " was computed by "
              + creator.name()
              + "; only leaves can be assigned (use detach() for a new leaf)");
    }
    if (newValue == null) {
      throw new IllegalArgumentException("setValue: value: must not be null");
    }
    this.value = newValue;
  }

  /**
   * Returns the name.
   *
   * @return the name, or null
   */
  public String name() {
    return name;
  }

  /**
   * Sets the name and returns this variable, for chaining: {@code a.mul(b).named("price")}.
   *
   * @param newName the name
   * @return this
   */
  public Variable named(String newName) {
    this.name = newName;
    return this;
  }

  /**
   * Returns the gradient after {@link #backward}.
   *
   * @return the gradient, or null when none was computed (or it was cleared)
   */
  public Variable grad() {
    return grad;
  }

  /**
   * Sets the gradient (optimizers and gradient clipping use this).
   *
   * @param g the gradient, or null
   */
  public void setGrad(Variable g) {
    this.grad = g;
  }

  /** Clears the gradient, as before a new backward pass. */
  public void clearGrad() {
    this.grad = null;
  }

  /**
   * Returns the op that computed this variable.
   *
   * @return the creator, or null for a leaf
   */
  public Op creator() {
    return creator;
  }

  /**
   * Tells whether this variable was created by the user rather than computed by an op.
   *
   * @return true for leaves
   */
  public boolean isLeaf() {
    return creator == null;
  }

  /**
   * Tells whether gradients flow to this variable.
   *
   * @return the flag
   */
  public boolean requiresGrad() {
    return requiresGrad;
  }

  /**
   * Sets whether gradients flow to this leaf (false freezes a parameter).
   *
   * @param flag the flag
   * @return this
   */
  public Variable setRequiresGrad(boolean flag) {
    if (!flag && creator != null) {
      throw new IllegalStateException(
          "setRequiresGrad: " + describe() + " is computed by an op; detach() it instead");
    }
    this.requiresGrad = flag;
    return this;
  }

  /**
   * Keeps this intermediate variable's gradient after backward.
   *
   * @return this
   */
  public Variable retainGrad() {
    this.retainGrad = true;
    return this;
  }

  boolean retainsGrad() {
    return retainGrad;
  }

  boolean hasPending() {
    return pendingRun != null;
  }

  Variable pending(Object run) {
    return pendingRun == run ? pending : null;
  }

  void setPending(Object run, Variable g) {
    pendingRun = run;
    pending = g;
  }

  /** Returns the gradient in flight for {@code run} and clears the slot. */
  Variable takePending(Object run) {
    Variable g = pendingRun == run ? pending : null;
    pending = null;
    pendingRun = null;
    return g;
  }

  /**
   * Returns the generation: 0 for leaves, one more than the creator's inputs otherwise.
   *
   * @return the generation
   */
  public int generation() {
    return generation;
  }

  void setCreator(Op op, int gen) {
    this.creator = op;
    this.generation = gen;
    this.requiresGrad = true;
  }

  /**
   * Returns a new leaf with the same value and no history.
   *
   * @return the detached variable, not requiring a gradient
   */
  public Variable detach() {
    Variable v = constant(value);
    v.name = name;
    return v;
  }

  /**
   * Returns the shape of the value.
   *
   * @return a copy of the shape
   */
  public int[] shape() {
    return value.shape();
  }

  /**
   * Returns the dtype of the value.
   *
   * @return the dtype
   */
  public DType dtype() {
    return value.dtype();
  }

  /**
   * Returns the element count of the value.
   *
   * @return the size
   */
  public int size() {
    return value.size();
  }

  /**
   * Returns the rank of the value.
   *
   * @return the rank
   */
  public int rank() {
    return value.rank();
  }

  /**
   * Returns the only element of the value.
   *
   * @return the element
   */
  public double item() {
    return value.item();
  }

  // ---------------------------------------------------------------- backward

  /**
   * Computes the gradients of this variable with respect to every leaf it depends on, seeding its
   * own gradient with ones; gradients accumulate into {@link #grad()} of leaves.
   *
   * @param options {@link BackwardOption#RETAIN_GRAPH}, {@link BackwardOption#CREATE_GRAPH}, {@link
   *     BackwardOption#RETAIN_GRAD}
   */
  public void backward(BackwardOption... options) {
    Backprop.backward(this, null, options);
  }

  /**
   * Computes the gradients of this variable with respect to every leaf it depends on, seeding its
   * own gradient with {@code gradient} (PyTorch's {@code y.backward(gradient)}): the leaves receive
   * the vector-Jacobian product {@code gradient . dy/dx}.
   *
   * @param gradient the seed gradient, of this variable's shape and dtype
   * @param options {@link BackwardOption#RETAIN_GRAPH}, {@link BackwardOption#CREATE_GRAPH}, {@link
   *     BackwardOption#RETAIN_GRAD}
   * @throws IllegalArgumentException when the seed's shape or dtype differs from this variable's
   */
  public void backward(Tensor gradient, BackwardOption... options) {
    Errors.check(gradient != null, "backward", "gradient", "is null");
    Errors.check(
        Arrays.equals(gradient.shape(), value.shape()),
        "backward",
        "gradient",
        "shape "
            + Errors.shape(gradient.shape())
            + " differs from the output's shape "
            + Errors.shape(value.shape()));
    Errors.check(
        gradient.dtype() == value.dtype(),
        "backward",
        "gradient",
        "dtype " + gradient.dtype() + " differs from the output's dtype " + value.dtype());
    Backprop.backward(this, Variable.constant(gradient.to(value.device())), options);
  }

  // ---------------------------------------------------------------- fluent core ops

  /**
   * Adds with broadcasting.
   *
   * @param other the addend
   * @return {@code this + other}
   */
  public Variable add(Variable other) {
    return new Add().apply(this, other);
  }

  /**
   * Adds a constant.
   *
   * @param s the addend
   * @return {@code this + s}
   */
  public Variable add(double s) {
    return new AddScalar(s).apply(this);
  }

  /**
   * Subtracts with broadcasting.
   *
   * @param other the subtrahend
   * @return {@code this - other}
   */
  public Variable sub(Variable other) {
    return new Sub().apply(this, other);
  }

  /**
   * Subtracts a constant.
   *
   * @param s the subtrahend
   * @return {@code this - s}
   */
  public Variable sub(double s) {
    return new AddScalar(-s).apply(this);
  }

  /**
   * Multiplies elementwise with broadcasting.
   *
   * @param other the factor
   * @return {@code this * other}
   */
  public Variable mul(Variable other) {
    return new Mul().apply(this, other);
  }

  /**
   * Multiplies by a constant.
   *
   * @param s the factor
   * @return {@code this * s}
   */
  public Variable mul(double s) {
    return new MulScalar(s).apply(this);
  }

  /**
   * Divides elementwise with broadcasting.
   *
   * @param other the divisor
   * @return {@code this / other}
   */
  public Variable div(Variable other) {
    return new Div().apply(this, other);
  }

  /**
   * Divides by a constant.
   *
   * @param s the divisor
   * @return {@code this / s}
   */
  public Variable div(double s) {
    return new MulScalar(1.0 / s).apply(this);
  }

  /**
   * Negates.
   *
   * @return {@code -this}
   */
  public Variable neg() {
    return new Neg().apply(this);
  }

  /**
   * Raises to a constant power.
   *
   * @param p the exponent
   * @return {@code this ^ p}
   */
  public Variable pow(double p) {
    return new Pow(p).apply(this);
  }

  /**
   * Squares.
   *
   * @return {@code this * this}
   */
  public Variable square() {
    return new Square().apply(this);
  }

  /**
   * Exponential.
   *
   * @return {@code e ^ this}
   */
  public Variable exp() {
    return new Exp().apply(this);
  }

  /**
   * Natural logarithm.
   *
   * @return {@code ln this}
   */
  public Variable log() {
    return new Log().apply(this);
  }

  /**
   * Converts to another dtype, differentiably (the gradient is converted back).
   *
   * @param dtype the target dtype
   * @return this variable when the dtype already matches, else the converted one
   */
  public Variable to(DType dtype) {
    return dtype == value.dtype() ? this : new Cast(dtype).apply(this);
  }

  /**
   * Matrix product (2-D or batched).
   *
   * @param other the right operand
   * @return {@code this · other}
   */
  public Variable matmul(Variable other) {
    return new MatMul(false, false).apply(this, other);
  }

  /**
   * Sums every element.
   *
   * @return a scalar
   */
  public Variable sum() {
    return new Sum(new int[0], false).apply(this);
  }

  /**
   * Sums over axes.
   *
   * @param keepDims whether reduced axes stay with size 1
   * @param axes the axes, negative counting from the end; none means all
   * @return the sum
   */
  public Variable sum(boolean keepDims, int... axes) {
    return new Sum(axes, keepDims).apply(this);
  }

  /**
   * Returns the same elements in another shape.
   *
   * @param shape the shape; one entry may be -1
   * @return the reshaped variable
   */
  public Variable reshape(int... shape) {
    return new Reshape(shape).apply(this);
  }

  /**
   * Swaps the last two dimensions.
   *
   * @return the transpose
   */
  public Variable transpose() {
    int r = rank();
    if (r < 2) {
      return new Permute(new int[0]).apply(this);
    }
    int[] p = new int[r];
    for (int i = 0; i < r; i++) {
      p[i] = i;
    }
    p[r - 2] = r - 1;
    p[r - 1] = r - 2;
    return new Permute(p).apply(this);
  }

  /**
   * Reorders dimensions.
   *
   * @param axes a permutation of the axes; none reverses them
   * @return the permuted variable
   */
  public Variable permute(int... axes) {
    return new Permute(axes).apply(this);
  }

  /**
   * Broadcasts to a shape.
   *
   * @param shape the target shape
   * @return the broadcast variable
   */
  public Variable broadcastTo(int... shape) {
    if (Arrays.equals(shape, value.shape())) {
      return this;
    }
    return new BroadcastTo(shape).apply(this);
  }

  /**
   * Sums down to a shape that broadcasts to this one.
   *
   * @param shape the target shape
   * @return the reduced variable
   */
  public Variable sumTo(int... shape) {
    if (Arrays.equals(shape, value.shape())) {
      return this;
    }
    return new SumTo(shape).apply(this);
  }

  String describe() {
    return (name == null ? "variable" : "'" + name + "'") + " " + Arrays.toString(value.shape());
  }

  @Override
  public String toString() {
    String v = value.toString();
    String inner = v.startsWith("tensor(") ? v.substring(7, v.length() - 1) : v;
    return "variable(" + inner + (name == null ? "" : ", name=" + name) + ")";
  }
}
