package gradgraph.models.nn;

import gradgraph.core.Variable;
import gradgraph.core.tensor.DType;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Randoms;
import gradgraph.core.tensor.Tensor;
import gradgraph.models.init.Initializer;
import gradgraph.ops.Ops;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A 2-D convolution (the book's {@code Convolution}, through im2col).
 *
 * <ul>
 *   <li>input {@code x}: {@code [N, C, H, W]}
 *   <li>parameters: {@code weight} {@code [FN, C, FH, FW]} (fan-in {@code C·FH·FW}), {@code bias}
 *       {@code [FN]} (zeros; no weight decay)
 *   <li>output: {@code [N, FN, OH, OW]} with {@code OH = (H + 2·pad − FH) / stride + 1}
 * </ul>
 */
public final class Conv2d extends Module {
  private final int inChannels;
  private final int filters;
  private final int kernel;
  private final int stride;
  private final int pad;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates a FLOAT32 layer with square filters.
   *
   * @param inChannels input channels {@code C}
   * @param filters output channels {@code FN}
   * @param kernel filter height and width
   * @param stride the stride
   * @param pad zero padding on each side
   * @param init the weight initializer
   * @param rng the seeded generator (advanced)
   */
  public Conv2d(
      int inChannels,
      int filters,
      int kernel,
      int stride,
      int pad,
      Initializer init,
      RandomGenerator rng) {
    this(inChannels, filters, kernel, stride, pad, init, rng, DType.FLOAT32);
  }

  /**
   * Creates a FLOAT32 layer with square filters, drawing from a JDK generator.
   *
   * @param inChannels input channels {@code C}
   * @param filters output channels {@code FN}
   * @param kernel filter height and width
   * @param stride the stride
   * @param pad zero padding on each side
   * @param init the weight initializer
   * @param rng the seeded JDK generator (advanced), e.g. {@code new SplittableRandom(42)}
   */
  public Conv2d(
      int inChannels,
      int filters,
      int kernel,
      int stride,
      int pad,
      Initializer init,
      java.util.random.RandomGenerator rng) {
    this(inChannels, filters, kernel, stride, pad, init, Randoms.of(rng), DType.FLOAT32);
  }

  /**
   * Creates a layer with square filters.
   *
   * @param inChannels input channels {@code C}
   * @param filters output channels {@code FN}
   * @param kernel filter height and width
   * @param stride the stride
   * @param pad zero padding on each side
   * @param init the weight initializer
   * @param rng the seeded generator (advanced)
   * @param dtype the parameters' element type
   */
  public Conv2d(
      int inChannels,
      int filters,
      int kernel,
      int stride,
      int pad,
      Initializer init,
      RandomGenerator rng,
      DType dtype) {
    Errors.check(
        inChannels > 0 && filters > 0 && kernel > 0 && stride > 0 && pad >= 0,
        "Conv2d",
        "settings",
        "channels, filters, kernel and stride must be > 0 and pad >= 0, got C="
            + inChannels
            + ", FN="
            + filters
            + ", kernel="
            + kernel
            + ", stride="
            + stride
            + ", pad="
            + pad);
    this.inChannels = inChannels;
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.pad = pad;
    int fanIn = inChannels * kernel * kernel;
    this.weight =
        register(
            "weight",
            new Parameter(
                init.draw(rng, dtype, fanIn, filters, inChannels, kernel, kernel), "weight"));
    this.bias = register("bias", new Parameter(Tensor.zeros(dtype, filters), "bias", false));
  }

  @Override
  protected Variable forward(Variable x) {
    if (x.rank() != 4 || x.shape()[1] != inChannels) {
      throw Errors.illegalArgument(
          "Conv2d", "x", "expected [N, " + inChannels + ", H, W], got " + Errors.shape(x.shape()));
    }
    return Ops.conv2d(x, weight, bias, stride, pad);
  }

  /**
   * Returns the filters {@code [FN, C, FH, FW]}.
   *
   * @return the parameter
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * Returns the bias {@code [FN]}.
   *
   * @return the parameter
   */
  public Parameter bias() {
    return bias;
  }

  /**
   * Returns the input channel count {@code C}.
   *
   * @return the channels
   */
  public int inChannels() {
    return inChannels;
  }

  /**
   * Returns the output channel (filter) count {@code FN}.
   *
   * @return the filters
   */
  public int filters() {
    return filters;
  }

  /**
   * Returns the filter height and width {@code FH = FW}.
   *
   * @return the kernel size
   */
  public int kernel() {
    return kernel;
  }

  /**
   * Returns the stride.
   *
   * @return the stride
   */
  public int stride() {
    return stride;
  }

  /**
   * Returns the zero padding on each side.
   *
   * @return the padding
   */
  public int pad() {
    return pad;
  }

  /**
   * Computes the output height or width for an input size.
   *
   * @param size the input height or width
   * @return {@code (size + 2·pad − kernel) / stride + 1}
   */
  public int outputSize(int size) {
    return (size + 2 * pad - kernel) / stride + 1;
  }

  @Override
  protected String describe() {
    return "Conv2d("
        + inChannels
        + " -> "
        + filters
        + ", "
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
