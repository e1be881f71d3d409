package gradgraph.ops;

import gradgraph.core.Variable;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Shapes;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.activation.LeakyRelu;
import gradgraph.ops.activation.LogSoftmax;
import gradgraph.ops.activation.Relu;
import gradgraph.ops.activation.Sigmoid;
import gradgraph.ops.activation.Softmax;
import gradgraph.ops.activation.Softplus;
import gradgraph.ops.activation.Step;
import gradgraph.ops.activation.Tanh;
import gradgraph.ops.attention.AttentionMask;
import gradgraph.ops.attention.ScaledDotProductAttention;
import gradgraph.ops.conv.AvgPool2d;
import gradgraph.ops.conv.Col2im;
import gradgraph.ops.conv.Conv2d;
import gradgraph.ops.conv.Im2col;
import gradgraph.ops.conv.MaxPool2d;
import gradgraph.ops.loss.CrossEntropy;
import gradgraph.ops.loss.MeanSquaredError;
import gradgraph.ops.loss.SigmoidCrossEntropy;
import gradgraph.ops.loss.SoftmaxCrossEntropy;
import gradgraph.ops.loss.SumSquaredError;
import gradgraph.ops.math.Abs;
import gradgraph.ops.math.Clip;
import gradgraph.ops.math.Linear;
import gradgraph.ops.math.Maximum;
import gradgraph.ops.math.Minimum;
import gradgraph.ops.math.Sqrt;
import gradgraph.ops.norm.BatchNorm;
import gradgraph.ops.norm.BatchNormState;
import gradgraph.ops.norm.Dropout;
import gradgraph.ops.norm.DropoutMode;
import gradgraph.ops.norm.LayerNorm;
import gradgraph.ops.recurrent.GruSequence;
import gradgraph.ops.recurrent.LstmSequence;
import gradgraph.ops.recurrent.RnnSequence;
import gradgraph.ops.reduce.Max;
import gradgraph.ops.reduce.Min;
import gradgraph.ops.shape.Concat;
import gradgraph.ops.shape.IndexSelect;
import gradgraph.ops.shape.Pick;
import gradgraph.ops.shape.Slice;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Every op as a static method, graph-core's primitives included; each delegates to the one class of
 * its op. Arguments and results are {@link Variable}s; binary ops broadcast (NumPy rules) and
 * promote FLOAT32 with FLOAT64 to FLOAT64. Bad input throws an {@link IllegalArgumentException}
 * whose message reads {@code op: argument: problem} with the shapes or values.
 *
 * <pre>{@code
 * Variable h = Ops.relu(Ops.linear(x, w1, b1));
 * Variable loss = Ops.softmaxCrossEntropy(Ops.linear(h, w2, b2), labels);
 * loss.backward();
 * }</pre>
 *
 * <p>Conventions: {@code relu'(0) = 0}; max/min reductions and {@code maximum}/{@code minimum}
 * split the gradient evenly among ties; {@link #meanSquaredError} is the mean, {@link
 * #sumSquaredError} the book's {@code ½Σ(y − t)²}; dropout is inverted unless {@link
 * DropoutMode#CLASSIC} is asked for; batch norm's momentum is the fraction of the running
 * statistics kept (0.9 in the book).
 */
public final class Ops {
  private Ops() {}

  // ---------------------------------------------------------------- arithmetic

  /**
   * Adds with broadcasting.
   *
   * @param a first operand
   * @param b second operand
   * @return {@code a + b}
   */
  public static Variable add(Variable a, Variable b) {
    return a.add(b);
  }

  /**
   * Adds a constant.
   *
   * @param a the operand
   * @param c the constant
   * @return {@code a + c}
   */
  public static Variable add(Variable a, double c) {
    return a.add(c);
  }

  /**
   * Subtracts with broadcasting.
   *
   * @param a first operand
   * @param b second operand
   * @return {@code a − b}
   */
  public static Variable sub(Variable a, Variable b) {
    return a.sub(b);
  }

  /**
   * Subtracts a constant.
   *
   * @param a the operand
   * @param c the constant
   * @return {@code a − c}
   */
  public static Variable sub(Variable a, double c) {
    return a.sub(c);
  }

  /**
   * Multiplies elementwise with broadcasting.
   *
   * @param a first operand
   * @param b second operand
   * @return {@code a · b}
   */
  public static Variable mul(Variable a, Variable b) {
    return a.mul(b);
  }

  /**
   * Multiplies by a constant.
   *
   * @param a the operand
   * @param c the constant
   * @return {@code a · c}
   */
  public static Variable mul(Variable a, double c) {
    return a.mul(c);
  }

  /**
   * Divides elementwise with broadcasting.
   *
   * @param a dividend
   * @param b divisor
   * @return {@code a / b}
   */
  public static Variable div(Variable a, Variable b) {
    return a.div(b);
  }

  /**
   * Divides by a constant.
   *
   * @param a the operand
   * @param c the constant
   * @return {@code a / c}
   */
  public static Variable div(Variable a, double c) {
    return a.div(c);
  }

  /**
   * Negates.
   *
   * @param x the operand
   * @return {@code −x}
   */
  public static Variable neg(Variable x) {
    return x.neg();
  }

  /**
   * Raises to a constant power.
   *
   * @param x the base
   * @param p the exponent
   * @return {@code x^p}
   */
  public static Variable pow(Variable x, double p) {
    return x.pow(p);
  }

  /**
   * Squares.
   *
   * @param x the operand
   * @return {@code x²}
   */
  public static Variable square(Variable x) {
    return x.square();
  }

  /**
   * Square root.
   *
   * @param x the operand, non-negative
   * @return {@code √x}
   */
  public static Variable sqrt(Variable x) {
    return new Sqrt().apply(x);
  }

  /**
   * Absolute value; gradient {@code sign(x)}, 0 at 0.
   *
   * @param x the operand
   * @return {@code |x|}
   */
  public static Variable abs(Variable x) {
    return new Abs().apply(x);
  }

  /**
   * Exponential.
   *
   * @param x the operand
   * @return {@code e^x}
   */
  public static Variable exp(Variable x) {
    return x.exp();
  }

  /**
   * Natural logarithm.
   *
   * @param x the operand
   * @return {@code ln x}
   */
  public static Variable log(Variable x) {
    return x.log();
  }

  /**
   * Clamps into {@code [lo, hi]}; the gradient passes inside, bounds included.
   *
   * @param x the operand
   * @param lo lower bound
   * @param hi upper bound
   * @return the clipped values
   */
  public static Variable clip(Variable x, double lo, double hi) {
    return new Clip(lo, hi).apply(x);
  }

  /**
   * Elementwise maximum with broadcasting; ties split the gradient evenly.
   *
   * @param a first operand
   * @param b second operand
   * @return {@code max(a, b)}
   */
  public static Variable maximum(Variable a, Variable b) {
    return new Maximum().apply(a, b);
  }

  /**
   * Elementwise minimum with broadcasting; ties split the gradient evenly.
   *
   * @param a first operand
   * @param b second operand
   * @return {@code min(a, b)}
   */
  public static Variable minimum(Variable a, Variable b) {
    return new Minimum().apply(a, b);
  }

  // ---------------------------------------------------------------- activations

  /**
   * ReLU, {@code max(x, 0)}; its derivative at 0 is 0.
   *
   * @param x the input
   * @return the activation
   */
  public static Variable relu(Variable x) {
    return new Relu().apply(x);
  }

  /**
   * Leaky ReLU, {@code x > 0 ? x : slope · x}.
   *
   * @param x the input
   * @param slope the negative slope
   * @return the activation
   */
  public static Variable leakyRelu(Variable x, double slope) {
    return new LeakyRelu(slope).apply(x);
  }

  /**
   * Sigmoid {@code 1 / (1 + e^−x)}.
   *
   * @param x the input
   * @return the activation
   */
  public static Variable sigmoid(Variable x) {
    return new Sigmoid().apply(x);
  }

  /**
   * Hyperbolic tangent.
   *
   * @param x the input
   * @return the activation
   */
  public static Variable tanh(Variable x) {
    return new Tanh().apply(x);
  }

  /**
   * Softplus {@code log(1 + e^x)}.
   *
   * @param x the input
   * @return the activation
   */
  public static Variable softplus(Variable x) {
    return new Softplus().apply(x);
  }

  /**
   * The step function {@code x > 0 ? 1 : 0}: forward only, its result never requires a gradient.
   *
   * @param x the input
   * @return 0 or 1 per element
   */
  public static Variable step(Variable x) {
    return new Step().apply(x);
  }

  // ---------------------------------------------------------------- linear algebra

  /**
   * Matrix product, 2-D or batched with broadcasting.
   *
   * @param a {@code [..., m, k]}
   * @param b {@code [..., k, n]}
   * @return {@code [..., m, n]}
   */
  public static Variable matmul(Variable a, Variable b) {
    return new MatMul(false, false).apply(a, b);
  }

  /**
   * The book's Affine: {@code x · W + b}.
   *
   * @param x {@code [N, in]} (or {@code [..., in]})
   * @param w {@code [in, out]}
   * @param b {@code [out]}, or null
   * @return {@code [N, out]}
   */
  public static Variable linear(Variable x, Variable w, Variable b) {
    return b == null ? new Linear().apply(x, w) : new Linear().apply(x, w, b);
  }

  // ---------------------------------------------------------------- shape

  /**
   * Reshapes (no copy).
   *
   * @param x the input
   * @param shape the shape; one entry may be -1
   * @return the reshaped variable
   */
  public static Variable reshape(Variable x, int... shape) {
    return x.reshape(shape);
  }

  /**
   * Flattens all but the first dimension: {@code [N, ...]} to {@code [N, rest]}.
   *
   * @param x the input, rank at least 1
   * @return {@code [N, size / N]}
   */
  public static Variable flatten(Variable x) {
    int[] s = x.shape();
    Errors.check(s.length >= 1, "flatten", "x", "must have rank >= 1, got a scalar");
    int rest = 1;
    for (int i = 1; i < s.length; i++) {
      rest *= s[i];
    }
    return x.reshape(s[0], rest);
  }

  /**
   * Swaps the last two dimensions (a 1-D input is returned unchanged).
   *
   * @param x the input
   * @return the transpose
   */
  public static Variable transpose(Variable x) {
    return x.transpose();
  }

  /**
   * Reorders dimensions (NumPy's {@code transpose(x, axes)}).
   *
   * @param x the input
   * @param axes a permutation; empty reverses the axes
   * @return the permuted variable
   */
  public static Variable transpose(Variable x, int... axes) {
    return x.permute(axes);
  }

  /**
   * Reorders dimensions (PyTorch's name for {@link #transpose(Variable, int...)}).
   *
   * @param x the input
   * @param axes a permutation; empty reverses the axes
   * @return the permuted variable
   */
  public static Variable permute(Variable x, int... axes) {
    return x.permute(axes);
  }

  /**
   * Broadcasts to a shape.
   *
   * @param x the input
   * @param shape the target shape
   * @return the broadcast variable
   */
  public static Variable broadcastTo(Variable x, int... shape) {
    return x.broadcastTo(shape);
  }

  /**
   * Sums down to a shape (the adjoint of broadcasting).
   *
   * @param x the input
   * @param shape a shape that broadcasts to {@code x}'s
   * @return the reduced variable
   */
  public static Variable sumTo(Variable x, int... shape) {
    return x.sumTo(shape);
  }

  /**
   * A box {@code x[b0:e0, b1:e1, ...]}; missing trailing dimensions are taken whole, negative
   * indices count from the end.
   *
   * @param x the input
   * @param begin first index per dimension, inclusive
   * @param end last index per dimension, exclusive
   * @return the slice
   */
  public static Variable slice(Variable x, int[] begin, int[] end) {
    return new Slice(begin, end).apply(x);
  }

  /**
   * Indexes the leading dimensions and drops them, {@code x[i, j]} in NumPy terms (negative indices
   * count from the end).
   *
   * @param x the input
   * @param index one index per leading dimension
   * @return the element or sub-tensor
   */
  public static Variable getItem(Variable x, int... index) {
    int[] s = x.shape();
    Errors.check(
        index.length <= s.length,
        "getItem",
        "index",
        Arrays.toString(index) + " has more indices than the rank of " + Arrays.toString(s));
    int[] end = new int[index.length];
    int[] begin = new int[index.length];
    for (int i = 0; i < index.length; i++) {
      begin[i] = index[i] < 0 ? index[i] + s[i] : index[i];
      Errors.check(
          begin[i] >= 0 && begin[i] < s[i],
          "getItem",
          "index",
          "index "
              + index[i]
              + " is out of bounds for dimension "
              + i
              + " of "
              + Arrays.toString(s));
      end[i] = begin[i] + 1;
    }
    return new Slice(begin, end).apply(x).reshape(Arrays.copyOfRange(s, index.length, s.length));
  }

  /**
   * The same as {@link #slice}: the box {@code x[b0:e0, b1:e1, ...]} (NumPy's {@code __getitem__}
   * with slices).
   *
   * @param x the input
   * @param begin first index per dimension, inclusive
   * @param end last index per dimension, exclusive
   * @return the slice
   */
  public static Variable getItem(Variable x, int[] begin, int[] end) {
    return slice(x, begin, end);
  }

  /**
   * Selects rows (entries along axis 0) by index; repeats allowed, gradients accumulate.
   *
   * @param x the input {@code [N, ...]}
   * @param rows indices in {@code [0, N)}
   * @return {@code [rows.length, ...]}
   */
  public static Variable selectRows(Variable x, int[] rows) {
    Errors.check(x.rank() >= 1, "selectRows", "x", "must have rank >= 1, got a scalar");
    IndexSelect.checkIndex("selectRows", rows, x.shape()[0]);
    return new IndexSelect(0, rows).apply(x);
  }

  /**
   * Looks up embedding vectors, {@code out[..., :] = weight[ids[...], :]} (the sequel's {@code
   * Embedding} layer): one row of {@code weight} per id. Built on {@link IndexSelect} along axis 0,
   * whose backward is {@link gradgraph.ops.shape.IndexAdd}: the gradient of {@code weight} adds
   * each output row's gradient into the row of its id, repeated ids accumulating (the sequel's
   * {@code np.add.at}), and no gradient flows to the ids.
   *
   * @param weight the table {@code [vocab, dim]}
   * @param ids integer-valued numbers of any shape {@code [...]}, each in {@code [0, vocab)}
   * @return {@code [..., dim]}
   */
  public static Variable embedding(Variable weight, Tensor ids) {
    Errors.check(
        weight.rank() == 2,
        "embedding",
        "weight",
        "must be [vocab, dim], got " + Errors.shape(weight.shape()));
    int[] rows = IndexSelect.indices("embedding", ids, weight.shape()[0]);
    int[] out = Arrays.copyOf(ids.shape(), ids.rank() + 1);
    out[ids.rank()] = weight.shape()[1];
    return new IndexSelect(0, rows).apply(weight).reshape(out);
  }

  /**
   * One entry per row, {@code out[i] = x[i, labels[i]]} (the label's probability).
   *
   * @param x {@code [N, C]}
   * @param labels {@code N} classes in {@code [0, C)}
   * @return {@code [N]}
   */
  public static Variable pick(Variable x, int[] labels) {
    return new Pick(labels).apply(x);
  }

  /**
   * Joins along an existing axis.
   *
   * @param xs the inputs, shapes equal except on {@code axis}
   * @param axis the axis, negative counting from the end
   * @return the concatenation
   */
  public static Variable concat(List<Variable> xs, int axis) {
    Errors.check(!xs.isEmpty(), "concat", "xs", "needs at least one variable");
    return new Concat(axis).apply(xs.toArray(new Variable[0]));
  }

  /**
   * Joins along a new axis.
   *
   * @param xs the inputs, all of the same shape
   * @param axis the new axis's position in the result, negative counting from the end
   * @return the stack, one more dimension
   */
  public static Variable stack(List<Variable> xs, int axis) {
    Errors.check(!xs.isEmpty(), "stack", "xs", "needs at least one variable");
    int[] first = xs.get(0).shape();
    Variable[] e = new Variable[xs.size()];
    for (int i = 0; i < e.length; i++) {
      if (!Arrays.equals(xs.get(i).shape(), first)) {
        throw gradgraph.core.tensor.ShapeException.of(
            "stack", "all inputs need the same shape (input " + i + ")", first, xs.get(i).shape());
      }
      e[i] = expandDims(xs.get(i), axis);
    }
    return new Concat(axis).apply(e);
  }

  /**
   * Inserts a size-1 dimension.
   *
   * @param x the input
   * @param axis its position in the result, in {@code [−rank−1, rank]}
   * @return the reshaped variable
   */
  public static Variable expandDims(Variable x, int axis) {
    int[] s = x.shape();
    int a = Shapes.axis("expandDims", axis, s.length + 1);
    int[] out = new int[s.length + 1];
    for (int i = 0, j = 0; i < out.length; i++) {
      out[i] = i == a ? 1 : s[j++];
    }
    return x.reshape(out);
  }

  // ---------------------------------------------------------------- reductions

  /**
   * Sums every element.
   *
   * @param x the input
   * @return a scalar
   */
  public static Variable sum(Variable x) {
    return x.sum();
  }

  /**
   * Sums over axes.
   *
   * @param x the input
   * @param keepDims whether reduced axes stay with size 1
   * @param axes the axes; none means all
   * @return the sum
   */
  public static Variable sum(Variable x, boolean keepDims, int... axes) {
    return x.sum(keepDims, axes);
  }

  /**
   * Mean of every element (NaN for an empty input).
   *
   * @param x the input
   * @return a scalar
   */
  public static Variable mean(Variable x) {
    return mean(x, false);
  }

  /**
   * Mean over axes: the sum divided by the count.
   *
   * @param x the input
   * @param keepDims whether reduced axes stay with size 1
   * @param axes the axes; none means all
   * @return the mean
   */
  public static Variable mean(Variable x, boolean keepDims, int... axes) {
    int[] s = x.shape();
    long count = 1;
    for (int a : Shapes.axes("mean", axes, s.length)) {
      count *= s[a];
    }
    return x.sum(keepDims, axes).mul(1.0 / count);
  }

  /**
   * Maximum of every element; the gradient goes to the arg-max (ties share it evenly).
   *
   * @param x the input, not empty
   * @return a scalar
   */
  public static Variable max(Variable x) {
    return new Max(false).apply(x);
  }

  /**
   * Maximum over axes; the gradient goes to the arg-max (ties share it evenly).
   *
   * @param x the input
   * @param keepDims whether reduced axes stay with size 1
   * @param axes the axes; none means all
   * @return the maximum
   */
  public static Variable max(Variable x, boolean keepDims, int... axes) {
    return new Max(keepDims, axes).apply(x);
  }

  /**
   * Minimum of every element; the gradient goes to the arg-min (ties share it evenly).
   *
   * @param x the input, not empty
   * @return a scalar
   */
  public static Variable min(Variable x) {
    return new Min(false).apply(x);
  }

  /**
   * Minimum over axes; the gradient goes to the arg-min (ties share it evenly).
   *
   * @param x the input
   * @param keepDims whether reduced axes stay with size 1
   * @param axes the axes; none means all
   * @return the minimum
   */
  public static Variable min(Variable x, boolean keepDims, int... axes) {
    return new Min(keepDims, axes).apply(x);
  }

  // ---------------------------------------------------------------- softmax and losses

  /**
   * Softmax along an axis, stable for large logits.
   *
   * @param x the logits
   * @param axis the axis, negative counting from the end
   * @return probabilities
   */
  public static Variable softmax(Variable x, int axis) {
    return new Softmax(axis).apply(x);
  }

  /**
   * Log-softmax along an axis, stable for large logits.
   *
   * @param x the logits
   * @param axis the axis
   * @return log-probabilities
   */
  public static Variable logSoftmax(Variable x, int axis) {
    return new LogSoftmax(axis).apply(x);
  }

  /**
   * Softmax cross-entropy with integer labels, the mean over the batch (fused and stable).
   *
   * @param logits {@code [N, C]}
   * @param labels {@code N} classes in {@code [0, C)}
   * @return a scalar loss
   */
  public static Variable softmaxCrossEntropy(Variable logits, int[] labels) {
    return new SoftmaxCrossEntropy(labels).apply(logits);
  }

  /**
   * Softmax cross-entropy with one-hot (or soft) targets, the mean over the batch; the target gets
   * no gradient.
   *
   * @param logits {@code [N, C]}
   * @param target {@code [N, C]}
   * @return a scalar loss
   */
  public static Variable softmaxCrossEntropy(Variable logits, Variable target) {
    return new SoftmaxCrossEntropy().apply(logits, target);
  }

  /**
   * The book's cross-entropy on probabilities, {@code −(1/N) Σ log(p[i, tᵢ] + 1e-7)}.
   *
   * @param probs {@code [N, C]}
   * @param labels {@code N} classes in {@code [0, C)}
   * @return a scalar loss
   */
  public static Variable crossEntropy(Variable probs, int[] labels) {
    return new CrossEntropy(labels).apply(probs);
  }

  /**
   * Mean squared error {@code (1/n) Σ (y − t)²} (the mean, not the book's half sum).
   *
   * @param y predictions
   * @param t targets, same shape
   * @return a scalar loss
   */
  public static Variable meanSquaredError(Variable y, Variable t) {
    return new MeanSquaredError().apply(y, t);
  }

  /**
   * Alias of {@link #meanSquaredError}: the mean {@code (1/n) Σ (y − t)²}.
   *
   * @param y predictions
   * @param t targets, same shape
   * @return a scalar loss
   */
  public static Variable mse(Variable y, Variable t) {
    return meanSquaredError(y, t);
  }

  /**
   * The book's {@code sum_squared_error}, {@code ½ Σ (y − t)²}.
   *
   * @param y predictions
   * @param t targets, same shape
   * @return a scalar loss
   */
  public static Variable sumSquaredError(Variable y, Variable t) {
    return new SumSquaredError().apply(y, t);
  }

  /**
   * Binary cross-entropy on logits, the mean over all elements, computed stably.
   *
   * @param logits the logits
   * @param t targets in {@code [0, 1]}, same shape
   * @return a scalar loss
   */
  public static Variable sigmoidCrossEntropy(Variable logits, Variable t) {
    return new SigmoidCrossEntropy().apply(logits, t);
  }

  // ---------------------------------------------------------------- recurrent

  /**
   * A one-layer LSTM over a batch-first sequence (PyTorch's {@code nn.LSTM} with {@code
   * batch_first=True}, the sequel's {@code TimeLSTM}), gates in PyTorch's order i, f, g, o. The
   * input's share {@code x · Wx + b} of every step is one product; the time loop is one fused op
   * ({@link LstmSequence}) with a hand-written backward through time.
   *
   * @param x the input {@code [N, T, D]}, {@code T > 0}
   * @param wx the input weight {@code [D, 4H]}
   * @param wh the recurrent weight {@code [H, 4H]}
   * @param b the bias {@code [4H]}, or null for none
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @param c0 the initial cell state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [N, T, H]} and the last {@code h} and {@code c}, each {@code
   *     [N, H]}
   */
  public static LstmSequence.Result lstm(
      Variable x, Variable wx, Variable wh, Variable b, Variable h0, Variable c0) {
    return LstmSequence.batchFirst(x, wx, wh, b, h0, c0);
  }

  /**
   * A one-layer GRU over a batch-first sequence with PyTorch's equations ({@code nn.GRU} with
   * {@code batch_first=True}), gates in its order r, z, n: the reset gate multiplies the recurrent
   * share after its bias, {@code n = tanh(x·Wx_n + b_n + r ⊙ (h·Wh_n + bh_n))}. The input's share
   * is one product for all steps; the time loop is one fused op ({@link GruSequence}).
   *
   * @param x the input {@code [N, T, D]}, {@code T > 0}
   * @param wx the input weight {@code [D, 3H]}
   * @param wh the recurrent weight {@code [H, 3H]}
   * @param b the input bias {@code [3H]} (PyTorch's {@code bias_ih}), or null for none
   * @param bh the recurrent bias {@code [3H]} ({@code bias_hh}), or null for zeros
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [N, T, H]} and the last {@code h} {@code [N, H]}
   */
  public static GruSequence.Result gru(
      Variable x, Variable wx, Variable wh, Variable b, Variable bh, Variable h0) {
    return GruSequence.batchFirst(x, wx, wh, b, bh, h0);
  }

  /**
   * A one-layer Elman RNN over a batch-first sequence (the sequel's {@code TimeRNN}, PyTorch's
   * {@code nn.RNN} with tanh and {@code batch_first=True}): {@code h_t = tanh(x_t·Wx + h_{t−1}·Wh +
   * b)}. The input's share is one product for all steps; the time loop is one op ({@link
   * RnnSequence}).
   *
   * @param x the input {@code [N, T, D]}, {@code T > 0}
   * @param wx the input weight {@code [D, H]}
   * @param wh the recurrent weight {@code [H, H]}
   * @param b the bias {@code [H]}, or null for none
   * @param h0 the initial hidden state {@code [N, H]}, or null for zeros
   * @return the hidden states {@code [N, T, H]} and the last {@code h} {@code [N, H]}
   */
  public static RnnSequence.Result rnn(
      Variable x, Variable wx, Variable wh, Variable b, Variable h0) {
    return RnnSequence.batchFirst(x, wx, wh, b, h0);
  }

  // ---------------------------------------------------------------- attention

  /**
   * Scaled dot-product attention {@code softmax(q·kᵀ/√D + mask) · v}, batched over the leading
   * dimensions (batch, heads). A masked key gets weight exactly 0; a query whose keys are all
   * masked by a keep mask gets a zero output (see {@link AttentionMask}).
   *
   * @param q the queries {@code [..., Tq, D]}
   * @param k the keys {@code [..., Tk, D]}
   * @param v the values {@code [..., Tk, Dv]}
   * @param mask {@link AttentionMask#keep}, {@link AttentionMask#causal}, {@link
   *     AttentionMask#lengths} or {@link AttentionMask#additive}, broadcasting to {@code [..., Tq,
   *     Tk]}; null for none
   * @return {@code [..., Tq, Dv]}
   */
  public static Variable scaledDotProductAttention(
      Variable q, Variable k, Variable v, AttentionMask mask) {
    return ScaledDotProductAttention.apply(q, k, v, mask);
  }

  /**
   * The weights of {@link #scaledDotProductAttention}, {@code softmax(q·kᵀ/√D + mask)} over the
   * keys: what an attention map shows.
   *
   * @param q the queries {@code [..., Tq, D]}
   * @param k the keys {@code [..., Tk, D]}
   * @param mask which keys each query sees, or null for all
   * @return {@code [..., Tq, Tk]}
   */
  public static Variable attentionWeights(Variable q, Variable k, AttentionMask mask) {
    return ScaledDotProductAttention.weights(q, k, mask);
  }

  // ---------------------------------------------------------------- convolution and pooling

  /**
   * 2-D convolution (im2col + matrix product).
   *
   * @param x {@code (N, C, H, W)}
   * @param w {@code (FN, C, FH, FW)}
   * @param b {@code (FN)}, or null
   * @param stride the stride
   * @param pad zero padding on each side
   * @return {@code (N, FN, OH, OW)}, {@code OH = (H + 2P − FH)/S + 1} (must be whole)
   */
  public static Variable conv2d(Variable x, Variable w, Variable b, int stride, int pad) {
    return Conv2d.apply(x, w, b, stride, pad);
  }

  /**
   * Unfolds patches into rows.
   *
   * @param x {@code (N, C, H, W)}
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding
   * @return {@code (N·OH·OW, C·FH·FW)}
   */
  public static Variable im2col(Variable x, int fh, int fw, int stride, int pad) {
    return new Im2col(fh, fw, stride, pad).apply(x);
  }

  /**
   * Folds rows back into images, adding overlaps.
   *
   * @param col {@code (N·OH·OW, C·FH·FW)}
   * @param xShape the image shape {@code (N, C, H, W)}
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding
   * @return {@code (N, C, H, W)}
   */
  public static Variable col2im(Variable col, int[] xShape, int fh, int fw, int stride, int pad) {
    return new Col2im(xShape, fh, fw, stride, pad).apply(col);
  }

  /**
   * Max pooling with a square window (output size rounded down).
   *
   * @param x {@code (N, C, H, W)}
   * @param kernel window size
   * @param stride the stride
   * @param pad padding (never wins)
   * @return {@code (N, C, OH, OW)}
   */
  public static Variable maxPool2d(Variable x, int kernel, int stride, int pad) {
    return new MaxPool2d(kernel, stride, pad).apply(x);
  }

  /**
   * Average pooling with a square window (padding counts as zeros).
   *
   * @param x {@code (N, C, H, W)}
   * @param kernel window size
   * @param stride the stride
   * @param pad padding
   * @return {@code (N, C, OH, OW)}
   */
  public static Variable avgPool2d(Variable x, int kernel, int stride, int pad) {
    return new AvgPool2d(kernel, stride, pad).apply(x);
  }

  // ---------------------------------------------------------------- normalization

  /**
   * Batch normalization for {@code (N, D)} or per channel for {@code (N, C, H, W)}.
   *
   * @param x the input
   * @param gamma scale {@code [D]} or {@code [C]}, or null
   * @param beta shift, same shape, or null
   * @param state running statistics, updated when training
   * @param training batch statistics (true) or running ones (false)
   * @return the normalized input
   */
  public static Variable batchNorm(
      Variable x, Variable gamma, Variable beta, BatchNormState state, boolean training) {
    return BatchNorm.apply(x, gamma, beta, state, training);
  }

  /**
   * Layer normalization over the last axis.
   *
   * @param x {@code [..., D]}
   * @param gamma scale {@code [D]}, or null
   * @param beta shift {@code [D]}, or null
   * @param eps added to the variance
   * @return the normalized input
   */
  public static Variable layerNorm(Variable x, Variable gamma, Variable beta, double eps) {
    return LayerNorm.apply(x, gamma, beta, eps);
  }

  /**
   * Inverted dropout: drops with probability {@code p} and scales the rest by {@code 1/(1 − p)}
   * while training; the identity in evaluation.
   *
   * @param x the input
   * @param p drop probability in {@code [0, 1)}
   * @param training whether to drop
   * @param rng the seeded generator for the mask
   * @return the result
   */
  public static Variable dropout(Variable x, double p, boolean training, RandomGenerator rng) {
    return Dropout.apply(x, p, training, rng, DropoutMode.INVERTED);
  }

  /**
   * Dropout in a chosen mode ({@link DropoutMode#CLASSIC} is the book's).
   *
   * @param x the input
   * @param p drop probability in {@code [0, 1)}
   * @param training whether to drop
   * @param rng the seeded generator for the mask
   * @param mode inverted or classic
   * @return the result
   */
  public static Variable dropout(
      Variable x, double p, boolean training, RandomGenerator rng, DropoutMode mode) {
    return Dropout.apply(x, p, training, rng, mode);
  }
}
