package gradgraph.ops.shape;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Errors;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * A box of elements, {@code x[b0:e0, b1:e1, ...]} in NumPy terms. {@code begin} and {@code end} may
 * be shorter than the rank (the remaining dimensions are taken whole) and negative (counting from
 * the end, as in Python). The backward pads the gradient back with zeros ({@link Pad}).
 */
public final class Slice extends Op {
  private final int[] begin;
  private final int[] end;
  private int[] inShape;
  private int[] from;

  /**
   * Creates the op.
   *
   * @param begin first index per leading dimension, inclusive
   * @param end last index per leading dimension, exclusive
   */
  public Slice(int[] begin, int[] end) {
    this.begin = begin.clone();
    this.end = end.clone();
  }

  /**
   * Resolves negative and missing bounds against a shape and checks them.
   *
   * @param shape the input shape
   * @param begin the requested begins
   * @param end the requested ends
   * @return {@code {begin, end}} with one entry per dimension
   */
  public static int[][] resolve(int[] shape, int[] begin, int[] end) {
    if (begin.length != end.length || begin.length > shape.length) {
      throw Errors.illegalArgument(
          "slice",
          "begin/end",
          "begin "
              + Arrays.toString(begin)
              + " and end "
              + Arrays.toString(end)
              + " need the same length, at most the rank of "
              + Arrays.toString(shape));
    }
    int[] b = new int[shape.length];
    int[] e = shape.clone();
    for (int i = 0; i < begin.length; i++) {
      b[i] = begin[i] < 0 ? begin[i] + shape[i] : begin[i];
      e[i] = end[i] < 0 ? end[i] + shape[i] : end[i];
      if (b[i] < 0 || e[i] > shape[i] || b[i] > e[i]) {
        throw Errors.illegalArgument(
            "slice",
            "begin/end",
            "range "
                + begin[i]
                + ":"
                + end[i]
                + " is out of bounds for dimension "
                + i
                + " of "
                + Arrays.toString(shape));
      }
    }
    return new int[][] {b, e};
  }

  @Override
  protected Tensor forward(Tensor... x) {
    inShape = x[0].shape();
    int[][] r = resolve(inShape, begin, end);
    from = r[0];
    return x[0].device().kernels().slice(x[0], r[0], r[1]);
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new Pad(inShape, from).apply(gy)};
  }

  @Override
  public String symbol() {
    return "slice";
  }

  @Override
  public String attributes() {
    return "begin=" + Arrays.toString(begin) + ", end=" + Arrays.toString(end);
  }
}
