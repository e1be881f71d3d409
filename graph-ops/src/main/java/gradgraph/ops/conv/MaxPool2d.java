package gradgraph.ops.conv;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/**
 * Max pooling over {@code (N, C, H, W)} with a square window: output {@code (N, C, OH, OW)}, {@code
 * OH = ⌊(H + 2P − K)/S⌋ + 1} (rounded down, as the book's pooling layer); padded cells never win.
 * The gradient of each window goes to its first maximal element (row-major), through the device's
 * pooling-backward kernel. That routing kernel is not differentiated further: {@link
 * #supportsHigherOrder()} is false and a second backward through it throws.
 */
public final class MaxPool2d extends Op {
  private final int kernel;
  private final int stride;
  private final int pad;

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
    return x[0].device().kernels().maxPool2d(x[0], kernel, kernel, stride, pad);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new Grad(input(0).value(), kernel, stride, pad).apply(gy)};
  }

  @Override
  public boolean supportsHigherOrder() {
    return false;
  }

  @Override
  public String symbol() {
    return "maxPool";
  }

  @Override
  public String attributes() {
    return "kernel=" + kernel + ", stride=" + stride + ", pad=" + pad;
  }

  /** Routes output gradients to each window's maximum; its own backward is not implemented. */
  public static final class Grad extends Op {
    private final Tensor x;
    private final int kernel;
    private final int stride;
    private final int pad;

    /**
     * Creates the op.
     *
     * @param x the pooled input (a constant here)
     * @param kernel window size
     * @param stride the stride
     * @param pad the padding
     */
    public Grad(Tensor x, int kernel, int stride, int pad) {
      this.x = x;
      this.kernel = kernel;
      this.stride = stride;
      this.pad = pad;
    }

    @Override
    protected Tensor forward(Tensor... gy) {
      return x.device().kernels().maxPool2dBackward(x, gy[0], kernel, kernel, stride, pad);
    }

    @Override
    protected Variable[] backward(Variable ggx) {
      throw new UnsupportedOperationException(
          "maxPool2d: second derivatives are not supported (maxPool2d.supportsHigherOrder() is"
              + " false); use avgPool2d, or differentiate maxPool2d once");
    }

    @Override
    public boolean supportsHigherOrder() {
      return false;
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
