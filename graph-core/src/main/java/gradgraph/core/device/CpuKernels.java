package gradgraph.core.device;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Kernels for tensors in heap arrays. Elementwise kernels have typed loops for FLOAT32 and FLOAT64;
 * movement kernels compute a source-index map once and gather with it; the rest work on double
 * copies and convert back. Matrix products live in {@link CpuGemm}, convolution and pooling in
 * {@link CpuConv}.
 */
public final class CpuKernels implements Kernels {
  /** The one instance. */
  public static final CpuKernels INSTANCE = new CpuKernels();

  private CpuKernels() {}

  @Override
  public Device device() {
    return Device.CPU;
  }

  static float[] f(Tensor t) {
    return ((CpuStorage) t.storage()).floats();
  }

  static double[] d(Tensor t) {
    return ((CpuStorage) t.storage()).doubles();
  }

  static Tensor wrap(float[] data, int[] shape) {
    return new Tensor(CpuStorage.of(data), shape);
  }

  static Tensor wrap(double[] data, int[] shape) {
    return new Tensor(CpuStorage.of(data), shape);
  }

  /** Wraps a double result as a tensor of {@code dtype}, converting when FLOAT32. */
  static Tensor wrap(double[] data, int[] shape, DType dtype) {
    if (dtype == DType.FLOAT64) {
      return wrap(data, shape);
    }
    float[] out = new float[data.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) data[i];
    }
    return wrap(out, shape);
  }

  /** The elements as doubles: the array itself for FLOAT64 (do not modify), a copy otherwise. */
  static double[] doubles(Tensor t) {
    if (t.dtype() == DType.FLOAT64) {
      return d(t);
    }
    float[] s = f(t);
    double[] out = new double[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = s[i];
    }
    return out;
  }

  @Override
  public Tensor fromHost(float[] data, int[] shape) {
    return wrap(data, shape);
  }

  @Override
  public Tensor fromHost(double[] data, int[] shape) {
    return wrap(data, shape);
  }

  @Override
  public double[] toDoubleArray(Tensor x) {
    return x.dtype() == DType.FLOAT64 ? d(x).clone() : doubles(x);
  }

  @Override
  public float[] toFloatArray(Tensor x) {
    if (x.dtype() == DType.FLOAT32) {
      return f(x).clone();
    }
    double[] s = d(x);
    float[] out = new float[s.length];
    for (int i = 0; i < s.length; i++) {
      out[i] = (float) s[i];
    }
    return out;
  }

  @Override
  public Tensor full(DType dtype, int[] shape, double value) {
    int n = Shapes.size(shape);
    if (dtype == DType.FLOAT32) {
      float[] a = new float[n];
      if (value != 0) {
        Arrays.fill(a, (float) value);
      }
      return wrap(a, shape);
    }
    double[] a = new double[n];
    if (value != 0) {
      Arrays.fill(a, value);
    }
    return wrap(a, shape);
  }

  @Override
  public Tensor random(
      RandomKind kind, DType dtype, int[] shape, double a, double b, RandomGenerator rng) {
    double[] out = new double[Shapes.size(shape)];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (kind) {
            case NORMAL -> a + b * rng.nextGaussian();
            case UNIFORM -> a + (b - a) * rng.nextDouble();
            case BERNOULLI -> rng.nextDouble() < a ? 1.0 : 0.0;
          };
    }
    return wrap(out, shape, dtype);
  }

  @Override
  public Tensor cast(Tensor x, DType dtype) {
    if (x.dtype() == dtype) {
      return x;
    }
    return dtype == DType.FLOAT64 ? wrap(doubles(x), x.shape()) : wrap(toFloatArray(x), x.shape());
  }

  // ------------------------------------------------------------------ elementwise

  static double apply(UnaryOp op, double x, double alpha) {
    return switch (op) {
      case NEG -> -x;
      case EXP -> Math.exp(x);
      case LOG -> Math.log(x);
      case SQRT -> Math.sqrt(x);
      case ABS -> Math.abs(x);
      case SIGN -> Math.signum(x);
      case SQUARE -> x * x;
      case RECIPROCAL -> 1.0 / x;
      case SIN -> Math.sin(x);
      case COS -> Math.cos(x);
      case TANH -> Math.tanh(x);
      case SIGMOID -> x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
      case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
      case RELU -> x > 0 ? x : 0.0;
      case GT_SCALAR -> x > alpha ? 1.0 : 0.0;
      case LT_SCALAR -> x < alpha ? 1.0 : 0.0;
      case LEAKY_RELU -> x > 0 ? x : alpha * x;
      case LEAKY_STEP -> x > 0 ? 1.0 : alpha;
      case POW -> pow(x, alpha);
      case ADD_SCALAR -> x + alpha;
      case MUL_SCALAR -> x * alpha;
      case MAX_SCALAR -> Math.max(x, alpha);
      case MIN_SCALAR -> Math.min(x, alpha);
    };
  }

  private static double pow(double x, double p) {
    if (p == 2) {
      return x * x;
    }
    if (p == 1) {
      return x;
    }
    if (p == 0) {
      return 1;
    }
    return Math.pow(x, p);
  }

  static double apply(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case POW -> pow(a, b);
      case MAXIMUM -> Math.max(a, b);
      case MINIMUM -> Math.min(a, b);
      case GT -> a > b ? 1.0 : 0.0;
      case GE -> a >= b ? 1.0 : 0.0;
      case EQ -> a == b ? 1.0 : 0.0;
    };
  }

  @Override
  public Tensor unary(UnaryOp op, Tensor x, double alpha) {
    int n = x.size();
    if (x.dtype() == DType.FLOAT32) {
      float[] a = f(x);
      float[] out = new float[n];
      if (n < PARALLEL_ELEMENTS || ComputePool.threads() <= 1) {
        unary(op, a, out, 0, n, alpha);
      } else {
        elementwise(n, (from, to) -> unary(op, a, out, from, to, alpha));
      }
      return wrap(out, x.shape());
    }
    double[] a = d(x);
    double[] out = new double[n];
    if (n < PARALLEL_ELEMENTS || ComputePool.threads() <= 1) {
      unary(op, a, out, 0, n, alpha);
    } else {
      elementwise(n, (from, to) -> unary(op, a, out, from, to, alpha));
    }
    return wrap(out, x.shape());
  }

  /** From this many elements on, an elementwise kernel is split over the compute pool. */
  static final int PARALLEL_ELEMENTS = 1 << 17;

  /** Computes the elements {@code [from, to)}. */
  private interface Range {
    void run(int from, int to);
  }

  /** Runs {@code body} over {@code [0, n)} cut into one range per thread. */
  private static void elementwise(int n, Range body) {
    int threads = ComputePool.threads();
    int[] at = ComputePool.split(n, threads, 1024);
    ComputePool.run(threads, t -> body.run(at[t], at[t + 1]));
  }

  private static void unary(UnaryOp op, float[] a, float[] out, int from, int to, double alpha) {
    switch (op) {
      // x > 0 ? x : +0, vectorized (a branch mispredicts half the time on random values)
      case RELU -> Lanes.INSTANCE.relu(a, out, from, to);
      case MUL_SCALAR -> {
        float s = (float) alpha;
        for (int i = from; i < to; i++) {
          out[i] = a[i] * s;
        }
      }
      case ADD_SCALAR -> {
        float s = (float) alpha;
        for (int i = from; i < to; i++) {
          out[i] = a[i] + s;
        }
      }
      case GT_SCALAR -> {
        for (int i = from; i < to; i++) {
          out[i] = a[i] > alpha ? 1f : 0f;
        }
      }
      // the same expressions as apply(), with the switch hoisted out of the loop
      case NEG -> {
        for (int i = from; i < to; i++) {
          out[i] = -a[i];
        }
      }
      case SQUARE -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) ((double) a[i] * a[i]);
        }
      }
      case SQRT -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) Math.sqrt(a[i]);
        }
      }
      case EXP -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) Math.exp(a[i]);
        }
      }
      case LOG -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) Math.log(a[i]);
        }
      }
      case RECIPROCAL -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) (1.0 / a[i]);
        }
      }
      default -> {
        for (int i = from; i < to; i++) {
          out[i] = (float) apply(op, a[i], alpha);
        }
      }
    }
  }

  private static void unary(UnaryOp op, double[] a, double[] out, int from, int to, double alpha) {
    switch (op) {
      case RELU -> {
        for (int i = from; i < to; i++) {
          double v = a[i];
          double m = Math.max(v, 0.0);
          out[i] = v != v ? 0.0 : m;
        }
      }
      case MUL_SCALAR -> {
        for (int i = from; i < to; i++) {
          out[i] = a[i] * alpha;
        }
      }
      case ADD_SCALAR -> {
        for (int i = from; i < to; i++) {
          out[i] = a[i] + alpha;
        }
      }
      case NEG -> {
        for (int i = from; i < to; i++) {
          out[i] = -a[i];
        }
      }
      case SQUARE -> {
        for (int i = from; i < to; i++) {
          out[i] = a[i] * a[i];
        }
      }
      case SQRT -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.sqrt(a[i]);
        }
      }
      case EXP -> {
        for (int i = from; i < to; i++) {
          out[i] = Math.exp(a[i]);
        }
      }
      default -> {
        for (int i = from; i < to; i++) {
          out[i] = apply(op, a[i], alpha);
        }
      }
    }
  }

  private static final String[] BINARY_NAMES = new String[BinaryOp.values().length];

  static {
    for (BinaryOp op : BinaryOp.values()) {
      BINARY_NAMES[op.ordinal()] = op.name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  @Override
  public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
    DType dt = DType.promote(a.dtype(), b.dtype());
    a = cast(a, dt);
    b = cast(b, dt);
    // the caller checked that the shapes broadcast; equal shapes (the common case) skip the work
    boolean flat = a.sameShape(b);
    int[] shape =
        flat ? a.shape() : Shapes.broadcast(BINARY_NAMES[op.ordinal()], a.shape(), b.shape());
    int n = flat ? a.size() : Shapes.size(shape);
    int rank = shape.length;
    flat = flat || (a.hasShape(shape) && b.hasShape(shape));
    int[] sa = flat ? null : Shapes.broadcastStrides(a.shape(), shape);
    int[] sb = flat ? null : Shapes.broadcastStrides(b.shape(), shape);
    int inner = rank == 0 ? 1 : shape[rank - 1];
    if (dt == DType.FLOAT32) {
      float[] x = f(a);
      float[] y = f(b);
      float[] out = new float[n];
      if (flat && (n < PARALLEL_ELEMENTS || ComputePool.threads() <= 1)) {
        binaryFlat(op, x, 0, 1, y, 0, 1, out, 0, n);
      } else if (flat) {
        elementwise(n, (from, to) -> binaryFlat(op, x, from, 1, y, from, 1, out, from, to - from));
      } else if (n > 0) {
        int[] idx = new int[rank];
        int oa = 0;
        int ob = 0;
        int ia = rank == 0 ? 0 : sa[rank - 1];
        int ib = rank == 0 ? 0 : sb[rank - 1];
        for (int o = 0; o < n; o += inner) {
          binaryFlat(op, x, oa, ia, y, ob, ib, out, o, inner);
          for (int dim = rank - 2; dim >= 0; dim--) {
            idx[dim]++;
            oa += sa[dim];
            ob += sb[dim];
            if (idx[dim] < shape[dim]) {
              break;
            }
            oa -= sa[dim] * shape[dim];
            ob -= sb[dim] * shape[dim];
            idx[dim] = 0;
          }
        }
      }
      return wrap(out, shape);
    }
    double[] x = d(a);
    double[] y = d(b);
    double[] out = new double[n];
    if (flat && (n < PARALLEL_ELEMENTS || ComputePool.threads() <= 1)) {
      binaryFlat(op, x, 0, 1, y, 0, 1, out, 0, n);
    } else if (flat) {
      elementwise(n, (from, to) -> binaryFlat(op, x, from, 1, y, from, 1, out, from, to - from));
    } else if (n > 0) {
      int[] idx = new int[rank];
      int oa = 0;
      int ob = 0;
      int ia = rank == 0 ? 0 : sa[rank - 1];
      int ib = rank == 0 ? 0 : sb[rank - 1];
      for (int o = 0; o < n; o += inner) {
        binaryFlat(op, x, oa, ia, y, ob, ib, out, o, inner);
        for (int dim = rank - 2; dim >= 0; dim--) {
          idx[dim]++;
          oa += sa[dim];
          ob += sb[dim];
          if (idx[dim] < shape[dim]) {
            break;
          }
          oa -= sa[dim] * shape[dim];
          ob -= sb[dim] * shape[dim];
          idx[dim] = 0;
        }
      }
    }
    return wrap(out, shape);
  }

  // out[o + j] = op(x[oa + j*ia], y[ob + j*ib]) for j < n; strides ia, ib are 0 or 1.
  private static void binaryFlat(
      BinaryOp op,
      float[] x,
      int oa,
      int ia,
      float[] y,
      int ob,
      int ib,
      float[] out,
      int o,
      int n) {
    if (op == BinaryOp.ADD && ia == 1 && ib == 1) {
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] + y[ob + j];
      }
    } else if (op == BinaryOp.MUL && ia == 1 && ib == 1) {
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] * y[ob + j];
      }
    } else if (op == BinaryOp.ADD && ia == 1 && ib == 0) {
      float c = y[ob];
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] + c;
      }
    } else if (op == BinaryOp.MUL && ia == 1 && ib == 0) {
      float c = y[ob];
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] * c;
      }
    } else if (op == BinaryOp.SUB && ia == 1 && ib == 1) {
      // float +, -, *, / round exactly as the double operation rounded to float would
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] - y[ob + j];
      }
    } else if (op == BinaryOp.DIV && ia == 1 && ib == 1) {
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] / y[ob + j];
      }
    } else if (op == BinaryOp.SUB && ia == 1 && ib == 0) {
      float c = y[ob];
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] - c;
      }
    } else if (op == BinaryOp.DIV && ia == 1 && ib == 0) {
      float c = y[ob];
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] / c;
      }
    } else {
      for (int j = 0; j < n; j++) {
        out[o + j] = (float) apply(op, x[oa + j * ia], y[ob + j * ib]);
      }
    }
  }

  private static void binaryFlat(
      BinaryOp op,
      double[] x,
      int oa,
      int ia,
      double[] y,
      int ob,
      int ib,
      double[] out,
      int o,
      int n) {
    if (ia == 1 && ib == 1 && op == BinaryOp.ADD) {
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] + y[ob + j];
      }
    } else if (ia == 1 && ib == 1 && op == BinaryOp.SUB) {
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] - y[ob + j];
      }
    } else if (ia == 1 && ib == 1 && op == BinaryOp.MUL) {
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] * y[ob + j];
      }
    } else if (ia == 1 && ib == 1 && op == BinaryOp.DIV) {
      for (int j = 0; j < n; j++) {
        out[o + j] = x[oa + j] / y[ob + j];
      }
    } else {
      for (int j = 0; j < n; j++) {
        out[o + j] = apply(op, x[oa + j * ia], y[ob + j * ib]);
      }
    }
  }

  // ------------------------------------------------------------------ reductions

  @Override
  public Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
    int[] shape = x.shape();
    int[] outShape = Shapes.reduced(shape, axes, keepDims);
    int[] keptShape = Shapes.reduced(shape, axes, true);
    // strides into the accumulator: 0 along reduced axes; walked with an odometer, no index map
    int[] ks = Shapes.broadcastStrides(keptShape, shape);
    double init =
        switch (op) {
          case SUM -> 0.0;
          case MAX -> Double.NEGATIVE_INFINITY;
          case MIN -> Double.POSITIVE_INFINITY;
        };
    double[] acc = new double[Shapes.size(keptShape)];
    if (init != 0) {
      Arrays.fill(acc, init);
    }
    int n = x.size();
    int rank = shape.length;
    int inner = rank == 0 ? 1 : shape[rank - 1];
    int iks = rank == 0 ? 0 : ks[rank - 1];
    int[] idx = new int[rank];
    boolean sum = op == ReduceOp.SUM;
    float[] fa = x.dtype() == DType.FLOAT32 ? f(x) : null;
    double[] da = fa == null ? d(x) : null;
    int off = 0;
    for (int i = 0; i < n; i += inner) {
      if (iks == 0) {
        double s = acc[off];
        if (sum && fa != null) {
          s += sumRun(fa, i, inner);
        } else if (sum) {
          s += sumRun(da, i, inner);
        } else {
          for (int j = 0; j < inner; j++) {
            s = combine(op, s, fa != null ? fa[i + j] : da[i + j]);
          }
        }
        acc[off] = s;
      } else if (sum && fa != null) {
        for (int j = 0; j < inner; j++) {
          acc[off + j] += fa[i + j];
        }
      } else if (sum) {
        for (int j = 0; j < inner; j++) {
          acc[off + j] += da[i + j];
        }
      } else {
        for (int j = 0; j < inner; j++) {
          acc[off + j] = combine(op, acc[off + j], fa != null ? fa[i + j] : da[i + j]);
        }
      }
      for (int dim = rank - 2; dim >= 0; dim--) {
        off += ks[dim];
        if (++idx[dim] < shape[dim]) {
          break;
        }
        off -= ks[dim] * shape[dim];
        idx[dim] = 0;
      }
    }
    return wrap(acc, outShape, x.dtype());
  }

  /**
   * The sum of {@code a[from, from + n)} in double, with four partial sums so that the additions do
   * not wait on each other (a single running sum is bound by the adder's latency).
   */
  static double sumRun(float[] a, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += a[from + j];
      s1 += a[from + j + 1];
      s2 += a[from + j + 2];
      s3 += a[from + j + 3];
    }
    for (; j < n; j++) {
      s0 += a[from + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  /** The FLOAT64 twin of the method above. */
  static double sumRun(double[] a, int from, int n) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int j = 0;
    for (; j + 3 < n; j += 4) {
      s0 += a[from + j];
      s1 += a[from + j + 1];
      s2 += a[from + j + 2];
      s3 += a[from + j + 3];
    }
    for (; j < n; j++) {
      s0 += a[from + j];
    }
    return (s0 + s1) + (s2 + s3);
  }

  private static double combine(ReduceOp op, double acc, double v) {
    return switch (op) {
      case SUM -> acc + v;
      case MAX -> v > acc || Double.isNaN(v) ? v : acc;
      case MIN -> v < acc || Double.isNaN(v) ? v : acc;
    };
  }

  /** Walks {@code shape} row-major and returns the offset {@code sum(idx[d] * strides[d])}. */
  static int[] offsets(int[] shape, int[] strides, int n) {
    int[] map = new int[n];
    int rank = shape.length;
    int[] idx = new int[rank];
    int off = 0;
    for (int i = 0; i < n; i++) {
      map[i] = off;
      for (int dim = rank - 1; dim >= 0; dim--) {
        idx[dim]++;
        off += strides[dim];
        if (idx[dim] < shape[dim]) {
          break;
        }
        off -= strides[dim] * shape[dim];
        idx[dim] = 0;
      }
    }
    return map;
  }

  @Override
  public int[] argMax(Tensor x, int axis) {
    int[] shape = x.shape();
    int len = shape[axis];
    int inner = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int outer = x.size() / Math.max(1, len * inner);
    if (len == 0) {
      throw new IllegalArgumentException("argMax: axis " + axis + " has length 0");
    }
    double[] a = doubles(x);
    int[] out = new int[outer * inner];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int best = 0;
        double bv = a[o * len * inner + i];
        for (int k = 1; k < len; k++) {
          double v = a[(o * len + k) * inner + i];
          if (v > bv) {
            bv = v;
            best = k;
          }
        }
        out[o * inner + i] = best;
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ matmul

  @Override
  public Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB) {
    return CpuGemm.matmul(a, b, transA, transB, null);
  }

  @Override
  public Tensor matmulAdd(Tensor a, Tensor b, boolean transA, boolean transB, Tensor c) {
    return CpuGemm.matmul(a, b, transA, transB, c);
  }

  // ------------------------------------------------------------------ movement

  /** {@code out[i] = x[map[i]]}, typed. */
  static Tensor gather(Tensor x, int[] map, int[] shape) {
    if (x.dtype() == DType.FLOAT32) {
      float[] a = f(x);
      float[] out = new float[map.length];
      for (int i = 0; i < map.length; i++) {
        out[i] = a[map[i]];
      }
      return wrap(out, shape);
    }
    double[] a = d(x);
    double[] out = new double[map.length];
    for (int i = 0; i < map.length; i++) {
      out[i] = a[map[i]];
    }
    return wrap(out, shape);
  }

  /** A zero tensor of {@code shape} with {@code out[map[i]] += x[i]}, typed. */
  static Tensor scatterAdd(Tensor x, int[] map, int[] shape) {
    int n = Shapes.size(shape);
    if (x.dtype() == DType.FLOAT32) {
      float[] a = f(x);
      float[] out = new float[n];
      for (int i = 0; i < map.length; i++) {
        out[map[i]] += a[i];
      }
      return wrap(out, shape);
    }
    double[] a = d(x);
    double[] out = new double[n];
    for (int i = 0; i < map.length; i++) {
      out[map[i]] += a[i];
    }
    return wrap(out, shape);
  }

  /**
   * {@code out[i] = x[base + Σ idx[d]·strides[d]]} over {@code shape} row-major, typed: an odometer
   * over the outer dimensions and a strided inner loop, with no index map allocated.
   */
  static Tensor strided(Tensor x, int[] shape, int[] strides, int base) {
    int n = Shapes.size(shape);
    int rank = shape.length;
    int inner = rank == 0 ? 1 : shape[rank - 1];
    int is = rank == 0 ? 0 : strides[rank - 1];
    int[] idx = new int[rank];
    if (x.dtype() == DType.FLOAT32) {
      float[] a = f(x);
      float[] out = new float[n];
      int off = base;
      for (int o = 0; o < n; o += inner) {
        if (is == 1) {
          System.arraycopy(a, off, out, o, inner);
        } else {
          for (int j = 0; j < inner; j++) {
            out[o + j] = a[off + j * is];
          }
        }
        for (int dim = rank - 2; dim >= 0; dim--) {
          off += strides[dim];
          if (++idx[dim] < shape[dim]) {
            break;
          }
          off -= strides[dim] * shape[dim];
          idx[dim] = 0;
        }
      }
      return wrap(out, shape);
    }
    double[] a = d(x);
    double[] out = new double[n];
    int off = base;
    for (int o = 0; o < n; o += inner) {
      if (is == 1) {
        System.arraycopy(a, off, out, o, inner);
      } else {
        for (int j = 0; j < inner; j++) {
          out[o + j] = a[off + j * is];
        }
      }
      for (int dim = rank - 2; dim >= 0; dim--) {
        off += strides[dim];
        if (++idx[dim] < shape[dim]) {
          break;
        }
        off -= strides[dim] * shape[dim];
        idx[dim] = 0;
      }
    }
    return wrap(out, shape);
  }

  @Override
  public Tensor reluBackward(Tensor x, Tensor gy) {
    if (x.dtype() != gy.dtype() || !x.sameShape(gy)) {
      return Kernels.super.reluBackward(x, gy);
    }
    int n = x.size();
    // gy · [x > 0] exactly as the two-kernel form computes it (a NaN or infinite gy stays NaN)
    if (x.dtype() == DType.FLOAT32) {
      float[] a = f(x);
      float[] g = f(gy);
      float[] out = new float[n];
      if (n < PARALLEL_ELEMENTS) {
        Lanes.INSTANCE.reluBackward(a, g, out, 0, n);
      } else {
        elementwise(n, (from, to) -> Lanes.INSTANCE.reluBackward(a, g, out, from, to));
      }
      return wrap(out, gy.shape());
    }
    double[] a = d(x);
    double[] g = d(gy);
    double[] out = new double[n];
    Range r =
        (from, to) -> {
          for (int i = from; i < to; i++) {
            out[i] = g[i] * (a[i] > 0 ? 1.0 : 0.0);
          }
        };
    if (n < PARALLEL_ELEMENTS) {
      r.run(0, n);
    } else {
      elementwise(n, r);
    }
    return wrap(out, gy.shape());
  }

  @Override
  public Tensor permute(Tensor x, int[] axes) {
    int[] in = x.shape();
    int[] inStrides = Shapes.strides(in);
    int[] shape = new int[axes.length];
    int[] strides = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      shape[i] = in[axes[i]];
      strides[i] = inStrides[axes[i]];
    }
    if (x.size() >= 4096 && axes.length >= 2) {
      // a batch of 2-D transposes once neighbouring axes are merged, e.g. a convolution's (N, OH,
      // OW, FN) → (N, FN, OH, OW) is N transposes of [OH·OW, FN]: blocked, cache friendly
      int[] merged = batchedTransposeShape(in, axes);
      if (merged != null) {
        return transposeLastTwo(x, merged).reshape(shape);
      }
    }
    return strided(x, shape, strides, 0);
  }

  /**
   * Merges input axes that stay neighbours under {@code axes}; when what is left swaps its last two
   * merged axes and keeps the others in place, returns the merged output shape, else null.
   */
  static int[] batchedTransposeShape(int[] in, int[] axes) {
    int r = axes.length;
    int[] start = new int[r];
    int[] size = new int[r];
    int g = 0;
    for (int i = 0; i < r; i++) {
      if (i > 0 && axes[i] == axes[i - 1] + 1) {
        size[g - 1] *= in[axes[i]];
      } else {
        start[g] = axes[i];
        size[g] = in[axes[i]];
        g++;
      }
    }
    if (g < 2) {
      return null;
    }
    // rank of each output group among the groups in input order
    for (int j = 0; j < g; j++) {
      int rank = 0;
      for (int k = 0; k < g; k++) {
        rank += start[k] < start[j] ? 1 : 0;
      }
      int want = j < g - 2 ? j : j == g - 2 ? g - 1 : g - 2;
      if (rank != want) {
        return null;
      }
    }
    return Arrays.copyOf(size, g);
  }

  // out[b, j, i] = x[b, i, j] for x [batch, rows, cols], in 32 x 32 tiles
  private static Tensor transposeLastTwo(Tensor x, int[] outShape) {
    int r = outShape.length;
    int rows = outShape[r - 1];
    int cols = outShape[r - 2];
    int plane = rows * cols;
    int batch = plane == 0 ? 0 : x.size() / plane;
    if (x.dtype() == DType.FLOAT32) {
      float[] a = f(x);
      float[] out = new float[a.length];
      for (int b = 0; b < batch; b++) {
        int o = b * plane;
        for (int i0 = 0; i0 < rows; i0 += 32) {
          int i1 = Math.min(rows, i0 + 32);
          for (int j0 = 0; j0 < cols; j0 += 32) {
            int j1 = Math.min(cols, j0 + 32);
            for (int i = i0; i < i1; i++) {
              for (int j = j0; j < j1; j++) {
                out[o + j * rows + i] = a[o + i * cols + j];
              }
            }
          }
        }
      }
      return wrap(out, outShape);
    }
    double[] a = d(x);
    double[] out = new double[a.length];
    for (int b = 0; b < batch; b++) {
      int o = b * plane;
      for (int i0 = 0; i0 < rows; i0 += 32) {
        int i1 = Math.min(rows, i0 + 32);
        for (int j0 = 0; j0 < cols; j0 += 32) {
          int j1 = Math.min(cols, j0 + 32);
          for (int i = i0; i < i1; i++) {
            for (int j = j0; j < j1; j++) {
              out[o + j * rows + i] = a[o + i * cols + j];
            }
          }
        }
      }
    }
    return wrap(out, outShape);
  }

  @Override
  public Tensor broadcastTo(Tensor x, int[] shape) {
    return strided(x, shape.clone(), Shapes.broadcastStrides(x.shape(), shape), 0);
  }

  private static int[] boxMap(int[] full, int[] begin, int[] end) {
    int[] shape = new int[full.length];
    int base = 0;
    int[] strides = Shapes.strides(full);
    for (int i = 0; i < full.length; i++) {
      shape[i] = end[i] - begin[i];
      base += begin[i] * strides[i];
    }
    int[] map = offsets(shape, strides, Shapes.size(shape));
    for (int i = 0; i < map.length; i++) {
      map[i] += base;
    }
    return map;
  }

  @Override
  public Tensor slice(Tensor x, int[] begin, int[] end) {
    int[] full = x.shape();
    int[] strides = Shapes.strides(full);
    int[] shape = new int[begin.length];
    int base = 0;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = end[i] - begin[i];
      base += begin[i] * strides[i];
    }
    return strided(x, shape, strides, base);
  }

  @Override
  public Tensor pad(Tensor x, int[] shape, int[] begin) {
    int[] s = x.shape();
    int[] end = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      end[i] = begin[i] + s[i];
    }
    return scatterAdd(x, boxMap(shape, begin, end), shape.clone());
  }

  @Override
  public Tensor concat(Tensor[] xs, int axis) {
    int[] shape = xs[0].shape();
    int total = 0;
    for (Tensor t : xs) {
      total += t.dim(axis);
    }
    shape[axis] = total;
    DType dt = xs[0].dtype();
    Tensor out = full(dt, shape, 0);
    int at = 0;
    int[] begin = new int[shape.length];
    for (Tensor t : xs) {
      begin[axis] = at;
      int[] s = t.shape();
      int[] end = begin.clone();
      for (int i = 0; i < s.length; i++) {
        end[i] += s[i];
      }
      int[] map = boxMap(shape, begin, end);
      if (dt == DType.FLOAT32) {
        float[] src = f(cast(t, dt));
        float[] dst = f(out);
        for (int i = 0; i < map.length; i++) {
          dst[map[i]] = src[i];
        }
      } else {
        double[] src = d(cast(t, dt));
        double[] dst = d(out);
        for (int i = 0; i < map.length; i++) {
          dst[map[i]] = src[i];
        }
      }
      at += t.dim(axis);
    }
    return out;
  }

  private static int[] indexMap(int[] full, int axis, int[] index) {
    int inner = 1;
    for (int i = axis + 1; i < full.length; i++) {
      inner *= full[i];
    }
    int outer = 1;
    for (int i = 0; i < axis; i++) {
      outer *= full[i];
    }
    int len = full[axis];
    int[] map = new int[outer * index.length * inner];
    int m = 0;
    for (int o = 0; o < outer; o++) {
      for (int j : index) {
        int base = (o * len + j) * inner;
        for (int i = 0; i < inner; i++) {
          map[m++] = base + i;
        }
      }
    }
    return map;
  }

  @Override
  public Tensor indexSelect(Tensor x, int axis, int[] index) {
    int[] shape = x.shape();
    int[] map = indexMap(shape, axis, index);
    shape[axis] = index.length;
    return gather(x, map, shape);
  }

  @Override
  public Tensor indexAdd(Tensor x, int[] shape, int axis, int[] index) {
    return scatterAdd(x, indexMap(shape, axis, index), shape.clone());
  }

  @Override
  public Tensor softmax(Tensor x, int axis, boolean log) {
    int[] shape = x.shape();
    int len = shape[axis];
    int inner = 1;
    for (int i = axis + 1; i < shape.length; i++) {
      inner *= shape[i];
    }
    int outer = len * inner == 0 ? 0 : x.size() / (len * inner);
    double[] a = doubles(x);
    double[] out = new double[a.length];
    for (int o = 0; o < outer; o++) {
      for (int i = 0; i < inner; i++) {
        int base = o * len * inner + i;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < len; k++) {
          max = Math.max(max, a[base + k * inner]);
        }
        double sum = 0;
        for (int k = 0; k < len; k++) {
          double e = Math.exp(a[base + k * inner] - max);
          out[base + k * inner] = e;
          sum += e;
        }
        double logSum = Math.log(sum);
        for (int k = 0; k < len; k++) {
          int p = base + k * inner;
          out[p] = log ? a[p] - max - logSum : out[p] / sum;
        }
      }
    }
    return wrap(out, shape, x.dtype());
  }

  @Override
  public Tensor[] lstmCell(Tensor z, Tensor c) {
    int[] hs = lstmStateShape(z);
    if (hs == null || !lstmFits(z, hs, c)) {
      return Kernels.super.lstmCell(z, c);
    }
    int n = hs[0];
    int h = hs[1];
    double[] a = doubles(z);
    double[] cp = c == null ? null : doubles(c);
    double[] gates = new double[a.length];
    double[] c2 = new double[n * h];
    double[] h2 = new double[n * h];
    // one pass in double, the gates stored as the dtype rounds them (the backward reads those)
    boolean f32 = z.dtype() == DType.FLOAT32;
    for (int r = 0; r < n; r++) {
      int zb = r * 4 * h;
      int sb = r * h;
      for (int j = 0; j < h; j++) {
        double i = round(sigmoid(a[zb + j]), f32);
        double f = round(sigmoid(a[zb + h + j]), f32);
        double g = round(Math.tanh(a[zb + 2 * h + j]), f32);
        double o = round(sigmoid(a[zb + 3 * h + j]), f32);
        gates[zb + j] = i;
        gates[zb + h + j] = f;
        gates[zb + 2 * h + j] = g;
        gates[zb + 3 * h + j] = o;
        double cv = round(cp == null ? i * g : f * cp[sb + j] + i * g, f32);
        c2[sb + j] = cv;
        h2[sb + j] = o * Math.tanh(cv);
      }
    }
    DType dt = z.dtype();
    return new Tensor[] {wrap(gates, z.shape(), dt), wrap(c2, hs, dt), wrap(h2, hs, dt)};
  }

  @Override
  public Tensor[] lstmCellBackward(Tensor gates, Tensor c, Tensor c2, Tensor dh, Tensor dc) {
    int[] hs = lstmStateShape(gates);
    if (hs == null
        || !lstmFits(gates, hs, c)
        || !lstmFits(gates, hs, c2)
        || !lstmFits(gates, hs, dh)
        || !lstmFits(gates, hs, dc)
        || c2 == null
        || dh == null) {
      return Kernels.super.lstmCellBackward(gates, c, c2, dh, dc);
    }
    int n = hs[0];
    int h = hs[1];
    double[] a = doubles(gates);
    double[] cp = c == null ? null : doubles(c);
    double[] cn = doubles(c2);
    double[] gh = doubles(dh);
    double[] gc = dc == null ? null : doubles(dc);
    double[] dz = new double[a.length];
    double[] dcp = new double[n * h];
    for (int r = 0; r < n; r++) {
      int zb = r * 4 * h;
      int sb = r * h;
      for (int j = 0; j < h; j++) {
        double i = a[zb + j];
        double f = a[zb + h + j];
        double g = a[zb + 2 * h + j];
        double o = a[zb + 3 * h + j];
        double tc = Math.tanh(cn[sb + j]);
        double d = gh[sb + j];
        double dct = d * o * (1 - tc * tc) + (gc == null ? 0 : gc[sb + j]);
        dz[zb + j] = dct * g * (i * (1 - i));
        dz[zb + h + j] = cp == null ? 0 : dct * cp[sb + j] * (f * (1 - f));
        dz[zb + 2 * h + j] = dct * i * (1 - g * g);
        dz[zb + 3 * h + j] = d * tc * (o * (1 - o));
        dcp[sb + j] = dct * f;
      }
    }
    DType dt = gates.dtype();
    return new Tensor[] {wrap(dz, gates.shape(), dt), wrap(dcp, hs, dt)};
  }

  @Override
  public Tensor[] gruCell(Tensor a, Tensor u, Tensor h) {
    int[] hs = gruStateShape(a);
    if (hs == null
        || u == null
        || u.dtype() != a.dtype()
        || !u.sameShape(a)
        || !lstmFits(a, hs, h)) {
      return Kernels.super.gruCell(a, u, h);
    }
    int n = hs[0];
    int w = hs[1];
    double[] as = doubles(a);
    double[] us = doubles(u);
    double[] hp = h == null ? null : doubles(h);
    double[] gates = new double[as.length];
    double[] h2 = new double[n * w];
    boolean f32 = a.dtype() == DType.FLOAT32;
    for (int row = 0; row < n; row++) {
      int gb = row * 3 * w;
      int sb = row * w;
      for (int j = 0; j < w; j++) {
        double r = round(sigmoid(as[gb + j] + us[gb + j]), f32);
        double z = round(sigmoid(as[gb + w + j] + us[gb + w + j]), f32);
        double c = round(Math.tanh(as[gb + 2 * w + j] + r * us[gb + 2 * w + j]), f32);
        gates[gb + j] = r;
        gates[gb + w + j] = z;
        gates[gb + 2 * w + j] = c;
        h2[sb + j] = hp == null ? (1 - z) * c : c + z * (hp[sb + j] - c);
      }
    }
    DType dt = a.dtype();
    return new Tensor[] {wrap(gates, a.shape(), dt), wrap(h2, hs, dt)};
  }

  @Override
  public Tensor[] gruCellBackward(Tensor gates, Tensor u, Tensor h, Tensor dh) {
    int[] hs = gruStateShape(gates);
    if (hs == null
        || u == null
        || dh == null
        || u.dtype() != gates.dtype()
        || !u.sameShape(gates)
        || !lstmFits(gates, hs, h)
        || !lstmFits(gates, hs, dh)) {
      return Kernels.super.gruCellBackward(gates, u, h, dh);
    }
    int n = hs[0];
    int w = hs[1];
    double[] g = doubles(gates);
    double[] us = doubles(u);
    double[] hp = h == null ? null : doubles(h);
    double[] gh = doubles(dh);
    double[] da = new double[g.length];
    double[] du = new double[g.length];
    double[] dhp = new double[n * w];
    for (int row = 0; row < n; row++) {
      int gb = row * 3 * w;
      int sb = row * w;
      for (int j = 0; j < w; j++) {
        double r = g[gb + j];
        double z = g[gb + w + j];
        double c = g[gb + 2 * w + j];
        double d = gh[sb + j];
        double dn = d * (1 - z) * (1 - c * c);
        double dz = d * ((hp == null ? 0 : hp[sb + j]) - c) * (z * (1 - z));
        double dr = dn * us[gb + 2 * w + j] * (r * (1 - r));
        da[gb + j] = dr;
        da[gb + w + j] = dz;
        da[gb + 2 * w + j] = dn;
        du[gb + j] = dr;
        du[gb + w + j] = dz;
        du[gb + 2 * w + j] = dn * r;
        dhp[sb + j] = d * z;
      }
    }
    DType dt = gates.dtype();
    return new Tensor[] {
      wrap(da, gates.shape(), dt), wrap(du, gates.shape(), dt), wrap(dhp, hs, dt)
    };
  }

  /** {@code [N, H]} for a {@code [N, 3H]} tensor, else null. */
  private static int[] gruStateShape(Tensor a) {
    if (a.rank() != 2 || a.dim(1) % 3 != 0) {
      return null;
    }
    return new int[] {a.dim(0), a.dim(1) / 3};
  }

  /** {@code [N, H]} for a {@code [N, 4H]} tensor, else null. */
  private static int[] lstmStateShape(Tensor z) {
    if (z.rank() != 2 || z.dim(1) % 4 != 0) {
      return null;
    }
    return new int[] {z.dim(0), z.dim(1) / 4};
  }

  /** A state tensor (or null) that the fused LSTM and GRU loops can read alongside {@code z}. */
  private static boolean lstmFits(Tensor z, int[] hs, Tensor s) {
    return s == null || (s.dtype() == z.dtype() && s.hasShape(hs) && s.device() == Device.CPU);
  }

  private static double sigmoid(double x) {
    return x >= 0 ? 1.0 / (1.0 + Math.exp(-x)) : Math.exp(x) / (1.0 + Math.exp(x));
  }

  private static double round(double v, boolean toFloat) {
    return toFloat ? (float) v : v;
  }

  @Override
  public Tensor[] softmaxCrossEntropy(Tensor logits, int[] labels) {
    int[] s = logits.shape();
    Kernels.checkLabels(s, labels);
    int n = s[0];
    int c = s[1];
    double[] a = doubles(logits);
    double[] loss = new double[n];
    double[] grad = new double[n * c];
    // one pass of exp per row, in double: the gradient row holds exp(x − max) until it is scaled
    for (int r = 0; r < n; r++) {
      int base = r * c;
      double max = Double.NEGATIVE_INFINITY;
      for (int k = 0; k < c; k++) {
        max = Math.max(max, a[base + k]);
      }
      double sum = 0;
      for (int k = 0; k < c; k++) {
        double e = Math.exp(a[base + k] - max);
        grad[base + k] = e;
        sum += e;
      }
      double inv = 1.0 / sum;
      for (int k = 0; k < c; k++) {
        grad[base + k] *= inv;
      }
      grad[base + labels[r]] -= 1;
      loss[r] = max + Math.log(sum) - a[base + labels[r]];
    }
    return new Tensor[] {wrap(loss, new int[] {n}, logits.dtype()), wrap(grad, s, logits.dtype())};
  }

  // ------------------------------------------------------------------ convolution and pooling

  @Override
  public Tensor im2col(Tensor x, int fh, int fw, int stride, int pad) {
    return CpuConv.im2col(x, fh, fw, stride, pad);
  }

  @Override
  public Tensor col2im(Tensor col, int[] xShape, int fh, int fw, int stride, int pad) {
    return CpuConv.col2im(col, xShape, fh, fw, stride, pad);
  }

  @Override
  public Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int pad) {
    // FLOAT32 one image at a time in cache; FLOAT64 (gradient checks) the book's lowering
    return CpuConv.fused(x, w, bias, null)
        ? CpuConv.conv2d(x, w, bias, stride, pad)
        : Kernels.super.conv2d(x, w, bias, stride, pad);
  }

  @Override
  public Tensor[] conv2dBackward(
      Tensor x,
      Tensor w,
      Tensor gy,
      int stride,
      int pad,
      boolean needX,
      boolean needW,
      boolean needB) {
    return CpuConv.fused(x, w, null, gy)
        ? CpuConv.conv2dBackward(x, w, gy, stride, pad, needX, needW, needB)
        : Kernels.super.conv2dBackward(x, w, gy, stride, pad, needX, needW, needB);
  }

  @Override
  public Tensor maxPool2d(Tensor x, int kh, int kw, int stride, int pad) {
    return CpuConv.maxPool(x, null, kh, kw, stride, pad);
  }

  @Override
  public Tensor maxPool2dBackward(Tensor x, Tensor gy, int kh, int kw, int stride, int pad) {
    return CpuConv.maxPool(x, gy, kh, kw, stride, pad);
  }

  @Override
  public Pooled maxPool2dRecording(Tensor x, int kh, int kw, int stride, int pad) {
    return CpuConv.maxPoolRecording(x, kh, kw, stride, pad);
  }

  @Override
  public Tensor maxPool2dBackward(
      Tensor x, Tensor gy, int kh, int kw, int stride, int pad, Pooled pooled) {
    return CpuConv.maxPoolBackward(x, gy, kh, kw, stride, pad, pooled);
  }

  @Override
  public Tensor avgPool2d(Tensor x, int kh, int kw, int stride, int pad) {
    return CpuConv.avgPool(x, kh, kw, stride, pad);
  }

  @Override
  public Tensor avgPool2dBackward(Tensor gy, int[] xShape, int kh, int kw, int stride, int pad) {
    return CpuConv.avgPoolBackward(gy, xShape, kh, kw, stride, pad);
  }
}
