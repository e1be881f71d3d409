package gradgraph.ops.conv;

import gradgraph.core.Grad;
import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.Tensor;

/**
 * The convolution as one op on {@code (x, W)} or {@code (x, W, b)}, run by the device's kernel
 * ({@link gradgraph.core.device.Kernels#conv2d}; on the CPU one image at a time, so the batch's
 * column matrix never exists). {@link Conv2d#apply} checks the shapes and records it. A first-order
 * backward runs the device's fused gradient kernel; a backward that records its own graph
 * (create-graph, for second derivatives) composes {@link Im2col}, {@link MatMul} and {@link
 * Col2im}, whose own backwards are known.
 */
public final class ConvOp extends Op {
  private final int fh;
  private final int fw;
  private final int stride;
  private final int pad;

  /**
   * Creates the op.
   *
   * @param fh filter height
   * @param fw filter width
   * @param stride the stride
   * @param pad zero padding on each side
   */
  public ConvOp(int fh, int fw, int stride, int pad) {
    this.fh = fh;
    this.fw = fw;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Tensor forward(Tensor... x) {
    return x[0].device().kernels().conv2d(x[0], x[1], x.length > 2 ? x[2] : null, stride, pad);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    Variable x = input(0);
    Variable w = input(1);
    boolean bias = inputs().size() > 2;
    boolean needX = needsGrad(0);
    boolean needW = needsGrad(1);
    boolean needB = bias && needsGrad(2);
    if (!Grad.isEnabled()) {
      Tensor[] g =
          x.value()
              .device()
              .kernels()
              .conv2dBackward(x.value(), w.value(), gy.value(), stride, pad, needX, needW, needB);
      Variable gx = g[0] == null ? null : Variable.constant(g[0]);
      Variable gw = g[1] == null ? null : Variable.constant(g[1]);
      return bias
          ? new Variable[] {gx, gw, g[2] == null ? null : Variable.constant(g[2])}
          : new Variable[] {gx, gw};
    }
    int[] ws = w.shape();
    // gy as rows (N·OH·OW, FN), the layout of the book's lowering
    Variable rows = gy.permute(0, 2, 3, 1).reshape(-1, ws[0]);
    Variable gx =
        needX
            ? new Col2im(x.shape(), fh, fw, stride, pad)
                .apply(new MatMul(false, false).apply(rows, w.reshape(ws[0], -1)))
            : null;
    Variable gw =
        needW
            ? new MatMul(true, false)
                .apply(rows, new Im2col(fh, fw, stride, pad).apply(x))
                .reshape(ws)
            : null;
    return bias
        ? new Variable[] {gx, gw, needB ? rows.sum(false, 0) : null}
        : new Variable[] {gx, gw};
  }

  @Override
  public String name() {
    return "conv2d";
  }

  @Override
  public String symbol() {
    return "conv";
  }

  @Override
  public String attributes() {
    return "kernel=" + fh + "x" + fw + ", stride=" + stride + ", pad=" + pad;
  }
}
