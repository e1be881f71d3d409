package gradgraph.ops.conv;

import gradgraph.core.Variable;
import gradgraph.core.ops.MatMul;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.ShapeException;
import java.util.Arrays;

/**
 * 2-D convolution (cross-correlation, as in the book and PyTorch) composed the book's way, so its
 * backward (of any order) comes from its parts: {@code col = im2col(x)} {@code (N·OH·OW, C·FH·FW)}
 * and {@code W' = W} reshaped to {@code (FN, C·FH·FW)}. For output planes of at least 64 pixels,
 * {@code y = W' · colₙᵀ} per image ({@code col} viewed as {@code (N, OH·OW, C·FH·FW)}, a batched
 * transposed product, no copy) is already {@code (N, FN, OH·OW)}, with {@code b} as {@code (FN, 1)}
 * the start of each product (one kernel, {@link MatMul} with an addend); for smaller planes, {@code
 * y = col · W'ᵀ + b} for the whole batch, reshaped to {@code (N, OH, OW, FN)} and permuted to
 * {@code (N, FN, OH, OW)}.
 *
 * <p>Shapes: {@code x (N, C, H, W)}, {@code W (FN, C, FH, FW)}, {@code b (FN)} or null, output
 * {@code (N, FN, OH, OW)} with {@code OH = (H + 2P − FH)/S + 1}; it must be a whole number.
 */
public final class Conv2d {
  /**
   * From this many output pixels per image on, the product runs per image in NCHW order (faster
   * when the planes are large: measured 2–4× on SimpleConvNet's first layer); below it, one product
   * for the batch and a permute (faster for 7×7 planes).
   */
  static final int PLANE_MAJOR_MIN = 64;

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
    int[] o = ConvGeometry.outSize("conv2d", xs, ws[2], ws[3], stride, pad, true);
    if (xs[1] != ws[1]) {
      throw ShapeException.of(
          "conv2d", "channels differ: x has " + xs[1] + ", W has " + ws[1], xs, ws);
    }
    if (b != null && !Arrays.equals(b.shape(), new int[] {ws[0]})) {
      throw ShapeException.of("conv2d", "b must be [FN] for W (FN, C, FH, FW)", b.shape(), ws);
    }
    Variable col = new Im2col(ws[2], ws[3], stride, pad).apply(x);
    int plane = o[0] * o[1];
    if (plane >= PLANE_MAJOR_MIN) {
      // one product per image, W' · colₙᵀ = (FN, OH·OW): the output comes out in NCHW order, with
      // no permute forward or back (W' is broadcast over the batch; the engine sums its gradient)
      Variable wm = w.reshape(ws[0], -1);
      Variable cols = col.reshape(xs[0], plane, -1);
      MatMul mm = new MatMul(false, true);
      Variable y = b == null ? mm.apply(wm, cols) : mm.apply(wm, cols, b.reshape(ws[0], 1));
      return y.reshape(xs[0], ws[0], o[0], o[1]);
    }
    // small planes: one product for the whole batch, then a permute
    Variable wm = w.reshape(ws[0], -1);
    MatMul mm = new MatMul(false, true);
    Variable y = b == null ? mm.apply(col, wm) : mm.apply(col, wm, b);
    return y.reshape(xs[0], o[0], o[1], ws[0]).permute(0, 3, 1, 2);
  }
}
