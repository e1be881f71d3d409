package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;

/**
 * What max and average pooling share: the window, stride and padding, their checks and their
 * description; a subclass says which pooling op runs.
 *
 * <ul>
 *   <li>input: {@code [N, C, H, W]}
 *   <li>parameters: none
 *   <li>output: {@code [N, C, OH, OW]} with {@code OH = (H + 2·pad − kernel) / stride + 1}
 * </ul>
 */
public abstract class Pool2d extends Module {
  /** The window size. */
  protected final int kernel;

  /** The stride. */
  protected final int stride;

  /** Padding on each side. */
  protected final int pad;

  /**
   * Checks and keeps the settings.
   *
   * @param kernel the window size
   * @param stride the stride
   * @param pad padding on each side
   */
  protected Pool2d(int kernel, int stride, int pad) {
    Errors.check(
        kernel > 0 && stride > 0 && pad >= 0,
        getClass().getSimpleName(),
        "settings",
        "kernel and stride must be > 0 and pad >= 0, got " + kernel + ", " + stride + ", " + pad);
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
  }

  /**
   * Returns the window height and width.
   *
   * @return the window size
   */
  public final int kernel() {
    return kernel;
  }

  /**
   * Returns the stride.
   *
   * @return the stride
   */
  public final int stride() {
    return stride;
  }

  /**
   * Returns the padding on each side.
   *
   * @return the padding
   */
  public final int pad() {
    return pad;
  }

  /**
   * Runs the pooling op.
   *
   * @param x the input {@code [N, C, H, W]}
   * @return the pooled output
   */
  protected abstract Variable pool(Variable x);

  @Override
  protected Variable forward(Variable x) {
    return pool(x);
  }

  @Override
  protected String describe() {
    return getClass().getSimpleName()
        + "("
        + kernel
        + "x"
        + kernel
        + ", stride "
        + stride
        + ", pad "
        + pad
        + ")";
  }
}
