package gradgraph.ops.conv;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.ShapeException;
import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in the book and PyTorch): checks the shapes and records
 * one {@link ConvOp}. The device computes it; on the CPU one image at a time, the book's lowering
 * ({@code colₙ = im2col(xₙ)}, {@code (OH·OW, C·FH·FW)}) kept in a cached buffer and multiplied at
 * once as {@code W' · colₙᵀ} starting from the bias, so the output comes out NCHW and the batch's
 * column matrix (45 MB for DeepConvNet's first layers) is never built. Backward of any order: a
 * fused kernel for first order, the composed lowering when the backward is itself recorded.
 *
 * <p>Shapes: {@code x (N, C, H, W)}, {@code W (FN, C, FH, FW)}, {@code b (FN)} or null, output
 * {@code (N, FN, OH, OW)} with {@code OH = (H + 2P − FH)/S + 1}; it must be a whole number.
 */
public final class Conv2d {
  private Conv2d() {}

  /**
   * Applies the convolution.
   *
   * @param x the images {@code (N, C, H, W)}
   * @param w the filters {@code (FN, C, FH, FW)}
   * @param b the bias {@code (FN)}, or null
   * @param stride the stride, at least 1
   * @param pad zero padding on each side, at least 0
   * @return {@code (N, FN, OH, OW)}
   */
  public static Variable apply(Variable x, Variable w, Variable b, int stride, int pad) {
    int[] xs = x.shape();
    int[] ws = w.shape();
    if (ws.length != 4) {
      throw Errors.illegalArgument(
          "conv2d", "W", "must be 4-D (FN, C, FH, FW), got " + Arrays.toString(ws));
    }
    ConvGeometry.outSize("conv2d", xs, ws[2], ws[3], stride, pad, true);
    if (xs[1] != ws[1]) {
      throw ShapeException.of(
          "conv2d", "channels differ: x has " + xs[1] + ", W has " + ws[1], xs, ws);
    }
    if (b != null && !Arrays.equals(b.shape(), new int[] {ws[0]})) {
      throw ShapeException.of("conv2d", "b must be [FN] for W (FN, C, FH, FW)", b.shape(), ws);
    }
    ConvOp op = new ConvOp(ws[2], ws[3], stride, pad);
    return b == null ? op.apply(x, w) : op.apply(x, w, b);
  }
}
