package gradgraph.ops.conv;

import gradgraph.core.tensor.Errors;
import java.util.Arrays;

/** Shape checks shared by convolution and pooling. */
public final class ConvGeometry {
  private ConvGeometry() {}

  /**
   * Checks an NCHW input and window settings and returns the output height and width.
   *
   * @param op the op name for messages
   * @param shape the input shape, which must be 4-D
   * @param kh window height
   * @param kw window width
   * @param stride the stride, at least 1
   * @param pad the padding, at least 0
   * @param exact whether {@code (H + 2P − K)} must be a multiple of the stride (convolution) rather
   *     than rounded down (pooling, as the book's {@code int(1 + (H − PH) / S)})
   * @return {@code {OH, OW}}
   */
  public static int[] outSize(
      String op, int[] shape, int kh, int kw, int stride, int pad, boolean exact) {
    if (shape.length != 4) {
      throw Errors.illegalArgument(
          op, "x", "must be 4-D (N, C, H, W), got " + Arrays.toString(shape));
    }
    Errors.check(stride >= 1, op, "stride", "must be >= 1, got " + stride);
    Errors.check(pad >= 0, op, "pad", "must be >= 0, got " + pad);
    Errors.check(kh >= 1 && kw >= 1, op, "kernel", "must be >= 1, got " + kh + "x" + kw);
    int[] out = new int[2];
    int[] k = {kh, kw};
    String[] names = {"H", "W"};
    for (int i = 0; i < 2; i++) {
      int span = shape[2 + i] + 2 * pad - k[i];
      if (span < 0) {
        throw Errors.illegalArgument(
            op,
            "x",
            "window "
                + kh
                + "x"
                + kw
                + " does not fit "
                + names[i]
                + "="
                + shape[2 + i]
                + " with pad "
                + pad
                + " (x is "
                + Arrays.toString(shape)
                + ")");
      }
      if (exact && span % stride != 0) {
        throw Errors.illegalArgument(
            op,
            "stride",
            "output size ("
                + names[i]
                + " + 2P − F)/S + 1 = ("
                + shape[2 + i]
                + " + 2·"
                + pad
                + " − "
                + k[i]
                + ")/"
                + stride
                + " + 1 is not a whole number (x is "
                + Arrays.toString(shape)
                + ")");
      }
      out[i] = span / stride + 1;
    }
    return out;
  }
}
