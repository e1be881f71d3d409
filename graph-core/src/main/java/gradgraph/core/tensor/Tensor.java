package gradgraph.core.tensor;

import gradgraph.core.device.BinaryOp;
import gradgraph.core.device.Device;
import gradgraph.core.device.Kernels;
import gradgraph.core.device.RandomKind;
import gradgraph.core.device.ReduceOp;
import gradgraph.core.device.Storage;
import gradgraph.core.device.UnaryOp;
import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * An immutable n-dimensional array: dtype, shape, device and contiguous row-major storage. A tensor
 * carries no graph information; {@code gradgraph.core.Variable} wraps one to record operations.
 *
 * <p>Factories that take a Java array keep its precision ({@code double[]} gives FLOAT64, {@code
 * float[]} gives FLOAT32); factories that take only a shape ask for the dtype. Arithmetic follows
 * NumPy: binary operations broadcast and promote to the wider dtype.
 */
public final class Tensor {
  private final DType dtype;
  private final int[] shape;
  private final int size;
  private final Storage storage;

  /**
   * Wraps storage as a tensor; used by kernel implementations.
   *
   * @param storage the memory, whose size must equal the shape's
   * @param shape the shape (kept, not copied: do not modify it afterwards)
   */
  public Tensor(Storage storage, int[] shape) {
    this.storage = storage;
    this.shape = shape;
    this.dtype = storage.dtype();
    this.size = Shapes.size(shape);
    if (size != storage.size()) {
      throw new ShapeException(
          "tensor: shape "
              + Arrays.toString(shape)
              + " needs "
              + size
              + " elements, storage has "
              + storage.size());
    }
  }

  // ---------------------------------------------------------------- creation

  /**
   * Creates a FLOAT64 tensor from values and a shape.
   *
   * @param data the elements in row-major order (copied)
   * @param shape the shape; empty for a scalar
   * @return the tensor, on the CPU
   */
  public static Tensor of(double[] data, int... shape) {
    checkCount("Tensor.of", data.length, shape);
    return Device.CPU.kernels().fromHost(data.clone(), shape.clone());
  }

  /**
   * Creates a FLOAT32 tensor from values and a shape.
   *
   * @param data the elements in row-major order (copied)
   * @param shape the shape; empty for a scalar
   * @return the tensor, on the CPU
   */
  public static Tensor of(float[] data, int... shape) {
    checkCount("Tensor.of", data.length, shape);
    return Device.CPU.kernels().fromHost(data.clone(), shape.clone());
  }

  /**
   * Creates a 1-D FLOAT64 tensor.
   *
   * @param values the elements (copied)
   * @return a tensor of shape {@code [values.length]}
   */
  public static Tensor vector(double... values) {
    return of(values, values.length);
  }

