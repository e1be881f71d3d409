package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.ops.Ops;

/**
 * Max pooling (the book's {@code Pooling}).
 *
 * <ul>
 *   <li>input: {@code [N, C, H, W]}
 *   <li>parameters: none
 *   <li>output: {@code [N, C, OH, OW]} with {@code OH = (H + 2·pad − kernel) / stride + 1}
 * </ul>
 */
public final class MaxPool2d extends Module {
  private final int kernel;
  private final int stride;
  private final int pad;

  /**
   * Creates a layer whose stride equals its window (the book's 2×2, stride 2).
   *
   * @param kernel the window size
   */
  public MaxPool2d(int kernel) {
    this(kernel, kernel, 0);
  }

  /**
   * Creates a layer.
   *
   * @param kernel the window size
   * @param stride the stride
   * @param pad padding on each side (padded cells never win)
   */
  public MaxPool2d(int kernel, int stride, int pad) {
    Errors.check(
        kernel > 0 && stride > 0 && pad >= 0,
        "MaxPool2d",
        "settings",
        "kernel and stride must be > 0 and pad >= 0, got " + kernel + ", " + stride + ", " + pad);
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
  }

  @Override
  protected Variable forward(Variable x) {
    return Ops.maxPool2d(x, kernel, stride, pad);
  }

  @Override
  protected String describe() {
    return "MaxPool2d(" + kernel + "x" + kernel + ", stride " + stride + ", pad " + pad + ")";
  }
}
