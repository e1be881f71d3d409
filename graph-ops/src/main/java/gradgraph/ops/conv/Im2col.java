package gradgraph.ops.conv;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;

/**
 * Unfolds image patches into rows (the book's im2col): {@code x (N, C, H, W)} gives {@code col
 * (N·OH·OW, C·FH·FW)}, row {@code (n, oy, ox)}, column {@code (c, ky, kx)}, zero padding. It is
 * linear; its backward is {@link Col2im} and vice versa.
 */
public final class Im2col extends Op {
  private final int fh;
  private final int fw;
  private final int stride;
  private final int pad;
  private int[] xShape;

  /**
   * Creates the op.
   *
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding on each side
   */
  public Im2col(int fh, int fw, int stride, int pad) {
    this.fh = fh;
    this.fw = fw;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    xShape = x[0].shape();
    ConvGeometry.outSize("im2col", xShape, fh, fw, stride, pad, false);
    return x[0].device().kernels().im2col(x[0], fh, fw, stride, pad);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new Col2im(xShape, fh, fw, stride, pad).apply(gy)};
  }

  @Override
  public String symbol() {
    return "im2col";
  }

  @Override
  public String attributes() {
    return "filter=" + fh + "x" + fw + ", stride=" + stride + ", pad=" + pad;
  }
}