  /**
   * Creates a 2-D FLOAT64 tensor from rows of equal length.
   *
   * @param rows the rows (copied)
   * @return a tensor of shape {@code [rows.length, rows[0].length]}
   */
  public static Tensor matrix(double[][] rows) {
    int cols = rows.length == 0 ? 0 : rows[0].length;
    double[] data = new double[rows.length * cols];
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != cols) {
        throw Errors.illegalArgument(
            "Tensor.matrix",
            "rows",
            "row " + i + " has " + rows[i].length + " elements, row 0 has " + cols);
      }
      System.arraycopy(rows[i], 0, data, i * cols, cols);
    }
    return of(data, rows.length, cols);
  }

  /**
   * Creates a FLOAT64 scalar (rank 0).
   *
   * @param value the value
   * @return the scalar tensor
   */
  public static Tensor scalar(double value) {
    return of(new double[] {value});
  }

  /**
   * Creates a scalar of a given dtype.
   *
   * @param value the value
   * @param dtype the element type
   * @return the scalar tensor
   */
  public static Tensor scalar(double value, DType dtype) {
    return full(dtype, value);
  }

  /**
   * Creates a tensor of zeros.
   *
   * @param dtype the element type
   * @param shape the shape
   * @return the tensor
   */
  public static Tensor zeros(DType dtype, int... shape) {
    return full(dtype, 0.0, shape);
  }

  /**
   * Creates a tensor of ones.
   *
   * @param dtype the element type
   * @param shape the shape
   * @return the tensor
   */
  public static Tensor ones(DType dtype, int... shape) {
    return full(dtype, 1.0, shape);
  }

  /**
   * Creates a tensor with every element equal to {@code value}.
   *
   * @param dtype the element type
   * @param value the value
   * @param shape the shape
   * @return the tensor
   */
  public static Tensor full(DType dtype, double value, int... shape) {
    return Device.CPU.kernels().full(dtype, Shapes.checkShape("full", shape.clone()), value);
  }

  /**
   * Creates {@code [start, start + step, ...]} up to {@code stop}, exclusive.
   *
   * @param start first value
   * @param stop bound, exclusive
   * @param step increment, non-zero
   * @param dtype the element type
   * @return a 1-D tensor
   */
  public static Tensor arange(double start, double stop, double step, DType dtype) {
    Errors.check(
        step != 0 && Double.isFinite(step),
        "arange",
        "step",
        "must be finite and non-zero, got " + step);
    int n = (int) Math.max(0, Math.ceil((stop - start) / step));
    double[] d = new double[n];
    for (int i = 0; i < n; i++) {
      d[i] = start + i * step;
    }
    return of(d, n).to(dtype);
  }

  /**
   * Creates an identity matrix.
   *
   * @param n rows and columns
   * @param dtype the element type
   * @return a {@code [n, n]} tensor
   */
  public static Tensor eye(int n, DType dtype) {
    Errors.check(n >= 0, "eye", "n", "must be >= 0, got " + n);
    double[] d = new double[n * n];
    for (int i = 0; i < n; i++) {
      d[i * n + i] = 1;
    }
    return of(d, n, n).to(dtype);
  }

  /**
   * Draws from a normal distribution.
   *
   * @param rng a seeded generator, e.g. {@code new Well19937c(42)} (advanced by the draw)
   * @param dtype the element type
   * @param mean the mean
   * @param std the standard deviation
   * @param shape the shape
   * @return the tensor
   */
  public static Tensor randn(
      RandomGenerator rng, DType dtype, double mean, double std, int... shape) {
    return Device.CPU
        .kernels()
        .random(
            RandomKind.NORMAL, dtype, Shapes.checkShape("randn", shape.clone()), mean, std, rng);
  }

  /**
   * Draws from a normal distribution with a JDK generator ({@code new SplittableRandom(42)}).
   *
   * @param rng a seeded JDK generator (advanced by the draw)
   * @param dtype the element type
   * @param mean the mean
   * @param std the standard deviation
   * @param shape the shape
   * @return the tensor
   */
  public static Tensor randn(
      java.util.random.RandomGenerator rng, DType dtype, double mean, double std, int... shape) {
    return randn(Randoms.of(rng), dtype, mean, std, shape);
  }

  /**
   * Draws from a uniform distribution on {@code [low, high)}.
   *
   * @param rng a seeded generator (advanced by the draw)
   * @param dtype the element type
   * @param low lower bound, inclusive
   * @param high upper bound, exclusive
   * @param shape the shape
   * @return the tensor
   */
  public static Tensor rand(
      RandomGenerator rng, DType dtype, double low, double high, int... shape) {
    return Device.CPU
        .kernels()
        .random(
            RandomKind.UNIFORM, dtype, Shapes.checkShape("rand", shape.clone()), low, high, rng);
  }

  /**
   * Draws from a uniform distribution on {@code [low, high)} with a JDK generator.
   *
   * @param rng a seeded JDK generator (advanced by the draw)
   * @param dtype the element type
   * @param low lower bound, inclusive
   * @param high upper bound, exclusive
   * @param shape the shape
   * @return the tensor
   */
  public static Tensor rand(
      java.util.random.RandomGenerator rng, DType dtype, double low, double high, int... shape) {
    return rand(Randoms.of(rng), dtype, low, high, shape);
  }

  private static void checkCount(String op, int n, int[] shape) {
    Shapes.checkShape(op, shape);
    if (Shapes.size(shape) != n) {
      throw new ShapeException(
          op
              + ": shape "
              + Arrays.toString(shape)
              + " needs "
              + Shapes.size(shape)
              + " elements, data has "
              + n);
    }
  }

  // ---------------------------------------------------------------- accessors

  /**
   * Returns the element type.
   *
   * @return the dtype
   */
  public DType dtype() {
    return dtype;
  }

  /**
   * Returns a copy of the shape.
   *
   * @return the shape
   */
  public int[] shape() {
    return shape.clone();
  }

  /**
   * Returns one dimension.
   *
   * @param axis the axis, negative counting from the end
   * @return its length
   */
  public int dim(int axis) {
    return shape[Shapes.axis("dim", axis, shape.length)];
  }

  /**
   * Returns the number of dimensions.
   *
   * @return the rank; 0 for a scalar
   */
  public int rank() {
    return shape.length;
  }

  /**
   * Returns the number of elements.
   *
   * @return the size
   */
  public int size() {
    return size;
  }

  /**
   * Returns the device holding the data.
   *
   * @return the device
   */
  public Device device() {
    return storage.device();
  }

  /**
   * Returns the memory; for kernel implementations.
   *
   * @return the storage
   */
  public Storage storage() {
    return storage;
  }

  /**
   * Tells whether another tensor has the same shape.
   *
   * @param other the other tensor
   * @return true when the shapes are equal
   */
  public boolean sameShape(Tensor other) {
    return Arrays.equals(shape, other.shape);
  }

  /**
   * Tells whether this tensor has a given shape.
   *
   * @param s the shape
   * @return true when equal
   */
  public boolean hasShape(int... s) {
    return Arrays.equals(shape, s);
  }

  private Kernels k() {
    return storage.device().kernels();
  }

  /**
   * Returns the only element.
   *
   * @return the value
   * @throws IllegalStateException when the tensor has more or fewer than one element
   */
  public double item() {
    if (size != 1) {
      throw new IllegalStateException(
          "item: tensor of shape " + Arrays.toString(shape) + " has " + size + " elements, not 1");
    }
    return k().toDoubleArray(this)[0];
  }

  /**
   * Reads one element.
   *
   * @param index one index per dimension
   * @return the element as a double
   */
  public double get(int... index) {
    if (index.length != shape.length) {
      throw Errors.illegalArgument(
          "get",
          "index",
          Arrays.toString(index)
              + " has "
              + index.length
              + " indices for shape "
              + Arrays.toString(shape));
    }
    int flat = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw Errors.illegalArgument(
            "get",
            "index",
            Arrays.toString(index) + " is out of bounds for shape " + Arrays.toString(shape));
      }
      flat = flat * shape[i] + index[i];
    }
    return getFlat(flat);
  }

  /**
   * Reads one element by its row-major position.
   *
   * @param flatIndex position in {@code [0, size)}
   * @return the element as a double
   */
  public double getFlat(int flatIndex) {
    if (storage instanceof gradgraph.core.device.CpuStorage c) {
      return c.get(flatIndex);
    }
    return toDoubleArray()[flatIndex];
  }

  /**
   * Copies the elements to a new double array.
   *
   * @return the elements, row-major
   */
  public double[] toDoubleArray() {
    return k().toDoubleArray(this);
  }

  /**
   * Copies the elements to a new float array.
   *
   * @return the elements, row-major
   */
  public float[] toFloatArray() {
    return k().toFloatArray(this);
  }

  // ---------------------------------------------------------------- conversion

  /**
   * Converts to another dtype.
   *
   * @param target the dtype
   * @return this tensor when the dtype matches, else a converted copy
   */
  public Tensor to(DType target) {
    return target == dtype ? this : k().cast(this, target);
  }

  /**
   * Copies to another device.
   *
   * @param target the device
   * @return this tensor when already there, else a copy on {@code target}
   */
  public Tensor to(Device target) {
    if (target.equals(device())) {
      return this;
    }
    Kernels dst = target.kernels();
    return dtype == DType.FLOAT32
        ? dst.fromHost(toFloatArray(), shape.clone())
        : dst.fromHost(toDoubleArray(), shape.clone());
  }

  // ---------------------------------------------------------------- math (no graph)

  /**
   * Applies an elementwise function.
   *
   * @param op the function
   * @return the result
   */
  public Tensor map(UnaryOp op) {
    return k().unary(op, this, 0);
  }

  /**
   * Applies a parameterized elementwise function.
   *
   * @param op the function
   * @param alpha its parameter
   * @return the result
   */
  public Tensor map(UnaryOp op, double alpha) {
    return k().unary(op, this, alpha);
  }

  /**
   * Applies a broadcasting binary function.
   *
   * @param op the function
   * @param other the second operand, on the same device
   * @return the result
   */
  public Tensor zip(BinaryOp op, Tensor other) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT);
    checkSameDevice(name, other);
    Shapes.broadcast(name, shape, other.shape);
    return k().binary(op, this, other);
  }

  /**
   * Adds with broadcasting.
   *
   * @param other the addend
   * @return {@code this + other}
   */
  public Tensor add(Tensor other) {
    return zip(BinaryOp.ADD, other);
  }

  /**
   * Subtracts with broadcasting.
   *
   * @param other the subtrahend
   * @return {@code this - other}
   */
  public Tensor sub(Tensor other) {
    return zip(BinaryOp.SUB, other);
  }

  /**
   * Multiplies elementwise with broadcasting.
   *
   * @param other the factor
   * @return {@code this * other}
   */
  public Tensor mul(Tensor other) {
    return zip(BinaryOp.MUL, other);
  }

  /**
   * Divides elementwise with broadcasting.
   *
   * @param other the divisor
   * @return {@code this / other}
   */
  public Tensor div(Tensor other) {
    return zip(BinaryOp.DIV, other);
  }

  /**
   * Multiplies by a scalar.
   *
   * @param s the factor
   * @return {@code this * s}
   */
  public Tensor mul(double s) {
    return map(UnaryOp.MUL_SCALAR, s);
  }

  /**
   * Adds a scalar.
   *
   * @param s the addend
   * @return {@code this + s}
   */
  public Tensor add(double s) {
    return map(UnaryOp.ADD_SCALAR, s);
  }

  /**
   * Reduces by summing over axes.
   *
   * @param keepDims whether reduced axes stay with size 1
   * @param axes the axes, negative counting from the end; none means all
   * @return the sum
   */
  public Tensor sum(boolean keepDims, int... axes) {
    return reduce(ReduceOp.SUM, keepDims, axes);
  }

  /**
   * Sums every element.
   *
   * @return a scalar tensor
   */
  public Tensor sum() {
    return reduce(ReduceOp.SUM, false);
  }

  /**
   * Reduces over axes.
   *
   * @param op the reduction
   * @param keepDims whether reduced axes stay with size 1
   * @param axes the axes; none means all
   * @return the reduced tensor
   */
  public Tensor reduce(ReduceOp op, boolean keepDims, int... axes) {
    String name = op.name().toLowerCase(java.util.Locale.ROOT);
    return k().reduce(op, this, Shapes.axes(name, axes, shape.length), keepDims);
  }

  /**
   * Finds the first index of the maximum along an axis.
   *
   * @param axis the axis, negative counting from the end
   * @return the indices, row-major over the remaining dimensions
   */
  public int[] argMax(int axis) {
    return k().argMax(this, Shapes.axis("argMax", axis, shape.length));
  }

  /**
   * Matrix product (2-D or batched).
   *
   * @param other the right operand
   * @return {@code this · other}
   */
  public Tensor matmul(Tensor other) {
    return matmul(other, false, false);
  }

  /**
   * Matrix product with optionally transposed operands, without copying them.
   *
   * @param other the right operand
   * @param transA use this tensor's transpose (last two dimensions)
   * @param transB use {@code other}'s transpose
   * @return the product
   */
  public Tensor matmul(Tensor other, boolean transA, boolean transB) {
    checkSameDevice("matmul", other);
    matmulShape(shape, other.shape, transA, transB);
    return k().matmul(this, other, transA, transB);
  }

  /**
   * {@code op(this) · op(other) + addend} in one kernel (BLAS's {@code C ← A·B + C}): the product
   * starts from the addend instead of zeros, which saves a pass over the result. The addend
   * broadcasts to the product's shape, e.g. a bias {@code [n]} per column or {@code [m, 1]} per
   * row.
   *
   * @param other the right operand
   * @param transA use this tensor's transpose (last two dimensions)
   * @param transB use {@code other}'s transpose
   * @param addend added to the product
   * @return the sum, with the product's shape
   * @throws ShapeException if the operands do not multiply or the addend does not broadcast to the
   *     product's shape
   */
  public Tensor matmulAdd(Tensor other, boolean transA, boolean transB, Tensor addend) {
    checkSameDevice("matmulAdd", other);
    checkSameDevice("matmulAdd", addend);
    int[] out = matmulShape(shape, other.shape, transA, transB);
    Shapes.checkBroadcastable("matmulAdd", addend.shape, out);
    return k().matmulAdd(this, other, transA, transB, addend);
  }

  /**
   * Computes and checks the shape of a (batched) matrix product.
   *
   * @param a left shape
   * @param b right shape
   * @param transA whether {@code a} is transposed
   * @param transB whether {@code b} is transposed
   * @return the result shape
   */
  public static int[] matmulShape(int[] a, int[] b, boolean transA, boolean transB) {
    if (a.length < 2 || b.length < 2) {
      throw ShapeException.of("matmul", "operands must have rank 2 or more", a, b);
    }
    int m = transA ? a[a.length - 1] : a[a.length - 2];
    int ka = transA ? a[a.length - 2] : a[a.length - 1];
    int kb = transB ? b[b.length - 1] : b[b.length - 2];
    int n = transB ? b[b.length - 2] : b[b.length - 1];
    if (ka != kb) {
      throw ShapeException.of("matmul", "inner dimensions differ", a, b);
    }
    int[] batchA = Arrays.copyOf(a, a.length - 2);
    int[] batchB = Arrays.copyOf(b, b.length - 2);
    int[] batch;
    try {
      batch = Shapes.broadcast("matmul", batchA, batchB);
    } catch (ShapeException e) {
      throw ShapeException.of("matmul", "batch dimensions differ", a, b);
    }
    int[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = m;
    out[batch.length + 1] = n;
    return out;
  }

  /**
   * Returns the same data with another shape (no copy).
   *
   * @param newShape the shape; one entry may be {@code -1}
   * @return the reshaped tensor
   */
  public Tensor reshape(int... newShape) {
    int[] s = Shapes.reshape("reshape", shape, newShape);
    return Arrays.equals(s, shape) ? this : new Tensor(storage, s);
  }

  /**
   * Reorders dimensions (a copy).
   *
   * @param axes a permutation of the axes; empty reverses them
   * @return the permuted tensor
   */
  public Tensor permute(int... axes) {
    return k().permute(this, permutation("permute", axes, shape.length));
  }

  /**
   * Swaps the last two dimensions (a copy); a 1-D tensor is returned as is.
   *
   * @return the transpose
   */
  public Tensor transpose() {
    if (shape.length < 2) {
      return this;
    }
    int[] p = new int[shape.length];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    p[p.length - 2] = p.length - 1;
    p[p.length - 1] = p.length - 2;
    return k().permute(this, p);
  }

  /**
   * Checks and normalizes a permutation; an empty one reverses the axes.
   *
   * @param op the op name for errors
   * @param axes the permutation
   * @param rank the rank
   * @return the normalized permutation
   */
  public static int[] permutation(String op, int[] axes, int rank) {
    int[] p = new int[rank];
    if (axes.length == 0) {
      for (int i = 0; i < rank; i++) {
        p[i] = rank - 1 - i;
      }
      return p;
    }
    if (axes.length != rank) {
      throw Errors.illegalArgument(
          op, "axes", Arrays.toString(axes) + " is not a permutation of " + rank + " axes");
    }
    boolean[] seen = new boolean[rank];
    for (int i = 0; i < rank; i++) {
      int a = Shapes.axis(op, axes[i], rank);
      if (seen[a]) {
        throw Errors.illegalArgument(
            op, "axes", Arrays.toString(axes) + " is not a permutation of " + rank + " axes");
      }
      seen[a] = true;
      p[i] = a;
    }
    return p;
  }

  /**
   * Repeats along size-1 or missing leading dimensions.
   *
   * @param target the shape to broadcast to
   * @return the broadcast tensor (a copy unless the shape already matches)
   */
  public Tensor broadcastTo(int... target) {
    if (Arrays.equals(target, shape)) {
      return this;
    }
    Shapes.checkBroadcastable("broadcastTo", shape, target);
    return k().broadcastTo(this, target.clone());
  }

  /**
   * Sums over the dimensions that broadcasting would have added, giving {@code target} (the adjoint
   * of {@link #broadcastTo}).
   *
   * @param target a shape that broadcasts to this tensor's shape
   * @return the reduced tensor
   */
  public Tensor sumTo(int... target) {
    if (Arrays.equals(target, shape)) {
      return this;
    }
    Shapes.checkBroadcastable("sumTo", target, shape);
    int lead = shape.length - target.length;
    int[] axes = new int[shape.length];
    int n = 0;
    for (int i = 0; i < shape.length; i++) {
      if (i < lead || (target[i - lead] == 1 && shape[i] != 1)) {
        axes[n++] = i;
      }
    }
    Tensor s = k().reduce(ReduceOp.SUM, this, Arrays.copyOf(axes, n), true);
    return s.reshape(target);
  }

  private void checkSameDevice(String op, Tensor other) {
    if (!device().equals(other.device())) {
      throw new IllegalArgumentException(
          op
              + ": operands are on different devices: "
              + device()
              + " and "
              + other.device()
              + "; move one with .to(device)");
    }
  }

  // ---------------------------------------------------------------- comparison and text

  /**
   * Tells whether two tensors have the same shape and elementwise {@code |a − b| ≤ atol + rtol ·
   * |b|} (NumPy's {@code allclose}); NaNs are never close.
   *
   * @param other the expected tensor
   * @param rtol relative tolerance
   * @param atol absolute tolerance
   * @return whether they are close
   */
  public boolean allClose(Tensor other, double rtol, double atol) {
    if (!sameShape(other)) {
      return false;
    }
    double[] a = toDoubleArray();
    double[] b = other.toDoubleArray();
    for (int i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i] - b[i]) <= atol + rtol * Math.abs(b[i]))) {
        if (a[i] != b[i]) { // equal infinities are close
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Prints like NumPy: nested brackets, summarized with {@code ...} beyond 1000 elements, with the
   * shape, dtype and device when they are not obvious.
   *
   * @return the text form
   */
  @Override
  public String toString() {
    String body = TensorFormat.format(this); // "tensor(...)": the extras go inside the parentheses
    return body.substring(0, body.length() - 1)
        + (dtype == DType.FLOAT64 ? "" : ", dtype=float32")
        + (device().equals(Device.CPU) ? "" : ", device=" + device())
        + ")";
  }
}
