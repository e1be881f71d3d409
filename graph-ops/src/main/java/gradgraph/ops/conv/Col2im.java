package gradgraph.ops.conv;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Folds rows back into images, adding overlapping entries (the adjoint of {@link Im2col}): {@code
 * col (N·OH·OW, C·FH·FW)} gives {@code (N, C, H, W)}. Its backward is {@link Im2col}.
 */
public final class Col2im extends Op {
  private final int[] xShape;
  private final int fh;
  private final int fw;
  private final int stride;
  private final int pad;

  /**
   * Creates the op.
   *
   * @param xShape the image shape {@code (N, C, H, W)}
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding on each side
   */
  public Col2im(int[] xShape, int fh, int fw, int stride, int pad) {
    this.xShape = xShape.clone();
    this.fh = fh;
    this.fw = fw;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    int[] o = ConvGeometry.outSize("col2im", xShape, fh, fw, stride, pad, false);
    int rows = xShape[0] * o[0] * o[1];
    int cols = xShape[1] * fh * fw;
    if (!x[0].hasShape(rows, cols)) {
      throw Errors.illegalArgument(
          "col2im",
          "col",
          "must be "
              + Arrays.toString(new int[] {rows, cols})
              + " for images "
              + Arrays.toString(xShape)
              + ", got "
              + Arrays.toString(x[0].shape()));
    }
    return x[0].device().kernels().col2im(x[0], xShape.clone(), fh, fw, stride, pad);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new Im2col(fh, fw, stride, pad).apply(gy)};
  }

  @Override
  public String symbol() {
    return "col2im";
  }

  @Override
  public String attributes() {
    return "filter=" + fh + "x" + fw + ", stride=" + stride + ", pad=" + pad;
  }
}
