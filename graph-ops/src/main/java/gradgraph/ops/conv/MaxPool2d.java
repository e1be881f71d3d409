package gradgraph.ops.conv;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.device.Kernels;
import gradgraph.core.device.Pooled;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Tensor;
import gradgraph.ops.shape.IndexSelect;

/**
 * Max pooling over {@code (N, C, H, W)} with a square window: output {@code (N, C, OH, OW)}, {@code
 * OH = ⌊(H + 2P − K)/S⌋ + 1} (rounded down, as the book's pooling layer); padded cells never win.
 * The gradient of each window goes to its first maximal element (row-major), through the device's
 * pooling-backward kernel ({@link Grad}); that routing is linear in the gradient and its own
 * backward picks from each window's maximum, so derivatives of any order work. With grad mode on,
 * the forward asks the device to record each window's winner ({@link Kernels#maxPool2dRecording}),
 * so the backward need not search the windows again.
 */
public final class MaxPool2d extends Op {
  private final int kernel;
  private final int stride;
  private final int pad;
  private Pooled pooled;

  /**
   * Creates the op.
   *
   * @param kernel window height and width
   * @param stride the stride
   * @param pad padding on each side
   */
  public MaxPool2d(int kernel, int stride, int pad) {
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    ConvGeometry.outSize("maxPool2d", x[0].shape(), kernel, kernel, stride, pad, false);
    Kernels k = x[0].device().kernels();
    if (!gradgraph.core.Grad.isEnabled()) {
      return k.maxPool2d(x[0], kernel, kernel, stride, pad);
    }
    pooled = k.maxPool2dRecording(x[0], kernel, kernel, stride, pad);
    return pooled.output();
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new Grad(input(0).value(), kernel, stride, pad, pooled).apply(gy)};
  }

  @Override
  protected void onRelease() {
    pooled = null;
  }

  @Override
  public String symbol() {
    return "maxPool";
  }

  @Override
  public String attributes() {
    return "kernel=" + kernel + ", stride=" + stride + ", pad=" + pad;
  }

  /** Routes output gradients to each window's first maximum (the pooling-backward kernel). */
  public static final class Grad extends Op {
    private final Tensor x;
    private final int kernel;
    private final int stride;
    private final int pad;
    private final Pooled pooled;

    /**
     * Creates the op.
     *
     * @param x the pooled input (a constant here)
     * @param kernel window size
     * @param stride the stride
     * @param pad the padding
     */
    public Grad(Tensor x, int kernel, int stride, int pad) {
      this(x, kernel, stride, pad, null);
    }

    /**
     * Creates the op with the winners the forward recorded.
     *
     * @param x the pooled input (a constant here)
     * @param kernel window size
     * @param stride the stride
     * @param pad the padding
     * @param pooled what {@link Kernels#maxPool2dRecording} returned for {@code x}, or null
     */
    public Grad(Tensor x, int kernel, int stride, int pad, Pooled pooled) {
      this.x = x;
      this.kernel = kernel;
      this.stride = stride;
      this.pad = pad;
      this.pooled = pooled;
    }

    @Override
    protected Tensor forward(Tensor... gy) {
      Kernels k = x.device().kernels();
      return pooled == null
          ? k.maxPool2dBackward(x, gy[0], kernel, kernel, stride, pad)
          : k.maxPool2dBackward(x, gy[0], kernel, kernel, stride, pad, pooled);
    }

    /**
     * The adjoint of routing: each window's output takes {@code ggx} at the window's first maximum.
     * Composed of {@link Im2col} and {@link IndexSelect} (both linear and differentiable), so
     * derivatives of any order work; the maxima are found on {@code im2col(x)}, with padded cells
     * pushed to {@code −Double.MAX_VALUE} so they never win, scanning each window row-major with
     * the first maximum winning, as the pooling kernels do.
     */
    @Override
    protected Variable[] backward(Variable ggx) {
      int[] s = x.shape();
      int[] o = ConvGeometry.outSize("maxPool2d", s, kernel, kernel, stride, pad, false);
      Kernels k = x.device().kernels();
      Tensor col = k.im2col(x.to(DType.FLOAT64), kernel, kernel, stride, pad);
      Tensor real =
          k.im2col(Tensor.ones(DType.FLOAT64, s).to(x.device()), kernel, kernel, stride, pad);
      Tensor scores = col.add(real.add(-1.0).mul(Double.MAX_VALUE));
      int kk = kernel * kernel;
      int windows = s[0] * o[0] * o[1] * s[1];
      int[] arg = scores.reshape(windows, kk).argMax(1);
      int[] flat = new int[windows];
      for (int i = 0; i < windows; i++) {
        flat[i] = i * kk + arg[i];
      }
      Variable cols = new Im2col(kernel, kernel, stride, pad).apply(ggx).reshape(windows * kk);
      Variable picked = new IndexSelect(0, flat).apply(cols);
      return new Variable[] {picked.reshape(s[0], o[0], o[1], s[1]).permute(0, 3, 1, 2)};
    }

    @Override
    public String name() {
      return "maxPool2dGrad";
    }

    @Override
    public String symbol() {
      return "maxPoolGrad";
    }
  }
}
