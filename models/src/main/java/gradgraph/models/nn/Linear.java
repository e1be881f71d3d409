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
 * A fully connected layer, the book's {@code Affine}: {@code y = x·W + b}.
 *
 * <ul>
 *   <li>input {@code x}: {@code [N, in]}; a higher-rank input {@code [N, ...]} is flattened to
 *       {@code [N, in]} first, as the book's Affine does after a convolution
 *   <li>parameters: {@code weight} {@code [in, out]} (drawn by the initializer with fan-in {@code
 *       in}), {@code bias} {@code [out]} (zeros; no weight decay)
 *   <li>output {@code y}: {@code [N, out]}
 * </ul>
 */
public final class Linear extends Module {
  private final int in;
  private final int out;
  private final Parameter weight;
  private final Parameter bias;

  /**
   * Creates a FLOAT32 layer.
   *
   * @param in input features
   * @param out output features
   * @param init the weight initializer
   * @param rng the seeded generator to draw from (advanced)
   */
  public Linear(int in, int out, Initializer init, RandomGenerator rng) {
    this(in, out, init, rng, DType.FLOAT32);
  }

  /**
   * Creates a FLOAT32 layer drawing from a JDK generator ({@code new SplittableRandom(42)}).
   *
   * @param in input features
   * @param out output features
   * @param init the weight initializer
   * @param rng the seeded JDK generator to draw from (advanced)
   */
  public Linear(int in, int out, Initializer init, java.util.random.RandomGenerator rng) {
    this(in, out, init, Randoms.of(rng), DType.FLOAT32);
  }

  /**
   * Creates a layer.
   *
   * @param in input features
   * @param out output features
   * @param init the weight initializer
   * @param rng the seeded generator to draw from (advanced)
   * @param dtype the parameters' element type
   */
  public Linear(int in, int out, Initializer init, RandomGenerator rng, DType dtype) {
    Errors.check(in > 0 && out > 0, "Linear", "in/out", "must be > 0, got " + in + ", " + out);
    this.in = in;
    this.out = out;
    this.weight = register("weight", new Parameter(init.draw(rng, dtype, in, in, out), "weight"));
    this.bias = register("bias", new Parameter(Tensor.zeros(dtype, out), "bias", false));
  }

  @Override
  protected Variable forward(Variable x) {
    Variable x2 = x.rank() == 2 ? x : Ops.flatten(x);
    if (x2.rank() != 2 || x2.shape()[1] != in) {
      throw Errors.illegalArgument(
          "Linear",
          "x",
          "expected [N, "
              + in
              + "] (or [N, ...] of "
              + in
              + " per sample), got "
              + Errors.shape(x.shape()));
    }
    return Ops.linear(x2, weight, bias);
  }

  /**
   * Returns the weight {@code [in, out]}.
   *
   * @return the parameter
   */
  public Parameter weight() {
    return weight;
  }

  /**
   * Returns the bias {@code [out]}.
   *
   * @return the parameter
   */
  public Parameter bias() {
    return bias;
  }

  @Override
  protected String describe() {
    return "Linear(" + in + " -> " + out + ")";
  }
}
