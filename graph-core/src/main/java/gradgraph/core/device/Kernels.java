package gradgraph.core.device;

import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The small set of primitives a device implements; every op is written on top of these. Shapes and
 * axes arrive already checked and normalized by the caller ({@link Tensor} or the op), so
 * implementations only compute. Inputs are never modified; every method returns a new tensor on
 * {@link #device()} unless it says otherwise.
 *
 * <p>The CPU implementation is {@link CpuKernels}; other backends register a {@link Backend}
 * through {@link java.util.ServiceLoader}.
 */
public interface Kernels {
  /**
   * Returns the device these kernels compute on.
   *
   * @return the device
   */
  Device device();

  /**
   * Creates a FLOAT32 tensor from host data.
   *
   * @param data the elements, row-major (the implementation may keep the array: callers pass arrays
   *     they no longer touch)
   * @param shape the shape, whose size equals {@code data.length}
   * @return the tensor
   */
  Tensor fromHost(float[] data, int[] shape);

  /**
   * Creates a FLOAT64 tensor from host data.
   *
   * @param data the elements, row-major (may be kept, as above)
   * @param shape the shape, whose size equals {@code data.length}
   * @return the tensor
   */
  Tensor fromHost(double[] data, int[] shape);

  /**
   * Copies a tensor's elements to a new host array, converting to double.
   *
   * @param x the tensor (not modified)
   * @return a fresh array of {@code x.size()} elements
   */
  double[] toDoubleArray(Tensor x);

  /**
   * Copies a tensor's elements to a new host array, converting to float.
   *
   * @param x the tensor (not modified)
   * @return a fresh array of {@code x.size()} elements
   */
  float[] toFloatArray(Tensor x);

  /**
   * Creates a tensor filled with one value.
   *
   * @param dtype the element type
   * @param shape the shape
   * @param value the value of every element
   * @return the tensor
   */
  Tensor full(DType dtype, int[] shape, double value);

  /**
   * Creates a tensor of random numbers drawn from a seeded generator.
   *
   * @param kind the distribution
   * @param dtype the element type
   * @param shape the shape
   * @param a first parameter (mean, low bound, or keep probability)
   * @param b second parameter (standard deviation or high bound; unused for Bernoulli)
   * @param rng the generator, advanced by the draw (modified)
   * @return the tensor
   */
  Tensor random(RandomKind kind, DType dtype, int[] shape, double a, double b, RandomGenerator rng);

  /**
   * Converts to another element type.
   *
   * @param x the tensor
   * @param dtype the target type
   * @return {@code x} itself when the type already matches, else a converted copy
   */
  Tensor cast(Tensor x, DType dtype);

  /**
   * Applies an elementwise function.
   *
   * @param op the function
   * @param x the input
   * @param alpha the scalar parameter of parameterized functions, ignored by the others
   * @return a tensor of the same shape and dtype
   */
  Tensor unary(UnaryOp op, Tensor x, double alpha);

  /**
   * Applies an elementwise function of two operands with NumPy broadcasting. The result has the
   * broadcast shape and the promoted dtype.
   *
   * @param op the function
   * @param a the first operand
   * @param b the second operand
   * @return the result
   */
  Tensor binary(BinaryOp op, Tensor a, Tensor b);

  /**
   * Reduces over axes.
   *
   * @param op the reduction
   * @param x the input
   * @param axes normalized, sorted, distinct axes (all axes for a full reduction)
   * @param keepDims whether reduced axes stay with size 1
   * @return the reduced tensor
   */
  Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims);

  /**
   * Finds the index of the largest element along one axis (the first one on ties).
   *
   * @param x the input
   * @param axis a normalized axis
   * @return indices, row-major over the shape of {@code x} without {@code axis}
   */
  int[] argMax(Tensor x, int axis);

  /**
   * Matrix product of the last two dimensions, batched over the leading ones: {@code op(a) · op(b)}
   * where {@code op} transposes the last two dimensions when asked. Leading dimensions broadcast
   * (NumPy's matmul rule).
   *
   * @param a left operand, rank 2 or more
   * @param b right operand, rank 2 or more
   * @param transA whether to use {@code a}'s transpose
   * @param transB whether to use {@code b}'s transpose
   * @return the product, dtype promoted
   */
  Tensor matmul(Tensor a, Tensor b, boolean transA, boolean transB);

  /**
   * {@code op(a) · op(b) + c}, with {@code c} broadcast to the product's shape (a bias, per column
   * as {@code [n]} or per row as {@code [m, 1]}): BLAS's {@code C ← A·B + C}, so a backend can
   * start each product from {@code c} instead of adding it in a second pass. The default does
   * exactly that second pass.
   *
   * @param a left operand, rank 2 or more
   * @param b right operand, rank 2 or more
   * @param transA whether to use {@code a}'s transpose
   * @param transB whether to use {@code b}'s transpose
   * @param c the addend; it broadcasts to the product's shape (checked by the caller)
   * @return the sum, with the product's shape, dtype promoted over all three
   */
  default Tensor matmulAdd(Tensor a, Tensor b, boolean transA, boolean transB, Tensor c) {
    return matmul(a, b, transA, transB).add(c);
  }

  /**
   * Reorders dimensions.
   *
   * @param x the input
   * @param axes a permutation of {@code 0..rank-1}: output dimension {@code i} is input dimension
   *     {@code axes[i]}
   * @return a contiguous tensor with the permuted shape
   */
  Tensor permute(Tensor x, int[] axes);

  /**
   * Repeats a tensor along its size-1 (or missing leading) dimensions.
   *
   * @param x the input, broadcastable to {@code shape}
   * @param shape the target shape
   * @return a contiguous tensor of that shape
   */
  Tensor broadcastTo(Tensor x, int[] shape);

  /**
   * Copies a box of elements.
   *
   * @param x the input
   * @param begin first index per dimension, inclusive
   * @param end last index per dimension, exclusive
   * @return a tensor of shape {@code end - begin}
   */
  Tensor slice(Tensor x, int[] begin, int[] end);

  /**
   * The adjoint of {@link #slice}: a zero tensor of {@code shape} with {@code x} written at {@code
   * begin}.
   *
   * @param x the box
   * @param shape the full shape
   * @param begin where the box starts
   * @return the padded tensor
   */
  Tensor pad(Tensor x, int[] shape, int[] begin);

  /**
   * Joins tensors along an existing axis.
   *
   * @param xs tensors of equal dtype whose shapes agree except on {@code axis}
   * @param axis a normalized axis
   * @return the concatenation
   */
  Tensor concat(Tensor[] xs, int axis);

  /**
   * Picks entries along one axis: {@code out[..., j, ...] = x[..., index[j], ...]}.
   *
   * @param x the input
   * @param axis a normalized axis
   * @param index indices into {@code axis}, each in range, repeats allowed
   * @return a tensor whose {@code axis} has length {@code index.length}
   */
  Tensor indexSelect(Tensor x, int axis, int[] index);

  /**
   * The adjoint of {@link #indexSelect}: a zero tensor of {@code shape} into which {@code x} is
   * added at the indices (repeated indices accumulate).
   *
   * @param x the values, shaped like the output of {@code indexSelect}
   * @param shape the full shape
   * @param axis a normalized axis
   * @param index the indices
   * @return the accumulated tensor
   */
  Tensor indexAdd(Tensor x, int[] shape, int axis, int[] index);

  /**
   * Softmax along one axis, stabilized by subtracting the maximum.
   *
   * @param x the logits
   * @param axis a normalized axis
   * @param log whether to return log-softmax instead
   * @return probabilities (or log-probabilities), same shape
   */
  Tensor softmax(Tensor x, int axis, boolean log);

  /**
   * Softmax cross-entropy per row against integer labels, fused (the book's SoftmaxWithLoss):
   * {@code loss[r] = logsumexp(x[r]) − x[r, labels[r]]} and its gradient {@code softmax(x[r]) −
   * onehot(labels[r])} (not divided by the batch). The default composes {@link #softmax} twice.
   *
   * @param logits {@code (N, C)}
   * @param labels N class indices in {@code [0, C)}
   * @return the losses {@code (N)} and the gradient {@code (N, C)}, in the logits' dtype
   * @throws IllegalArgumentException if the logits are not 2-D, the label count differs from N or a
   *     label is outside {@code [0, C)}
   */
  default Tensor[] softmaxCrossEntropy(Tensor logits, int[] labels) {
    int[] s = logits.shape();
    checkLabels(s, labels);
    double[] hot = new double[s[0] * s[1]];
    for (int r = 0; r < labels.length; r++) {
      hot[r * s[1] + labels[r]] = 1;
    }
    Tensor t = Tensor.of(hot, s).to(logits.dtype()).to(logits.device());
    Tensor loss = softmax(logits, 1, true).mul(t).sum(false, 1).mul(-1.0);
    return new Tensor[] {loss, softmax(logits, 1, false).sub(t)};
  }

  /**
   * Checks the arguments of {@link #softmaxCrossEntropy}.
   *
   * @param shape the logits' shape
   * @param labels the labels
   * @throws IllegalArgumentException naming the problem
   */
  static void checkLabels(int[] shape, int[] labels) {
    if (shape.length != 2 || labels.length != shape[0]) {
      throw new IllegalArgumentException(
          "softmaxCrossEntropy: labels: need (N, C) logits and N labels, got logits "
              + java.util.Arrays.toString(shape)
              + " and "
              + labels.length
              + " labels");
    }
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= shape[1]) {
        throw new IllegalArgumentException(
            "softmaxCrossEntropy: labels: labels["
                + i
                + "] = "
                + labels[i]
                + " is outside [0, "
                + shape[1]
                + ")");
      }
    }
  }

  /**
   * Unfolds image patches into rows (the book's im2col): input {@code (N, C, H, W)}, output {@code
   * (N·OH·OW, C·FH·FW)} with {@code OH = (H + 2·pad − FH) / stride + 1}, padding with 0.
   *
   * @param x the images
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding on each side
   * @return the column matrix
   */
  Tensor im2col(Tensor x, int fh, int fw, int stride, int pad);

  /**
   * The adjoint of {@link #im2col}: folds rows back into images, adding overlapping entries.
   *
   * @param col the column matrix {@code (N·OH·OW, C·FH·FW)}
   * @param xShape the image shape {@code (N, C, H, W)}
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding on each side
   * @return the images
   */
  Tensor col2im(Tensor col, int[] xShape, int fh, int fw, int stride, int pad);

  /**
   * 2-D convolution (cross-correlation): {@code x (N, C, H, W)}, {@code w (FN, C, FH, FW)}, {@code
   * bias (FN)} or null, output {@code (N, FN, OH, OW)} with {@code OH = (H + 2·pad − FH) / stride +
   * 1} (the caller checks the shapes). The default is the book's lowering: {@link #im2col} of the
   * batch, one product, a permute to NCHW; a backend may instead work one image at a time so the
   * column matrix stays in cache.
   *
   * @param x the images
   * @param w the filters
   * @param bias the per-filter bias, or null
   * @param stride the stride, at least 1
   * @param pad zero padding on each side
   * @return the output {@code (N, FN, OH, OW)}, dtype promoted
   */
  default Tensor conv2d(Tensor x, Tensor w, Tensor bias, int stride, int pad) {
    int[] xs = x.shape();
    int[] ws = w.shape();
    int oh = (xs[2] + 2 * pad - ws[2]) / stride + 1;
    int ow = (xs[3] + 2 * pad - ws[3]) / stride + 1;
    Tensor col = im2col(x, ws[2], ws[3], stride, pad);
    Tensor wm = w.reshape(ws[0], -1);
    Tensor y = bias == null ? matmul(col, wm, false, true) : matmulAdd(col, wm, false, true, bias);
    return y.reshape(xs[0], oh, ow, ws[0]).permute(0, 3, 1, 2);
  }

  /**
   * Gradients of {@link #conv2d} for an output gradient {@code gy (N, FN, OH, OW)}: {@code {dx, dW,
   * db}}, each null where not asked for. The default composes {@link #im2col}, two products and
   * {@link #col2im}.
   *
   * @param x the images
   * @param w the filters
   * @param gy the output gradient
   * @param stride the stride
   * @param pad the padding
   * @param needX whether to compute {@code dx}
   * @param needW whether to compute {@code dW}
   * @param needB whether to compute {@code db}
   * @return {@code {dx (N, C, H, W), dW (FN, C, FH, FW), db (FN)}}
   */
  default Tensor[] conv2dBackward(
      Tensor x,
      Tensor w,
      Tensor gy,
      int stride,
      int pad,
      boolean needX,
      boolean needW,
      boolean needB) {
    int[] xs = x.shape();
    int[] ws = w.shape();
    Tensor rows = gy.permute(0, 2, 3, 1).reshape(-1, ws[0]);
    Tensor dw =
        needW ? matmul(rows, im2col(x, ws[2], ws[3], stride, pad), true, false).reshape(ws) : null;
    Tensor db = needB ? rows.sum(false, 0) : null;
    Tensor dx =
        needX
            ? col2im(
                matmul(rows, w.reshape(ws[0], -1), false, false), xs, ws[2], ws[3], stride, pad)
            : null;
    return new Tensor[] {dx, dw, db};
  }

  /**
   * Max pooling over {@code (N, C, H, W)}; padded cells never win.
   *
   * @param x the input
   * @param kh window height
   * @param kw window width
   * @param stride the stride
   * @param pad padding on each side
   * @return {@code (N, C, OH, OW)}
   */
  Tensor maxPool2d(Tensor x, int kh, int kw, int stride, int pad);

  /**
   * Gradient of {@link #maxPool2d}: each output gradient goes to the first maximal input of its
   * window.
   *
   * @param x the pooled input
   * @param gy the output gradient {@code (N, C, OH, OW)}
   * @param kh window height
   * @param kw window width
   * @param stride the stride
   * @param pad padding on each side
   * @return the input gradient {@code (N, C, H, W)}
   */
  Tensor maxPool2dBackward(Tensor x, Tensor gy, int kh, int kw, int stride, int pad);

  /**
   * Max pooling for training: the output of {@link #maxPool2d} and, where this backend can, which
   * element of each window won, for {@link #maxPool2dBackward(Tensor, Tensor, int, int, int, int,
   * Pooled)}. The default records nothing.
   *
   * @param x the input
   * @param kh window height
   * @param kw window width
   * @param stride the stride
   * @param pad padding on each side
   * @return the output {@code (N, C, OH, OW)} and the winners, if recorded
   */
  default Pooled maxPool2dRecording(Tensor x, int kh, int kw, int stride, int pad) {
    return Pooled.of(maxPool2d(x, kh, kw, stride, pad));
  }

  /**
   * {@link #maxPool2dBackward(Tensor, Tensor, int, int, int, int)} with the winners recorded by
   * {@link #maxPool2dRecording} for the same {@code x} (same result, without searching the windows
   * again). The default ignores the record.
   *
   * @param x the pooled input
   * @param gy the output gradient {@code (N, C, OH, OW)}
   * @param kh window height
   * @param kw window width
   * @param stride the stride
   * @param pad padding on each side
   * @param pooled what {@link #maxPool2dRecording} returned for {@code x}
   * @return the input gradient {@code (N, C, H, W)}
   */
  default Tensor maxPool2dBackward(
      Tensor x, Tensor gy, int kh, int kw, int stride, int pad, Pooled pooled) {
    return maxPool2dBackward(x, gy, kh, kw, stride, pad);
  }

  /**
   * Average pooling over {@code (N, C, H, W)}; padded cells count as zeros (PyTorch's default
   * {@code count_include_pad=True}).
   *
   * @param x the input
   * @param kh window height
   * @param kw window width
   * @param stride the stride
   * @param pad padding on each side
   * @return {@code (N, C, OH, OW)}
   */
  Tensor avgPool2d(Tensor x, int kh, int kw, int stride, int pad);

  /**
   * Gradient of {@link #avgPool2d} (it is linear, so this is its adjoint).
   *
   * @param gy the output gradient {@code (N, C, OH, OW)}
   * @param xShape the input shape
   * @param kh window height
   * @param kw window width
   * @param stride the stride
   * @param pad padding on each side
   * @return the input gradient
   */
  Tensor avgPool2dBackward(Tensor gy, int[] xShape, int kh, int kw, int stride, int pad);

  /**
   * The ReLU's backward: {@code gy · [x > 0]}, elementwise, for {@code x} and {@code gy} of the
   * same shape. The default composes two kernels; a backend may do it in one pass.
   *
   * @param x the ReLU's input
   * @param gy the gradient of its output, shaped like {@code x}
   * @return the gradient of its input, {@code gy}'s dtype
   */
  default Tensor reluBackward(Tensor x, Tensor gy) {
    return gy.mul(x.map(UnaryOp.GT_SCALAR, 0.0));
  }

  /**
   * The pointwise part of one LSTM step, fused (gates in PyTorch's order i, f, g, o): from the
   * pre-activations {@code z = x·Wx + h·Wh + b} and the previous cell state,
   *
   * <pre>
   * i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
   * c' = f ⊙ c + i ⊙ g        h' = o ⊙ tanh(c')
   * </pre>
   *
   * The default composes slices, elementwise kernels and a concatenation; a backend may do it in
   * one pass.
   *
   * @param z the pre-activations {@code [N, 4H]}
   * @param c the previous cell state {@code [N, H]}, or null for zeros
   * @return the activated gates {@code [N, 4H]} (i, f, g, o side by side), {@code c'} and {@code
   *     h'}, each {@code [N, H]}, in {@code z}'s dtype
   */
  default Tensor[] lstmCell(Tensor z, Tensor c) {
    int n = z.dim(0);
    int h = z.dim(1) / 4;
    Tensor i = gateOf(z, 0, n, h).map(UnaryOp.SIGMOID);
    Tensor f = gateOf(z, 1, n, h).map(UnaryOp.SIGMOID);
    Tensor g = gateOf(z, 2, n, h).map(UnaryOp.TANH);
    Tensor o = gateOf(z, 3, n, h).map(UnaryOp.SIGMOID);
    Tensor ig = i.mul(g);
    Tensor c2 = c == null ? ig : f.mul(c).add(ig);
    Tensor h2 = o.mul(c2.map(UnaryOp.TANH));
    return new Tensor[] {concat(new Tensor[] {i, f, g, o}, 1), c2, h2};
  }

  /**
   * The backward of {@link #lstmCell}: from the gradients of {@code h'} and {@code c'}, the
   * gradients of the pre-activations and of the previous cell state,
   *
   * <pre>
   * dc = dc' + dh' ⊙ o ⊙ (1 − tanh²(c'))
   * dz_i = dc ⊙ g ⊙ i(1 − i)   dz_f = dc ⊙ c ⊙ f(1 − f)   dz_g = dc ⊙ i ⊙ (1 − g²)
   * dz_o = dh' ⊙ tanh(c') ⊙ o(1 − o)                        dc_prev = dc ⊙ f
   * </pre>
   *
   * @param gates the activated gates {@code [N, 4H]} that {@link #lstmCell} returned
   * @param c the previous cell state {@code [N, H]}, or null for zeros
   * @param c2 the new cell state {@code c'} {@code [N, H]}
   * @param dh the gradient of {@code h'} {@code [N, H]}
   * @param dc the gradient of {@code c'} {@code [N, H]}, or null for zeros
   * @return the gradient of {@code z} {@code [N, 4H]} and of {@code c} {@code [N, H]}
   */
  default Tensor[] lstmCellBackward(Tensor gates, Tensor c, Tensor c2, Tensor dh, Tensor dc) {
    int n = gates.dim(0);
    int h = gates.dim(1) / 4;
    Tensor i = gateOf(gates, 0, n, h);
    Tensor f = gateOf(gates, 1, n, h);
    Tensor g = gateOf(gates, 2, n, h);
    Tensor o = gateOf(gates, 3, n, h);
    Tensor tc = c2.map(UnaryOp.TANH);
    Tensor dct = dh.mul(o).mul(tc.mul(tc).mul(-1.0).add(1.0));
    if (dc != null) {
      dct = dct.add(dc);
    }
    Tensor dzi = dct.mul(g).mul(i.mul(i.mul(-1.0).add(1.0)));
    Tensor dzf =
        c == null
            ? full(gates.dtype(), new int[] {n, h}, 0)
            : dct.mul(c).mul(f.mul(f.mul(-1.0).add(1.0)));
    Tensor dzg = dct.mul(i).mul(g.mul(g).mul(-1.0).add(1.0));
    Tensor dzo = dh.mul(tc).mul(o.mul(o.mul(-1.0).add(1.0)));
    return new Tensor[] {concat(new Tensor[] {dzi, dzf, dzg, dzo}, 1), dct.mul(f)};
  }

  /**
   * The pointwise part of one GRU step, fused (PyTorch's equations, gates in its order r, z, n):
   * from the input's share {@code a = x·Wx + b} and the recurrent share {@code u = h·Wh + bh},
   *
   * <pre>
   * r = σ(a_r + u_r)   z = σ(a_z + u_z)   n = tanh(a_n + r ⊙ u_n)
   * h' = (1 − z) ⊙ n + z ⊙ h
   * </pre>
   *
   * The default composes slices, elementwise kernels and a concatenation.
   *
   * @param a the input's share {@code [N, 3H]}
   * @param u the recurrent share {@code [N, 3H]}
   * @param h the previous hidden state {@code [N, H]}, or null for zeros
   * @return the activated gates {@code [N, 3H]} (r, z, n side by side) and {@code h'} {@code [N,
   *     H]}, in {@code a}'s dtype
   */
  default Tensor[] gruCell(Tensor a, Tensor u, Tensor h) {
    int n = a.dim(0);
    int w = a.dim(1) / 3;
    Tensor r = gateOf(a, 0, n, w).add(gateOf(u, 0, n, w)).map(UnaryOp.SIGMOID);
    Tensor z = gateOf(a, 1, n, w).add(gateOf(u, 1, n, w)).map(UnaryOp.SIGMOID);
    Tensor c = gateOf(a, 2, n, w).add(r.mul(gateOf(u, 2, n, w))).map(UnaryOp.TANH);
    Tensor h2 = h == null ? z.mul(-1.0).add(1.0).mul(c) : c.add(z.mul(h.sub(c)));
    return new Tensor[] {concat(new Tensor[] {r, z, c}, 1), h2};
  }

  /**
   * The backward of {@link #gruCell}: from the gradient of {@code h'}, the gradients of the two
   * shares and the part of {@code h}'s gradient that does not go through {@code u},
   *
   * <pre>
   * dn = dh' ⊙ (1 − z) ⊙ (1 − n²)     dz = dh' ⊙ (h − n) ⊙ z(1 − z)     dr = dn ⊙ u_n ⊙ r(1 − r)
   * da = [dr, dz, dn]     du = [dr, dz, dn ⊙ r]     dh = dh' ⊙ z
   * </pre>
   *
   * @param gates the activated gates {@code [N, 3H]} that {@link #gruCell} returned
   * @param u the recurrent share {@code [N, 3H]}
   * @param h the previous hidden state {@code [N, H]}, or null for zeros
   * @param dh the gradient of {@code h'} {@code [N, H]}
   * @return the gradients of {@code a} and {@code u} {@code [N, 3H]} and of {@code h} {@code [N,
   *     H]} (the direct part)
   */
  default Tensor[] gruCellBackward(Tensor gates, Tensor u, Tensor h, Tensor dh) {
    int n = gates.dim(0);
    int w = gates.dim(1) / 3;
    Tensor r = gateOf(gates, 0, n, w);
    Tensor z = gateOf(gates, 1, n, w);
    Tensor c = gateOf(gates, 2, n, w);
    Tensor dn = dh.mul(z.mul(-1.0).add(1.0)).mul(c.mul(c).mul(-1.0).add(1.0));
    Tensor hmn = h == null ? c.mul(-1.0) : h.sub(c);
    Tensor dz = dh.mul(hmn).mul(z.mul(z.mul(-1.0).add(1.0)));
    Tensor dr = dn.mul(gateOf(u, 2, n, w)).mul(r.mul(r.mul(-1.0).add(1.0)));
    return new Tensor[] {
      concat(new Tensor[] {dr, dz, dn}, 1), concat(new Tensor[] {dr, dz, dn.mul(r)}, 1), dh.mul(z)
    };
  }

  private Tensor gateOf(Tensor z, int k, int n, int h) {
    return slice(z, new int[] {0, k * h}, new int[] {n, (k + 1) * h});
  }

  /**
   * Frees a tensor's device memory now, when the caller knows the tensor is dead (no variable,
   * gradient or other tensor will read it again), instead of waiting for the garbage collector.
   * Using the tensor afterwards fails on devices that free memory. A no-op on the CPU (the
   * default), whose memory the garbage collector manages; tensors of another device are left alone.
   *
   * @param t the dead tensor (its memory is given back; the object stays unusable)
   */
  default void release(Tensor t) {}

  /**
   * Waits until every piece of work queued on this device has finished. Kernels of an asynchronous
   * device return before their work is done (copies back to the host always wait); call this before
   * timing a computation or handing results to code outside Gradgraph. A no-op on the CPU (the
   * default), whose kernels finish before they return.
   */
  default void synchronize() {}
}
