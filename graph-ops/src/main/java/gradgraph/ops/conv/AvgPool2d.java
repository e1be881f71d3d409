package gradgraph.ops.conv;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/**
 * Average pooling over {@code (N, C, H, W)} with a square window: output {@code (N, C, OH, OW)},
 * {@code OH = ⌊(H + 2P − K)/S⌋ + 1}; padded cells count as zeros (divisor always {@code K²},
 * PyTorch's default). It is linear: its backward is {@link Grad}, whose backward is average pooling
 * again, so derivatives of any order work.
 */
public final class AvgPool2d extends Op {
  private final int kernel;
  private final int stride;
  private final int pad;
  private int[] xShape;

  /**
   * Creates the op.
   *
   * @param kernel window height and width
   * @param stride the stride
   * @param pad padding on each side
   */
  public AvgPool2d(int kernel, int stride, int pad) {
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    xShape = x[0].shape();
    ConvGeometry.outSize("avgPool2d", xShape, kernel, kernel, stride, pad, false);
    return x[0].device().kernels().avgPool2d(x[0], kernel, kernel, stride, pad);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new Grad(xShape, kernel, stride, pad).apply(gy)};
  }

  @Override
  public String symbol() {
    return "avgPool";
  }

  @Override
  public String attributes() {
    return "kernel=" + kernel + ", stride=" + stride + ", pad=" + pad;
  }

  /** The adjoint of average pooling: spreads each output gradient evenly over its window. */
  public static final class Grad extends Op {
    private final int[] xShape;
    private final int kernel;
    private final int stride;
    private final int pad;

    /**
     * Creates the op.
     *
     * @param xShape the pooled input's shape
     * @param kernel window size
     * @param stride the stride
     * @param pad the padding
     */
    public Grad(int[] xShape, int kernel, int stride, int pad) {
      this.xShape = xShape.clone();
      this.kernel = kernel;
      this.stride = stride;
      this.pad = pad;
    }

    @Override
    protected Tensor forward(Tensor... gy) {
      return gy[0]
          .device()
          .kernels()
          .avgPool2dBackward(gy[0], xShape.clone(), kernel, kernel, stride, pad);
    }

    @Override
    protected Variable[] backward(Variable ggx) {
      return new Variable[] {new AvgPool2d(kernel, stride, pad).apply(ggx)};
    }

    @Override
    public String name() {
      return "avgPool2dGrad";
    }

    @Override
    public String symbol() {
      return "avgPoolGrad";
    }
  }
}
