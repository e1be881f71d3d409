package gradgraph.models.nn;

import gradgraph.core.Variable;
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
public final class MaxPool2d extends Pool2d {
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
    super(kernel, stride, pad);
  }

  @Override
  protected Variable pool(Variable x) {
    return Ops.maxPool2d(x, kernel, stride, pad);
  }
}
