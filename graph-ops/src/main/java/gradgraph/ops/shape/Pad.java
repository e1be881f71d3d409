package gradgraph.ops.shape;

import gradgraph.core.Op;
import gradgraph.core.Variable;
import gradgraph.core.tensor.Tensor;
import java.util.Arrays;

/**
 * Writes a box into a zero tensor of a larger shape (the adjoint of {@link Slice}); its backward
 * slices the box back out.
 */
public final class Pad extends Op {
  private final int[] shape;
  private final int[] begin;
  private int[] end;

  /**
   * Creates the op.
   *
   * @param shape the full output shape
   * @param begin where the box starts, one entry per dimension
   */
  public Pad(int[] shape, int[] begin) {
    this.shape = shape.clone();
    this.begin = begin.clone();
  }

  @Override
  protected Tensor forward(Tensor... x) {
    int[] s = x[0].shape();
    end = new int[s.length];
    for (int i = 0; i < s.length; i++) {
      end[i] = begin[i] + s[i];
    }
    return x[0].device().kernels().pad(x[0], shape.clone(), begin.clone());
  }

  @Override
  protected Variable[] backward(Variable gy) {
    return new Variable[] {new Slice(begin, end).apply(gy)};
  }

  @Override
  public String symbol() {
    return "pad";
  }

  @Override
  public String attributes() {
    return "shape=" + Arrays.toString(shape) + ", begin=" + Arrays.toString(begin);
  }
}
